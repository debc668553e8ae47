"""Serving stored images safely: only real image bytes, typed by their content, never cached."""

from __future__ import annotations

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def sniff_image_type(data: bytes) -> str | None:
    """The image media type from the file's first bytes, or None when it is not an image
    we serve (SVG is never served: it can carry script)."""
    for signature, media_type in _SIGNATURES:
        if data.startswith(signature):
            return media_type
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


IMAGE_HEADERS = {
    # Evidence images must not linger in browser or proxy caches.
    "Cache-Control": "no-store, private",
    "X-Content-Type-Options": "nosniff",
    "Content-Disposition": "inline",
}
