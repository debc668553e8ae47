"""Synthetic pictures and WARC records for the review world: coloured shapes, nothing else,
blurred the way the crawler stores thumbnails."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFilter
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storage.config import AppConfig


def placeholder_image(seed: int, size: tuple[int, int] = (320, 240)) -> Image.Image:
    """Coloured shapes, nothing else: stands in for a scraped image."""
    image = Image.new("RGB", size, (40 + seed * 30 % 200, 90, 160))
    draw = ImageDraw.Draw(image)
    draw.ellipse((60, 40, 200, 200), fill=(230, 180 - seed * 20 % 120, 90))
    draw.rectangle((180, 120, 300, 220), fill=(20, 140, 90))
    draw.text((20, 10), f"SAMPLE {seed}", fill=(255, 255, 255))
    return image


def blurred_jpeg(image: Image.Image) -> bytes:
    small = image.copy()
    small.thumbnail((160, 160))
    out = io.BytesIO()
    small.filter(ImageFilter.GaussianBlur(10)).save(out, "JPEG", quality=70)
    return out.getvalue()


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def blurred_screenshot(seed: int) -> bytes:
    page = Image.new("RGB", (640, 900), (250, 250, 250))
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, 0, 640, 60), fill=(50, 60, 90))
    for row in range(6):
        draw.rectangle(
            (30, 90 + row * 130, 230, 200 + row * 130), fill=(120 + seed * 10 % 100, 90, 140)
        )
        draw.rectangle((250, 100 + row * 130, 600, 115 + row * 130), fill=(80, 80, 80))
    return png_bytes(page.filter(ImageFilter.GaussianBlur(8)))


def warc_record(cfg: AppConfig, url: str, body: bytes) -> tuple[str, int, int]:
    cfg.warc_dir.mkdir(parents=True, exist_ok=True)
    name = "fixture-00001.warc.gz"
    path = cfg.warc_dir / name
    with path.open("ab") as handle:
        offset = handle.tell()
        writer = WARCWriter(handle, gzip=True, warc_version="WARC/1.1")
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(record)
        length = handle.tell() - offset
    return name, offset, length
