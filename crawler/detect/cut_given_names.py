"""A given name cut short, with the family name's initial: "Cami N.", "Xime C.", "Tam H.",
"Maë G." for Camila Nogueira, Ximena Cárdenas, Tamsin Holloway-Greer, Maëlys Garnier.

Fans shorten a Western given name and sellers keep only the family name's initial, so an
exact filter sees neither name. A cut name and a letter match many people, so the form
names someone only

* in a text about what mimamori watches (the detector asks only then),
* when the cut keeps at least half of a given name of five letters or more (Cami of
  Camila, not Ana of Anastasia, a name of its own),
* with the family initial written as one, a capital and a dot,
* and when exactly one watched person fits both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from crawler.detect.name_hits import NameHit, add_hit_at
from crawler.detect.normalize import NormalizedText, fold_latin_word
from crawler.detect.watchlist import WatchlistEntry

CUT_GIVEN_MARK = "#"  # as for initials: the pattern says a letter stood for a name

_LATIN_WORD = re.compile("[A-Za-z\u00c0-\u024f'-]+")
_SHORTEST_GIVEN = 5
_SHORTEST_CUT = 3
# A capitalised word, then the family initial: a capital and a dot, not a word's start.
_CUT_AND_INITIAL = re.compile(
    "(?<![A-Za-z\u00c0-\u024f])([A-Z\u00c0-\u00de][a-z\u00df-\u00ff]{2,})\\s+([A-Z])\\.(?![A-Za-z])"
)


def _cuts(entry: WatchlistEntry) -> set[tuple[str, str]]:
    """(cut given name, family initial) for the name and its aliases of two words or more."""
    found: set[tuple[str, str]] = set()
    for written in (entry.name, *entry.aliases):
        words = written.split()
        if len(words) < 2 or not all(_LATIN_WORD.fullmatch(w) for w in words):
            continue
        given, initial = fold_latin_word(words[0]), fold_latin_word(words[1])[:1]
        if len(given) < _SHORTEST_GIVEN or not initial:
            continue
        for length in range(max(_SHORTEST_CUT, (len(given) + 1) // 2), len(given)):
            found.add((given[:length], initial))
    return found


class CutGivenNames:
    def __init__(self, entries: Iterable[WatchlistEntry]) -> None:
        self._entries = list(entries)
        self._table: dict[tuple[str, str], set[str]] | None = None

    def _index(self) -> dict[tuple[str, str], set[str]]:
        table: dict[tuple[str, str], set[str]] = {}
        for entry in self._entries:
            for cut in _cuts(entry):
                table.setdefault(cut, set()).add(entry.id)
        self._table = table
        return table

    def find(self, norm: NormalizedText) -> list[NameHit]:
        found: list[NameHit] = []
        for match in _CUT_AND_INITIAL.finditer(norm.original):
            table = self._table if self._table is not None else self._index()
            people = table.get((fold_latin_word(match.group(1)), match.group(2).lower()))
            if people and len(people) == 1:
                add_hit_at(norm, found, next(iter(people)), CUT_GIVEN_MARK, *match.span())
        return found
