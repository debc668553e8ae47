"""report.pdf renders (Japanese text included) and a page turns into a real image."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from .conftest import Exported


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
def test_pdf_report_renders_with_japanese_text(exported: Exported, tmp_path: Path) -> None:
    with zipfile.ZipFile(exported.path) as zf:
        pdf = zf.read("report/report.pdf")
    assert pdf.startswith(b"%PDF-")
    (tmp_path / "report.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "2", "-l", "2", "report.pdf", "page"],
        cwd=tmp_path,
        check=True,
        timeout=120,
    )
    page = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    # Mostly white paper with a fair amount of ink: text and table rules were drawn.
    ink = sum(page.histogram()[:128]) / (page.width * page.height)
    assert 0.005 < ink < 0.5, ink
    assert ImageStat.Stat(page).mean[0] > 180
    text = subprocess.run(
        ["pdftotext", "-layout", "report.pdf", "-"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert "Evidence summary for police" in text
    assert "deepseller" in text and "リクエストプラン" in text and "山田花子" in text
    assert "2026-01-15 23:30:05 JST" in text
    assert "<script>alert" in text  # shown as text, never run


def test_pdf_lists_a_bounded_number_of_captures(tmp_path: Path) -> None:
    from storage.export.report import PDF_CAPTURE_LIMIT

    from .conftest import build_case, export_case

    case = build_case(tmp_path / "data", extra_pages=PDF_CAPTURE_LIMIT + 5)
    exported = export_case(case, tmp_path / "big.wacz")
    with zipfile.ZipFile(exported.path) as zf:
        html = zf.read("report/report.html").decode()
        pdf = zf.read("report/report.pdf")
    (tmp_path / "r.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "r.pdf", "-"], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout
    assert f"first {PDF_CAPTURE_LIMIT} captures" in text
    assert f"page={PDF_CAPTURE_LIMIT + 4}" in html  # the HTML report lists every capture
