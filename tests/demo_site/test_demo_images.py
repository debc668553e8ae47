"""Placeholder images decode with Pillow, are deterministic, and the broken one does not decode."""

from __future__ import annotations

import io

import pytest
from PIL import Image, UnidentifiedImageError

from crawler.demo_site import DemoSite


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("/fanclub/media/posts/200009/1.jpg", "JPEG"),
        ("/fanclub/media/avatars/10000.png", "PNG"),
        ("/social/media/1900000000011-1.png", "PNG"),
        ("/market/img/items/880002/1.jpg", "JPEG"),
    ],
)
def test_placeholders_decode(site: DemoSite, fetch, path: str, fmt: str) -> None:
    first = fetch(site.base_url + path)
    assert first.headers["Content-Type"] == f"image/{fmt.lower()}"
    image = Image.open(io.BytesIO(first.body))
    image.load()
    assert image.format == fmt and image.width >= 96
    assert fetch(site.base_url + path).body == first.body


def test_broken_image_does_not_decode(site: DemoSite, fetch) -> None:
    page = fetch(site.base_url + "/fanclub/posts/201102").text
    assert "/fanclub/media/posts/201102/2.jpg" in page
    broken = fetch(site.base_url + "/fanclub/media/posts/201102/2.jpg")
    assert broken.status == 200 and broken.headers["Content-Type"] == "image/jpeg"
    with pytest.raises((UnidentifiedImageError, OSError)):
        Image.open(io.BytesIO(broken.body)).load()


def test_unknown_media_is_404(site: DemoSite, fetch) -> None:
    assert fetch(site.base_url + "/fanclub/media/posts/200009/9.jpg").status == 404
