"""Marking the detector's matches in scraped text, escaping everything else."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape

from storage.findings import reason_spans


def match_spans(
    text: str, reasons: Iterable[dict[str, Any]], part: str | None
) -> list[tuple[int, int]]:
    """Where the reasons matched in `text`: their offsets when they still fit, else by search."""
    spans = [(start, end) for start, end, _family in reason_spans(text, reasons, part)]
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
