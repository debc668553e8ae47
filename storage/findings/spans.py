"""Where a detection's reasons sit in a text, and the text marked up with them.

One overlap policy for every page that shows scraped text with its matches (the review app
and the exported report): overlapping or touching matches become one mark, which names
every family found in it, so no character is marked twice and no word is cut in two.
Scraped text is hostile: the result's only markup is the caller's own mark tags; every
piece of scraped text goes through markupsafe.escape.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from storage.findings.reasons import PartRef, Reason, as_reasons

# A search needle longer than this is a note, not matched words (decision reasons).
MAX_NEEDLE_CHARS = 200


@dataclass(frozen=True, slots=True)
class Span:
    """Characters ``start:end`` of a text matched the reasons of ``families`` (in order)."""

    start: int
    end: int
    families: tuple[str, ...]


def _same_part(reason: Reason, part: PartRef | None) -> bool:
    return part is None or reason.part is None or reason.part == part


def reason_spans(
    text: str,
    reasons: Iterable[Reason | Mapping[str, Any]],
    part: PartRef | str | None = None,
) -> list[tuple[int, int, str]]:
    """(start, end, family) for every reason: its own offsets when they still point at the
    matched words in this very text, else every case-insensitive occurrence of the words
    (offsets computed on another text, e.g. an account's combined parts, may not fit)."""
    where = PartRef.parse(part) if isinstance(part, str) else part
    spans: list[tuple[int, int, str]] = []
    lowered = text.lower()
    for reason in as_reasons(reasons):
        start, end, matched = reason.start, reason.end, reason.matched
        if (
            _same_part(reason, where)
            and start is not None
            and end is not None
            and 0 <= start < end <= len(text)
            and (not matched or text[start:end] == matched)
        ):
            spans.append((start, end, reason.family))
            continue
        for needle in {matched, reason.term}:
            if not needle.strip() or len(needle) > MAX_NEEDLE_CHARS:
                continue
            position = lowered.find(needle.lower())
            while position != -1:
                spans.append((position, position + len(needle), reason.family))
                position = lowered.find(needle.lower(), position + len(needle))
    return spans


def merged_spans(
    text: str,
    reasons: Iterable[Reason | Mapping[str, Any]],
    part: PartRef | str | None = None,
) -> list[Span]:
    """The marks to draw: overlapping or touching matches merged, left to right."""
    merged: list[Span] = []
    for start, end, family in sorted(reason_spans(text, reasons, part)):
        if merged and start <= merged[-1].end:
            last = merged[-1]
            families = last.families if family in last.families else (*last.families, family)
            merged[-1] = Span(last.start, max(end, last.end), families)
        else:
            merged.append(Span(start, end, (family,)))
    return merged


# Renders one mark: the scraped words it covers (not yet escaped) and their families.
MarkRenderer = Callable[[str, tuple[str, ...]], Markup]


def plain_mark(words: str, families: tuple[str, ...]) -> Markup:
    return Markup('<mark class="match">') + escape(words) + Markup("</mark>")


def highlight(
    text: str | None,
    reasons: Iterable[Reason | Mapping[str, Any]],
    part: PartRef | str | None = None,
    *,
    mark: MarkRenderer = plain_mark,
) -> Markup:
    """Escaped ``text`` with every match drawn by ``mark``."""
    if not text:
        return Markup("")
    out: list[Markup] = []
    cursor = 0
    for span in merged_spans(text, reasons, part):
        out.append(escape(text[cursor : span.start]))
        out.append(mark(text[span.start : span.end], span.families))
        cursor = span.end
    out.append(escape(text[cursor:]))
    return Markup("").join(out)
