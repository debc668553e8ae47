"""Spreadsheet-safe CSV cells (the OWASP "CSV Injection" guidance).

Scraped text is hostile: a cell a spreadsheet would read as a formula ("=HYPERLINK(...)")
is prefixed with an apostrophe, so it shows as text. Spreadsheets skip leading blanks and
read the full-width forms Japanese input methods type (＝＋－＠, and the small forms) as the
ASCII ones, so those start a formula too.
"""

from __future__ import annotations

import json
import re
from typing import Any

_FORMULA_SIGNS = "=+-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63"
# Blanks a spreadsheet may skip before the sign: spaces, tabs, line breaks, the ideographic space.
_BLANKS = " \t\r\n\u3000\u00a0"
_FORMULA_START = re.compile(f"^[{re.escape(_BLANKS)}]*[{re.escape(_FORMULA_SIGNS)}]|^[\t\r]")


def starts_formula(text: str) -> bool:
    """True when a spreadsheet could take `text` for a formula."""
    return _FORMULA_START.match(text) is not None


def safe_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    return "'" + text if starts_formula(text) else text
