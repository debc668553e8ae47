"""A Japanese name's romaji written backwards inside any text, English included:
"esarihs enotok fake nudes", "Tier 2: 'igumust abanataw' collection".

reversed_names.py reads a whole text backwards only where it says to or where the romaji
sits in Japanese, because a second matcher pass over every English post costs too much.
This is the cheap half for the rest: in the lower-case romaji runs reversed_names.py finds
anyway, each pair of adjacent words (and each long word, a name run together) is looked up
in a table of full names written backwards, family and given in either order, in Hepburn
with and without long vowels. The table is filled at the first text with such a run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import jaconv

from crawler.detect.name_hits import add_hit_at
from crawler.detect.name_matcher import NameHit
from crawler.detect.normalize import NormalizedText
from crawler.detect.reversed_names import REVERSED_MARK
from crawler.detect.romaji import kana_to_hepburn
from crawler.detect.watchlist import WatchlistEntry

_SEPARATORS = re.compile(r"[\s・･·=＝]+")
_WORD = re.compile(r"[a-z]+")
_MIN_NAME = 8  # letters of a full name: shorter ones meet English words reversed
_LONG_VOWELS = (("ou", "o"), ("oo", "o"), ("uu", "u"), ("aa", "a"), ("ii", "i"), ("ee", "e"))


def _without_long_vowels(romaji: str) -> str:
    for long, short in _LONG_VOWELS:
        romaji = romaji.replace(long, short)
    return romaji


def _reversed_names(entry: WatchlistEntry) -> set[str]:
    kana = [p for p in _SEPARATORS.split(entry.kana) if p]
    if len(kana) != 2:
        return set()
    family, given = (kana_to_hepburn(jaconv.kata2hira(p)) for p in kana)
    if not family or not given:
        return set()
    names = set()
    for f, g in ((family, given), (_without_long_vowels(family), _without_long_vowels(given))):
        names |= {(f + g)[::-1], (g + f)[::-1]}
    return {n for n in names if len(n) >= _MIN_NAME}


class ReversedRomajiIndex:
    def __init__(self, entries: Iterable[WatchlistEntry]) -> None:
        self._entries = list(entries)
        self._people: dict[str, str | None] | None = None

    def _index(self) -> dict[str, str | None]:
        people: dict[str, str | None] = {}
        for entry in self._entries:
            for name in _reversed_names(entry):
                people[name] = entry.id if people.get(name, entry.id) == entry.id else None
        self._people = people
        return people

    def find(self, norm: NormalizedText, runs: list[re.Match[str]]) -> list[NameHit]:
        """``runs``: the text's lower-case romaji runs (reversed_names.romaji_runs)."""
        if not runs:
            return []
        people = self._people if self._people is not None else self._index()
        found: list[NameHit] = []
        for run in runs:
            words = [(m.start(), m.end()) for m in _WORD.finditer(norm.original, *run.span())]
            for i, (start, end) in enumerate(words):
                if end - start >= _MIN_NAME:
                    self._look_up(norm, found, people, start, end)
                if i + 1 < len(words):
                    self._look_up(norm, found, people, start, words[i + 1][1])
        return found

    def _look_up(
        self,
        norm: NormalizedText,
        found: list[NameHit],
        people: dict[str, str | None],
        start: int,
        end: int,
    ) -> None:
        person = people.get(norm.original[start:end].replace(" ", ""))
        if person:
            add_hit_at(norm, found, person, REVERSED_MARK, start, end)
