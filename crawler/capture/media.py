"""Hash media in memory (SHA-256 + PDQ) and keep at most a heavily blurred thumbnail.

The original bytes never touch the disk here: docs/architecture.md ("Safety") forbids keeping explicit
images in the clear by default.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

import numpy as np
import pdqhash
from PIL import Image, ImageFilter, ImageOps

THUMB_MAX_PX = 320
# PDQ costs ~0.75 ms at 256 px and ~120 ms at 2048 px (docs/architecture.md, "Capture"): hash a downscaled copy.
PDQ_INPUT_PX = 512
# Refuse decompression bombs well before Pillow's own (warning-only) threshold.
MAX_PIXELS = 40_000_000


class MediaError(Exception):
    """The bytes are not an image we can hash (broken, truncated, or too large)."""


@dataclass(frozen=True)
class MediaHashes:
    sha256: str
    size: int
    pdq: str | None
    pdq_quality: int | None
    width: int
    height: int
    format: str | None


def _open(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise MediaError(f"image too large to process ({image.width}x{image.height})")
            image.load()
    except MediaError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise MediaError(f"image too large to process: {exc}") from None
    except Exception as exc:
        raise MediaError(f"not a readable image: {type(exc).__name__}: {exc}") from None
    return image


def hash_media(data: bytes) -> tuple[MediaHashes, Image.Image]:
    """Hashes of an image, plus the decoded image for an optional thumbnail."""
    sha = hashlib.sha256(data).hexdigest()
    image = _open(data)
    source_format = image.format
    image = ImageOps.exif_transpose(image) or image
    rgb = image.convert("RGB")
    small = rgb.copy()
    small.thumbnail((PDQ_INPUT_PX, PDQ_INPUT_PX))
    vector, quality = pdqhash.compute(np.asarray(small))
    bits = np.packbits(vector.astype(np.uint8))
    return (
        MediaHashes(
            sha256=sha,
            size=len(data),
            pdq=bits.tobytes().hex(),
            pdq_quality=int(quality),
            width=image.width,
            height=image.height,
            format=source_format,
        ),
        rgb,
    )


def blurred_thumbnail(image: Image.Image, max_px: int = THUMB_MAX_PX) -> bytes:
    """A small, heavily blurred JPEG: enough to recognise a layout, not a body or a face."""
    thumb = image.convert("RGB")
    thumb.thumbnail((max_px, max_px))
    # Pixelate first (destroys detail that a Gaussian alone could let through), then blur.
    w, h = thumb.size
    tiny = thumb.resize((max(1, w // 16), max(1, h // 16)), Image.Resampling.BILINEAR)
    thumb = tiny.resize((w, h), Image.Resampling.BILINEAR).filter(
        ImageFilter.GaussianBlur(radius=max(4, w // 20))
    )
    out = io.BytesIO()
    thumb.save(out, format="JPEG", quality=60)
    return out.getvalue()
