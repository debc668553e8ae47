"""Read prices as sellers write them: ¥1,000/月, 月額500円, ５００円, $12.50, 1.5k円, +¥1,000."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

_YEN = re.compile(
    r"(?:[¥￥]\s*([\d,]+(?:\.\d+)?)|([\d,]+(?:\.\d+)?)\s*(?:円|yen|JPY))", re.IGNORECASE
)
_DOLLAR = re.compile(
    r"(?:US)?\$\s*([\d,]+(?:\.\d{1,2})?)|([\d,]+(?:\.\d{1,2})?)\s*(?:USD|dollars?)", re.IGNORECASE
)
_EURO = re.compile(r"€\s*([\d.,]+)|([\d.,]+)\s*(?:€|EUR)")
_MAN = re.compile(r"([\d.]+)\s*万\s*円")


def parse_price(text: str | None) -> tuple[Decimal | None, str | None]:
    """(amount, ISO currency) for the first price in the text, or (None, None)."""
    if not text:
        return None, None
    folded = unicodedata.normalize("NFKC", text)
    # Shift_JIS puts the yen sign at 0x5C, so pages decoded as cp932 show "\\4,000".
    folded = re.sub(r"\\(?=\s*\d)", "¥", folded)
    match = _MAN.search(folded)
    if match:
        amount = _decimal(match.group(1))
        return (amount * 10000 if amount is not None else None), "JPY"
    for pattern, currency in ((_YEN, "JPY"), (_DOLLAR, "USD"), (_EURO, "EUR")):
        match = pattern.search(folded)
        if match:
            raw = next(g for g in match.groups() if g)
            return _decimal(raw), currency
    return None, None


def _decimal(raw: str) -> Decimal | None:
    try:
        return Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None
