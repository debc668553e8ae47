"""Reasons grouped by family, for people: each family once, each word once, and where.

A detection stores one reason per match, so the same word said in five posts, or written
once in full-width and once in half-width, is many reasons. A reader wants the kinds of
evidence (a family's plain label, how many different words) and under each the distinct
words with the places they were found ("2 posts", "profile text"). This module does that
grouping once for every renderer (docs/architecture.md, "Detection contract"); the words
for places and labels in a language are the renderer's.

Families merge by how they are shown, so aliases (``name``, ``watchlist`` and ``person``)
form one group. Families the table gives no plain label go into one group with no display
(``FamilyGroup.display is None``), so no internal family name reaches a reader. Reasons
without matched words (the detector's own arithmetic: probabilities, thresholds) are left
out: a reader cannot check them against the page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from storage.findings.families import FamilyDisplay, FamilyTable, plain_display
from storage.findings.reasons import Reason, as_reasons

_SPACES = re.compile(r"\s+")

# One judged subject: where its reasons were found when they name no part ("profile" for
# an account's judgement, "post" for a post's), and its reasons.
Subject = tuple[str, Iterable[Reason | Mapping[str, Any]]]


def word_key(words: str) -> str:
    """What makes two matched words the same word to a reader: width (ＡＩ, ｱｲｺﾗ), case and
    runs of blanks do not count."""
    folded = unicodedata.normalize("NFKC", words).casefold()
    return _SPACES.sub(" ", folded).strip()


@dataclass(frozen=True, slots=True)
class Place:
    """A kind of place a word was found in and in how many of them: ``Place("post", 2)``.
    ``kind`` is a part kind (``bio``, ``plan``, ``post``, ``display_name``, ``title``,
    ``text``) or a subject's default place (``profile``, ``post``)."""

    kind: str
    count: int = 1


@dataclass(slots=True)
class FoundWords:
    """One distinct word (as first seen) and the places it was found."""

    words: str
    places: list[Place] = field(default_factory=list)

    @property
    def spread(self) -> int:
        return sum(place.count for place in self.places)


@dataclass(slots=True)
class FamilyGroup:
    """One family's distinct words; ``display`` is None for families without a plain label."""

    display: FamilyDisplay | None
    words: list[FoundWords] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many different words of this family were found."""
        return len(self.words)

    @property
    def against(self) -> bool:
        return self.display is not None and self.display.against


def _rank(display: FamilyDisplay | None, count: int) -> tuple[int, int]:
    if display is None:
        return (3, -count)
    if display.shown_first:
        return (0, -count)
    return (2 if display.against else 1, -count)


def _subject_places(
    subjects: Iterable[Subject], table: FamilyTable
) -> dict[FamilyDisplay | None, dict[str, tuple[str, dict[str, set[tuple[int, str]]]]]]:
    """display -> word key -> (words as first seen, place kind -> subjects it was found in).

    Places count subjects, not matches: a word said twice in one post is one post; an
    account's judgement names its parts ("post[0]", "plan[1]") and each part counts once."""
    found: dict[FamilyDisplay | None, dict[str, tuple[str, dict[str, set[tuple[int, str]]]]]] = {}
    for index, (default_place, reasons) in enumerate(subjects):
        for reason in as_reasons(reasons):
            if not reason.matched.strip():
                continue
            by_word = found.setdefault(plain_display(reason.family, table), {})
            _, places = by_word.setdefault(word_key(reason.matched), (reason.matched.strip(), {}))
            kind = reason.part.kind if reason.part is not None else default_place
            subject = str(reason.part) if reason.part is not None else default_place
            places.setdefault(kind, set()).add((index, subject))
    return found


def group_reasons(subjects: Iterable[Subject], table: FamilyTable) -> list[FamilyGroup]:
    """Reasons by family: who is targeted and minors first, then the other evidence by how
    many different words it has, then counter-evidence, then words of unlabelled families.
    Within a family the most widespread words come first."""
    groups = []
    for display, by_word in _subject_places(subjects, table).items():
        words = [
            FoundWords(shown, [Place(kind, len(seen)) for kind, seen in places.items()])
            for shown, places in by_word.values()
        ]
        words.sort(key=lambda w: -w.spread)
        groups.append(FamilyGroup(display, words))
    groups.sort(key=lambda group: _rank(group.display, group.count))
    return groups


def family_counts(
    reasons: Iterable[Reason | Mapping[str, Any]], table: FamilyTable
) -> list[tuple[FamilyDisplay | None, int]]:
    """How many different words each family has, in ``group_reasons``' order, without the
    places: all a queue row shows, for fifty rows a page, straight from the stored form."""
    words: dict[FamilyDisplay | None, set[str]] = {}
    for reason in reasons:
        if isinstance(reason, Reason):
            family, matched = reason.family, reason.matched
        elif isinstance(reason, Mapping):
            family, matched = str(reason.get("family") or ""), str(reason.get("matched") or "")
        else:
            continue
        if matched.strip():
            words.setdefault(plain_display(family, table), set()).add(word_key(matched))
    counted = [(display, len(found)) for display, found in words.items()]
    counted.sort(key=lambda pair: _rank(*pair))
    return counted
