"""CSV cells a spreadsheet would run as a formula are neutralised (OWASP "CSV Injection"),
including the full-width signs Japanese input methods type and signs after leading blanks."""

from __future__ import annotations

import csv
import io

import pytest

from storage.export.csv_cells import safe_cell
from storage.export.records import csv_text

FORMULAS = [
    '=HYPERLINK("http://evil")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    '\uff1dHYPERLINK("http://evil")',  # ＝
    "\uff0b1+1",  # ＋
    "\uff0d1+1",  # －
    "\uff20SUM(A1)",  # ＠
    " =1+1",
    "\t=1+1",
    "\r\n=1+1",
    "\u3000\uff1d1+1",  # ideographic space, then ＝
    "  \t @SUM(1)",
    "\tplain after a tab",
    "\rplain after a carriage return",
]


@pytest.mark.parametrize("cell", FORMULAS)
def test_a_cell_that_could_start_a_formula_is_quoted(cell: str) -> None:
    assert safe_cell(cell) == "'" + cell


@pytest.mark.parametrize(
    "cell", ["ok", "山田花子 に酷似", "a=b", "メール＠例", "price 1,000", " leading space only", ""]
)
def test_ordinary_text_is_unchanged(cell: str) -> None:
    assert safe_cell(cell) == cell


def test_full_width_and_spaced_formulas_survive_a_round_trip_as_text() -> None:
    text = csv_text(
        [{"a": '\uff1dHYPERLINK("http://evil")', "b": "  +1", "c": None}], ["a", "b", "c"]
    )
    row = next(csv.DictReader(io.StringIO(text)))
    assert row == {"a": '\'\uff1dHYPERLINK("http://evil")', "b": "'  +1", "c": ""}
