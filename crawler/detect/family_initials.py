"""A family name with the given name's initial: 篠宮R, 齋藤S（朝アナ）, 橘C, and for a name
written given-name first, the initial before the family name in katakana: M.リーヴ.

Sellers keep the family name, which fans recognise, and cut the given name to its initial,
which an exact filter does not. A family name is shared by many people, so the form names
someone only when exactly one watched person has that family name and that initial, and
only in a text that talks about what mimamori watches (the detector asks only then).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import jaconv

from crawler.detect.name_hits import add_hit_at
from crawler.detect.name_matcher import NameHit
from crawler.detect.normalize import NormalizedText, Normalizer, fold_latin_letter
from crawler.detect.romaji import kana_to_hepburn
from crawler.detect.watchlist import WatchlistEntry

FAMILY_INITIAL_MARK = "#"  # as for initials: the pattern says a letter stood for a name

_SEPARATORS = re.compile(r"[\s・･·,、=＝]+")
_JAPANESE = re.compile("[\u3041-\u30ff\u4e00-\u9fff\u3005\uf900-\ufaff]")
_KATAKANA = re.compile("[\u30a1-\u30faー]")
# One capital letter standing alone (篠宮R, M.リーヴ; not AI, not Rena): rare in any text,
# so the search starts from it.
_LONE_CAPITAL = re.compile(r"(?<![A-Za-z])[A-Z](?![A-Za-z])")
_MAX_FAMILY = 4  # characters of a family name in Japanese script


def _family_and_initial(entry: WatchlistEntry) -> list[tuple[str, str]]:
    """(family name as written, the given name's initial) for the ways the name is written:
    family-first Japanese names by their kanji and kana; given-first Latin names by the
    katakana of their family name."""
    names = [p for p in _SEPARATORS.split(entry.name) if p]
    kana = [p for p in _SEPARATORS.split(entry.kana) if p]
    if len(names) != 2:
        return []
    if names[0][0].isascii() or fold_latin_letter(names[0][0]).isascii():
        # Madison Reeve / マディソン・リーヴ: the initial M, the family name リーヴ.
        initial = fold_latin_letter(names[0][0]).upper()
        if len(kana) == 2 and initial.isalpha() and initial.isascii():
            return [(kana[1], initial)]
        return []
    if len(kana) != 2:
        return []
    romaji = kana_to_hepburn(jaconv.kata2hira(kana[1]))
    if not romaji:
        return []
    initial = romaji[0].upper()
    return [(names[0], initial), (kana[0], initial)]


class FamilyInitialIndex:
    """Watched people by family name and initial. Built on the first text that has the
    shape (few do), as the initials index is."""

    def __init__(self, entries: Iterable[WatchlistEntry], normalizer: Normalizer) -> None:
        self._entries = list(entries)
        self._normalizer = normalizer
        self._people: dict[tuple[str, str], set[str]] | None = None

    def _index(self) -> dict[tuple[str, str], set[str]]:
        people: dict[tuple[str, str], set[str]] = {}
        key = self._normalizer.key
        for entry in self._entries:
            for family, initial in _family_and_initial(entry):
                family_key = key(family)
                if family_key and len(family_key) <= _MAX_FAMILY + 4:
                    people.setdefault((family_key, initial), set()).add(entry.id)
        self._people = people
        return people

    def find(self, norm: NormalizedText) -> list[NameHit]:
        text = norm.original
        found: list[NameHit] = []
        for match in _LONE_CAPITAL.finditer(text):
            initial, at = match.group(), match.start()
            before = at - 1 if at > 0 and text[at - 1] in " \u3000" else at
            run_start = before
            while (
                run_start > 0
                and before - run_start < _MAX_FAMILY
                and _JAPANESE.match(text, run_start - 1)
            ):
                run_start -= 1
            for start in range(run_start, before):  # the longest family name first
                person = self._only(text[start:before], initial)
                if person:
                    end = at + 2 if text[at + 1 : at + 2] == "." else at + 1
                    add_hit_at(norm, found, person, FAMILY_INITIAL_MARK, start, end)
                    break
            else:
                after = at + 1
                if text[after : after + 1] in (".", "．", "・", " "):
                    after += 1
                run_end = after
                while run_end < len(text) and _KATAKANA.match(text, run_end):
                    run_end += 1
                for end in range(run_end, after + 1, -1):
                    person = self._only(text[after:end], initial)
                    if person:
                        add_hit_at(norm, found, person, FAMILY_INITIAL_MARK, at, end)
                        break
        return found

    def _only(self, family: str, initial: str) -> str | None:
        index = self._people if self._people is not None else self._index()
        people = index.get((self._normalizer.key(family), initial))
        if people and len(people) == 1:
            return next(iter(people))
        return None
