"""Exhibits as the printed report shows them: a full-page screenshot (1280 px wide and often
several thousand tall) cut into page-sized parts at print resolution, so it is read at full
width over a few pages instead of squeezed into a sliver on one.

Only the PDF's copy is cut and scaled; the bundle carries every screenshot as captured
(screenshots/<sha256>.png), which is the exhibit a recipient checks the hash of.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from PIL import Image

# Print width in pixels (~150 dpi over the A4 text width) and the tallest part, as a
# multiple of the width, that still fits a page under its caption.
PRINT_WIDTH = 1100
PART_RATIO = 1.2
# A screenshot taller than this many parts is printed up to there, and the report says so.
MAX_PARTS = 4
_PART_PATH = re.compile(r"print/([0-9a-f]{64})-(\d+)\.jpg")


def part_path(sha256: str, index: int) -> str:
    return f"print/{sha256}-{index}.jpg"


class PrintedExhibits:
    """Cuts screenshots for the PDF; `picture` reads a screenshot's bytes by its sha256."""

    def __init__(self, picture: Callable[[str], bytes | None]) -> None:
        self._picture = picture
        self._sizes: dict[str, tuple[int, int]] = {}
        self._cut: tuple[str, list[bytes]] | None = None  # the last screenshot's parts

    def _size(self, sha256: str) -> tuple[int, int]:
        if sha256 not in self._sizes:
            data = self._picture(sha256) or b""
            with Image.open(io.BytesIO(data)) as image:  # reads the header only
                self._sizes[sha256] = image.size
        return self._sizes[sha256]

    def part_count(self, sha256: str) -> tuple[int, bool]:
        """(parts printed, whether the screenshot goes on beyond them)."""
        width, height = self._size(sha256)
        printed_width = min(width, PRINT_WIDTH)
        printed_height = round(height * printed_width / max(width, 1))
        step = max(1, int(printed_width * PART_RATIO))
        needed = max(1, -(-printed_height // step))
        return min(needed, MAX_PARTS), needed > MAX_PARTS

    def fetch(self, path: str) -> bytes | None:
        """The JPEG of one printed part, for the PDF's fetcher; None for any other path."""
        match = _PART_PATH.fullmatch(path)
        if match is None:
            return None
        sha256, index = match.group(1), int(match.group(2))
        if self._cut is None or self._cut[0] != sha256:
            # WeasyPrint asks for an exhibit's parts one after another: keep one cut.
            self._cut = (sha256, self._parts(sha256))
        parts = self._cut[1]
        return parts[index] if index < len(parts) else None

    def _parts(self, sha256: str) -> list[bytes]:
        data = self._picture(sha256)
        if data is None:
            return []
        with Image.open(io.BytesIO(data)) as image:
            picture = image.convert("RGB")
        if picture.width > PRINT_WIDTH:
            height = round(picture.height * PRINT_WIDTH / picture.width)  # as part_count
            picture = picture.resize((PRINT_WIDTH, height), Image.Resampling.BILINEAR)
        step = int(picture.width * PART_RATIO)
        out = []
        for top in range(0, min(picture.height, step * MAX_PARTS), step):
            buffer = io.BytesIO()
            picture.crop((0, top, picture.width, min(top + step, picture.height))).save(
                buffer, "JPEG", quality=85
            )
            out.append(buffer.getvalue())
        return out
