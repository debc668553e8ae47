"""Mark the words that made the detector flag a text, escaping everything else.

Finding the matches, the overlap policy and the escaping are storage.findings' (one way for
the review app and the exported report); this module draws the review app's marks and
summaries, with family labels from the detector's family registry (the signal files,
crawler/detect/families.py). Scraped text is hostile: the only markup in the result is our
own <mark> tags, and every piece of scraped text between them is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from crawler.detect.families import shipped_display_table
from storage.findings import (
    FamilyTable,
    PartRef,
    Reason,
    as_reasons,
)
from storage.findings import family_label as _label_in
from storage.findings import highlight as mark_matches
from storage.findings import shown_first as _shown_first_in

_CSS_SAFE = re.compile(r"[^a-z0-9_-]")


def _families() -> FamilyTable:
    return shipped_display_table()


def family_label(family: str | None) -> str:
    return _label_in(family, _families())


def family_class(family: str | None) -> str:
    key = (family or "other").lower()
    return "hl-" + (_CSS_SAFE.sub("", key)[:30] or "other")


def _review_mark(words: str, families: tuple[str, ...]) -> Markup:
    labels = ", ".join(dict.fromkeys(family_label(f) for f in families))
    return Markup('<mark class="hl {}" title="{}">{}</mark>').format(
        family_class(families[0]), labels, words
    )


def highlight(
    text: str | None,
    reasons: Iterable[Reason | Mapping[str, Any]],
    part: PartRef | str | None = None,
) -> Markup:
    """Escaped `text` with the matched words wrapped in <mark>."""
    return mark_matches(text, reasons, part, mark=_review_mark)


@dataclass
class ReasonSummary:
    family: str
    matched: str
    places: list[str]


def summarize_reasons(
    groups: Iterable[tuple[str, Iterable[Reason | Mapping[str, Any]]]],
) -> list[ReasonSummary]:
    """One line per (family, matched words), with where they were found and in how many.

    Each group is one judged subject (the account, one post) with its default place
    ("profile", "post") and its reasons. Places count subjects, not matches: a word said
    twice in one post is "post", not "2 posts"; the account's reasons name each of its
    parts ("post[0]", "plan[1]"), and each part counts once.
    """
    found: dict[tuple[str, str], dict[str, set[tuple[int, str]]]] = {}
    for group, (default, reasons) in enumerate(groups):
        for reason in as_reasons(reasons):
            key = (reason.family, reason.matched or reason.term)
            places = found.setdefault(key, {})
            # The detector names posts "post[3]"; a reviewer only needs "post".
            place = reason.part.place if reason.part is not None else default
            subject = str(reason.part) if reason.part is not None else default
            places.setdefault(place, set()).add((group, subject))
    summaries = []
    for (family, matched), places in found.items():
        shown = [
            f"{len(subjects)} {place}s" if len(subjects) > 1 else place
            for place, subjects in places.items()
        ]
        summaries.append(ReasonSummary(family=family, matched=matched, places=shown))
    # People first (who is targeted), then by how widespread the words are.
    table = _families()
    summaries.sort(key=lambda s: (not _shown_first_in(s.family, table), -len(s.places)))
    return summaries
