"""Western names written in katakana the readings did not foresee: matched within an edit or two.

katakana_names.py guesses the usual katakana of a Latin name, but writers spell foreign names
by ear (Castellanos カステジャノス or カステヤノス, Solberg ソールベルグ, Anneliese アンネリーゼ):
one kana more or less, a different row. A full name written in katakana nearly always has its
parts set apart (エマ・ハートウェル, ドラクロワ＝モロー, or a space), so only such pairs of
katakana words are compared, each against the readings of one watched person's given and
family name, with rapidfuzz's Levenshtein distance: at most one edit in a short part, two in a
part of six kana or more, three in the pair. Both parts must fit the same person, which keeps
ordinary katakana words (ショート・ムービー) from naming anyone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from crawler.detect.katakana_names import latin_name_readings
from crawler.detect.watchlist import WatchlistEntry

# Katakana words (with ー and the half-width forms) joined by name separators.
_WORD = "[\u30a1-\u30fa\u30fc\uff66-\uff9f]{2,}"
_SEPARATOR = "[・･＝=\\s　]"
_CHAIN = re.compile(f"{_WORD}(?:{_SEPARATOR}{_WORD})+")
_WORD_RE = re.compile(_WORD)
_LATIN_PART = re.compile(r"[A-Za-z]+")
_ANY_LATIN = re.compile(r"[A-Za-z]")
_READINGS = 6
MAX_PAIR_EDITS = 3


def _key(kana: str, fold: dict[int, int]) -> str:
    return unicodedata.normalize("NFKC", kana).translate(fold).replace("ー", "")


def _allowed(length: int) -> int:
    return 2 if length >= 5 else 1 if length >= 3 else 0


def _ascii_letters(name: str) -> str:
    """Wiśniewska -> Wisniewska: the readings are guessed from plain letters."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class FuzzyHit:
    person_id: str
    start: int  # original offsets of the whole pair
    end: int


class KatakanaFuzzy:
    """Readings of every Latin-named watched person's parts, bucketed by their first kana."""

    def __init__(self, entries: Iterable[WatchlistEntry]) -> None:
        # Katakana to hiragana (the readings' script), half-width forms left to the
        # NFKC the texts get first.
        self._fold = {c: c - 0x60 for c in range(0x30A1, 0x30F7)}
        self._given: dict[str, list[tuple[str, str]]] = {}
        self._family: dict[str, list[tuple[str, str]]] = {}
        for entry in entries:
            if not _ANY_LATIN.search(entry.name):
                continue  # a Japanese name has no Latin readings to guess
            parts = _ascii_letters(entry.name).split()
            if len(parts) < 2 or not all(_LATIN_PART.fullmatch(p.replace("-", "")) for p in parts):
                continue
            self._add(self._given, entry.id, [parts[0]])
            # Double-barrelled family names (Delacroix-Moreau) are often written by one half.
            self._add(self._family, entry.id, [parts[-1].replace("-", ""), *parts[-1].split("-")])
        self.empty = not self._given

    @staticmethod
    def _add(index: dict[str, list[tuple[str, str]]], person: str, words: list[str]) -> None:
        for word in words:
            for reading in latin_name_readings(word, _READINGS):
                key = reading.replace("ー", "")
                if len(key) >= 2:
                    index.setdefault(key[0], []).append((key, person))

    def _close(self, index: dict[str, list[tuple[str, str]]], word: str) -> dict[str, int]:
        """Person -> fewest edits from one of their readings, within the part's allowance."""
        allowed = _allowed(len(word))
        found: dict[str, int] = {}
        for key, person in index.get(word[0], ()):
            if abs(len(key) - len(word)) > allowed:
                continue
            edits = Levenshtein.distance(word, key, score_cutoff=allowed)
            if edits <= allowed and edits < found.get(person, allowed + 1):
                found[person] = edits
        return found

    def find(self, original: str) -> list[FuzzyHit]:
        """Watched people named by two katakana words of one separated chain (given name
        first or last; a middle or second family name may sit between them)."""
        if self.empty:
            return []
        hits: list[FuzzyHit] = []
        for chain in _CHAIN.finditer(original):
            spans = [(m.start(), m.end()) for m in _WORD_RE.finditer(original, *chain.span())]
            words = [_key(original[a:b], self._fold) for a, b in spans]
            for person, first, last in self._people_in(words):
                hits.append(FuzzyHit(person, spans[first][0], spans[last][1]))
        return hits

    def _people_in(self, words: list[str]) -> list[tuple[str, int, int]]:
        """(person, first word, last word) for each person two of the words name."""
        givens = [self._close(self._given, w) if w else {} for w in words]
        families = [self._close(self._family, w) if w else {} for w in words]
        people: dict[str, tuple[str, int, int]] = {}
        for i, by_given in enumerate(givens):
            for j, by_family in enumerate(families):
                if i == j or not by_given or not by_family:
                    continue
                for person, edits in by_given.items():
                    if edits + by_family.get(person, MAX_PAIR_EDITS + 1) <= MAX_PAIR_EDITS:
                        people.setdefault(person, (person, min(i, j), max(i, j)))
        return list(people.values())
