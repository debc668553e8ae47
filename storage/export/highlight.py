"""Marking the detector's matches in scraped text, escaping everything else."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape


def match_spans(
    text: str, reasons: Iterable[dict[str, Any]], part: str | None
) -> list[tuple[int, int]]:
    """Where the reasons matched in `text`: their offsets when they still fit, else by search."""
    spans: list[tuple[int, int]] = []
    for reason in reasons:
        if not isinstance(reason, dict):
            continue
        matched = str(reason.get("matched") or reason.get("term") or "")
        start, end = reason.get("start"), reason.get("end")
        same_part = part is None or reason.get("part") in (None, part)
        if (
            same_part
            and isinstance(start, int)
            and isinstance(end, int)
            and 0 <= start < end <= len(text)
            and (not matched or text[start:end] == matched)
        ):
            spans.append((start, end))
            continue
        if not matched:
            continue
        # Offsets may be into normalised text; fall back to every literal occurrence.
        found = text.find(matched)
        while found != -1:
            spans.append((found, found + len(matched)))
            found = text.find(matched, found + len(matched))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(
    text: str | None, reasons: Iterable[dict[str, Any]], part: str | None = None
) -> Markup:
    if not text:
        return Markup("")
    out = []
    cursor = 0
    for start, end in match_spans(text, list(reasons), part):
        out.append(escape(text[cursor:start]))
        out.append(Markup('<mark class="match">') + escape(text[start:end]) + Markup("</mark>"))
        cursor = end
    out.append(escape(text[cursor:]))
    return Markup("").join(out)
