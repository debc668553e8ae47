"""Read prices as sellers write them: ¥1,000/月, 月額500円, ５００円, $12.50, 1.5k円, 3万円,
1,000〜2,000円, €9,99, +¥1,000.

One pass over the text finds every written price and the first one wins. Every number
must start where a number starts (not inside a longer run of digits) and is bounded in
length, so a hostile page with thousands of digits costs linear time, not quadratic.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

# A number as prices are written: digits with thousands commas, an optional decimal part.
_NUM = r"(?<![\d.,])\d[\d,]{0,15}(?:\.\d{1,4})?"
# Euro prices also use the comma as decimal point and the dot for thousands (1.234,56).
_EURO_NUM = r"(?<![\d.,])(?:\d{1,3}(?:[.,]\d{3})+|\d{1,12})(?:[.,]\d{1,2})?(?![\d.,]*\d)"
_RANGE_TAIL = r"(?:\s*[〜~\-–]\s*" + _NUM + r")?"

_PRICE = re.compile(
    "|".join(
        (
            rf"(?P<man>{_NUM})\s*万\s*円",
            rf"(?P<kilo>{_NUM})\s*k\s*(?:円|yen)",
            rf"[¥￥]\s*(?P<yen_sign>{_NUM})",
            rf"(?P<yen>{_NUM}){_RANGE_TAIL}\s*(?:円|yen|JPY)",
            rf"(?:US)?\$\s*(?P<usd_sign>{_NUM})",
            rf"(?P<usd>{_NUM}){_RANGE_TAIL}\s*(?:USD|dollars?)",
            rf"€\s*(?P<eur_sign>{_EURO_NUM})",
            rf"(?P<eur>{_EURO_NUM})\s*(?:€|EUR)",
        )
    ),
    re.IGNORECASE,
)
_CURRENCY = {
    "man": "JPY",
    "kilo": "JPY",
    "yen_sign": "JPY",
    "yen": "JPY",
    "usd_sign": "USD",
    "usd": "USD",
    "eur_sign": "EUR",
    "eur": "EUR",
}
_FACTOR = {"man": Decimal(10000), "kilo": Decimal(1000)}


def parse_price(text: str | None) -> tuple[Decimal | None, str | None]:
    """(amount, ISO currency) for the first price in the text, or (None, None)."""
    if not text:
        return None, None
    folded = unicodedata.normalize("NFKC", text)
    # Shift_JIS puts the yen sign at 0x5C, so pages decoded as cp932 show "\\4,000".
    folded = re.sub(r"\\(?=\s*\d)", "¥", folded)
    match = _PRICE.search(folded)
    if match is None or match.lastgroup is None:
        return None, None
    kind = match.lastgroup
    raw = match.group(kind)
    amount = _euro_decimal(raw) if kind.startswith("eur") else _decimal(raw)
    if amount is not None and kind in _FACTOR:
        amount *= _FACTOR[kind]
    return amount, _CURRENCY[kind]


def _decimal(raw: str) -> Decimal | None:
    try:
        return Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None


def _euro_decimal(raw: str) -> Decimal | None:
    """1.234,56 and 1,234.56 alike: the last separator followed by one or two digits is
    the decimal point, every other separator groups thousands."""
    raw = raw.rstrip(".,")
    last = max(raw.rfind(","), raw.rfind("."))
    if last != -1 and 1 <= len(raw) - last - 1 <= 2:
        whole, fraction = raw[:last], raw[last + 1 :]
        return _decimal(re.sub(r"[.,]", "", whole) + "." + fraction)
    return _decimal(re.sub(r"[.,]", "", raw))
