"""The printed report's layout: tall screenshots cut into readable parts, nothing wider than
the page, and no table header left alone at the foot of a page."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from storage.export.print_exhibits import MAX_PARTS, PRINT_WIDTH, PrintedExhibits, part_path
from storage.models import Account

from .conftest import build_case, export_case

SHA = "a" * 64
# The header rows of the report's tables, as pdftotext prints their first cell (the
# English-only report's headers too, so the check reads either).
TABLE_HEADERS = ("記録 / Capture", "プラン / Plan", "日時 / When", "Capture ", "Plan ", "When (UTC")


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (90, 120, 200)).save(out, "PNG")
    return out.getvalue()


def test_a_tall_screenshot_prints_full_width_in_parts() -> None:
    printed = PrintedExhibits(lambda sha: _png(1280, 4000) if sha == SHA else None)
    assert printed.part_count(SHA) == (3, False)
    parts = [printed.fetch(part_path(SHA, i)) for i in range(3)]
    sizes = [Image.open(io.BytesIO(p)).size for p in parts if p]
    assert [w for w, _ in sizes] == [PRINT_WIDTH] * 3
    assert sum(h for _, h in sizes) == round(4000 * PRINT_WIDTH / 1280)
    assert printed.fetch(part_path(SHA, 3)) is None
    assert printed.fetch("screenshots/x.png") is None  # only printed parts are served


def test_a_very_long_page_prints_its_top_and_says_so() -> None:
    printed = PrintedExhibits(lambda sha: _png(1280, 30000))
    assert printed.part_count(SHA) == (MAX_PARTS, True)
    small = PrintedExhibits(lambda sha: _png(400, 300))
    assert small.part_count(SHA) == (1, False)
    only = small.fetch(part_path(SHA, 0))
    assert only is not None and Image.open(io.BytesIO(only)).size == (400, 300)


def _page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", pdf.name, "-"],
        cwd=pdf.parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def _check_layout(pdf: Path) -> None:
    for number, page in enumerate(_page_texts(pdf), 1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        body = lines[:-1]  # the last line is the page number
        assert not any(body[-1].startswith(h) for h in TABLE_HEADERS), (pdf.name, number, body[-3:])
    subprocess.run(["pdftoppm", "-r", "30", "-png", pdf.name, pdf.stem], cwd=pdf.parent, check=True)
    for png in sorted(pdf.parent.glob(f"{pdf.stem}-*.png")):
        page = Image.open(png).convert("L")
        # The right margin (14 mm of 210) holds no ink: nothing ran past the text width.
        strip = page.crop((page.width - page.width * 10 // 210, 0, page.width, page.height))
        assert strip.getextrema()[0] > 200, png.name


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
def test_pages_keep_within_width_and_headers_with_their_rows(tmp_path: Path) -> None:
    case = build_case(tmp_path / "data")
    # Longer and shorter profile texts move every table up and down the pages; with these
    # lengths the report without break rules left a header alone at a page's foot.
    for lines in (3, 27, 30, 36):
        with case.db.session() as s:
            account = s.get(Account, case.account_ids[0])
            assert account is not None
            account.bio = "\n".join(["山田花子 に酷似 AI美女 サブスク"] * lines)
            s.commit()
        exported = export_case(case, tmp_path / f"r{lines}.wacz")
        pdf = tmp_path / f"r{lines}.pdf"
        with zipfile.ZipFile(exported.path) as zf:
            pdf.write_bytes(zf.read("report/report.pdf"))
        _check_layout(pdf)


@pytest.mark.parametrize("width", [1366, 390])
def test_html_report_fits_the_screen(tmp_path: Path, width: int) -> None:
    from crawler.provenance import CHROMIUM_PATH

    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM_PATH).exists():
        pytest.skip("system chromium not installed")
    case = build_case(tmp_path / "data")
    exported = export_case(case, tmp_path / "r.wacz", pdf=False)
    with zipfile.ZipFile(exported.path) as zf:
        zf.extractall(tmp_path / "bundle")
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM_PATH, headless=True)
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto((tmp_path / "bundle" / "report" / "report.html").as_uri())
        shown = page.evaluate("document.querySelector('figure.exhibit img').naturalWidth")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        browser.close()
    assert shown > 0  # the exhibit's screenshot loaded beside the report
    assert scroll <= width
