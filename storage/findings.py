"""Where a detection's reasons sit in a text, for highlighting (review app and exported reports)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def reason_spans(
    text: str, reasons: Iterable[dict[str, Any]], part: str | None = None
) -> list[tuple[int, int, str]]:
    """(start, end, family) for every reason: its own offsets when they still point at the
    matched words in this very text, else every case-insensitive occurrence of the words
    (offsets computed on another text, e.g. an account's combined parts, may not fit)."""
    spans: list[tuple[int, int, str]] = []
    lowered = text.lower()
    for reason in reasons:
        if not isinstance(reason, dict):
            continue
        family = str(reason.get("family") or "other")
        matched = reason.get("matched")
        start, end = reason.get("start"), reason.get("end")
        same_part = part is None or reason.get("part") in (None, part)
        if (
            same_part
            and isinstance(start, int)
            and isinstance(end, int)
            and 0 <= start < end <= len(text)
            and (not matched or text[start:end] == matched)
        ):
            spans.append((start, end, family))
            continue
        for needle in {str(reason.get(k) or "") for k in ("matched", "term")}:
            if not needle.strip() or len(needle) > 200:
                continue
            position = lowered.find(needle.lower())
            while position != -1:
                spans.append((position, position + len(needle), family))
                position = lowered.find(needle.lower(), position + len(needle))
    return spans
