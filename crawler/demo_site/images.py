"""Synthetic, non-explicit placeholder images for the demo world.

Every picture is a gradient with a few shapes and a "SAMPLE" label, derived only from its
path, so the same URL always returns the same bytes (stable hashes across crawls).
"""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

SIZE = (320, 240)
AVATAR_SIZE = (96, 96)

# Not an image at all, though served as image/jpeg: decoders must fail on it.
BROKEN_IMAGE_BYTES = (
    b"\xff\xd8\xff\xe0 this is not really a JPEG, the upload was cut short \x00\x13\x37" * 4
)


@lru_cache(maxsize=512)
def render_placeholder(key: str, fmt: str) -> bytes:
    """Encode the placeholder for `key` as "jpeg" or "png"."""
    return _encode(_draw(key), fmt)


@lru_cache(maxsize=64)
def render_variant(drawing: str, fmt: str, variant: str) -> bytes:
    """The placeholder drawn for `drawing`, changed as a re-upload changes a picture: each
    `+`-joined step of `variant` is "scale:F" (resize by F), "crop:N" (cut N px off every
    edge) or "quality:Q" (JPEG quality Q). Same drawing, different bytes, PDQ hashes a few
    bits apart: what linking by images must still match."""
    image = _draw(drawing)
    quality = 80
    for step in filter(None, variant.split("+")):
        name, _, value = step.partition(":")
        if name == "scale":
            factor = float(value)
            image = image.resize((round(image.width * factor), round(image.height * factor)))
        elif name == "crop":
            n = int(value)
            image = image.crop((n, n, image.width - n, image.height - n))
        elif name == "quality":
            quality = int(value)
        else:
            raise ValueError(f"unknown image variant step {step!r}")
    return _encode(image, fmt, quality)


def _draw(key: str) -> Image.Image:
    seed = hashlib.sha256(key.encode("utf-8")).digest()
    size = AVATAR_SIZE if "avatar" in key or "/sellers/" in key else SIZE
    image = _gradient(size, seed[0:3], seed[3:6])
    draw = ImageDraw.Draw(image)
    for i in range(3):
        b = seed[6 + i * 5 : 11 + i * 5]
        x0, y0 = b[0] % size[0], b[1] % size[1]
        radius = 10 + b[2] % (size[1] // 3)
        colour = (b[3], b[4], (b[3] + b[4]) % 256)
        if b[2] % 2:
            draw.ellipse((x0 - radius, y0 - radius, x0 + radius, y0 + radius), fill=colour)
        else:
            draw.rectangle((x0, y0, x0 + radius * 2, y0 + radius), fill=colour)
    font = ImageFont.load_default(size=max(12, size[1] // 6))
    draw.text((size[0] // 2, size[1] // 2), "SAMPLE", fill=(255, 255, 255), anchor="mm", font=font,
              stroke_width=2, stroke_fill=(0, 0, 0))  # fmt: skip
    small = ImageFont.load_default(size=10)
    draw.text((4, size[1] - 14), key[-40:], fill=(255, 255, 255), font=small)
    return image


def _encode(image: Image.Image, fmt: str, quality: int = 80) -> bytes:
    buffer = io.BytesIO()
    if fmt == "png":
        image.save(buffer, "PNG", optimize=False)
    else:
        image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def _gradient(size: tuple[int, int], start: bytes, end: bytes) -> Image.Image:
    _width, height = size
    column = Image.new("RGB", (1, height))
    for y in range(height):
        t = y / max(1, height - 1)
        column.putpixel((0, y), tuple(int(start[c] * (1 - t) + end[c] * t) for c in range(3)))
    return column.resize(size)
