"""Mark the words that made the detector flag a text, escaping everything else.

Scraped text is hostile: the only markup in the result is our own <mark> tags,
and every piece of scraped text between them goes through markupsafe.escape.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from storage.findings import reason_spans

# Reason families the detector reports, in words a volunteer understands.
FAMILY_LABELS = {
    "person": "Named person",
    "name": "Named person",
    "watchlist": "Named person",
    "synthetic": "AI / fake image words",
    "ai": "AI / fake image words",
    "deepfake": "AI / fake image words",
    "sexual": "Sexual words",
    "explicit": "Sexual words",
    "commerce": "Selling words",
    "sale": "Selling words",
    "price": "Selling words",
    "request": "Takes paid requests",
    "minor": "May involve a minor",
    "real_person": "Says it shows real people",
    "lookalike": "“Lookalike” claim",
    "evasion": "Hidden or disguised words",
    "learned": "Phrases the learned model weighs",
    "decision": "How the detector decided",
}
_CSS_SAFE = re.compile(r"[^a-z0-9_-]")


def family_label(family: str | None) -> str:
    return FAMILY_LABELS.get((family or "").lower(), family or "other")


def family_class(family: str | None) -> str:
    key = (family or "other").lower()
    return "hl-" + (_CSS_SAFE.sub("", key)[:30] or "other")


def _spans(
    text: str, reasons: Iterable[dict[str, Any]], part: str | None
) -> list[tuple[int, int, str]]:
    return reason_spans(text, reasons, part)


def highlight(
    text: str | None, reasons: Iterable[dict[str, Any]], part: str | None = None
) -> Markup:
    """Escaped `text` with the matched words wrapped in <mark>."""
    if not text:
        return Markup("")
    spans = sorted(_spans(text, reasons, part))
    pieces: list[str] = []
    cursor = 0
    for start, end, family in spans:
        if start < cursor:
            # Overlapping matches: the earlier (longer-running) one already covers this.
            if end <= cursor:
                continue
            start = cursor
        pieces.append(str(escape(text[cursor:start])))
        label = escape(family_label(family))
        pieces.append(
            f'<mark class="hl {family_class(family)}" title="{label}">{escape(text[start:end])}</mark>'
        )
        cursor = end
    pieces.append(str(escape(text[cursor:])))
    return Markup("".join(pieces))


@dataclass
class ReasonSummary:
    family: str
    matched: str
    places: list[str]


def _place(part: Any, default: str) -> str:
    part = str(part or default)
    # The detector names posts "post[3]"; a reviewer only needs "post".
    return "post" if part.startswith("post") else part.replace("_", " ")


def summarize_reasons(
    groups: Iterable[tuple[str, Iterable[dict[str, Any]]]],
) -> list[ReasonSummary]:
    """One line per (family, matched words), with where they were found and how often.

    `groups` pairs a default place ("profile", "post") with that subject's reasons.
    """
    found: dict[tuple[str, str], dict[str, int]] = {}
    for default, reasons in groups:
        for reason in reasons:
            if not isinstance(reason, dict):
                continue
            key = (
                str(reason.get("family") or "other"),
                str(reason.get("matched") or reason.get("term") or ""),
            )
            places = found.setdefault(key, {})
            place = _place(reason.get("part"), default)
            places[place] = places.get(place, 0) + 1
    summaries = []
    for (family, matched), places in found.items():
        shown = [f"{count} {place}s" if count > 1 else place for place, count in places.items()]
        summaries.append(ReasonSummary(family=family, matched=matched, places=shown))
    # People first (who is targeted), then by how widespread the words are.
    summaries.sort(
        key=lambda s: (
            s.family not in ("person", "name", "watchlist", "minor", "real_person"),
            -len(s.places),
        )
    )
    return summaries
