"""Western names written in katakana the readings did not foresee: matched within an edit or two.

katakana_names.py guesses the usual katakana of a Latin name, but writers spell foreign names
by ear (Castellanos カステジャノス or カステヤノス, Solberg ソールベルグ, Anneliese アンネリーゼ):
one kana more or less, a different row. A full name written in katakana nearly always has its
parts set apart (エマ・ハートウェル, ドラクロワ＝モロー, or a space), so only such pairs of
katakana words are compared, each against the readings of one watched person's given and
family name, with rapidfuzz's Levenshtein distance: at most one edit in a short part, two in a
part of six kana or more, three in the pair. Both parts must fit the same person, which keeps
ordinary katakana words (ショート・ムービー) from naming anyone.
The katakana a watchlist entry gives is one more reading of its parts, and a name run
together is read with ヴ as the b row (クロエバントルイユ for クロエ・ヴァントルイユ).
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
# A katakana word this long (without ー) may be a whole name run together; shorter ones are
# too many ordinary words within two edits of one.
_JOINED_MIN = 7


# V written with the b row (ヴァントルイユ, バントルイユ): as common as ヴ, and two kana apart,
# more than a name run together is allowed; the separated parts keep ヴ (a one-kana part
# is too short to compare).
_V_AS_B = re.compile("ゔ([ぁぃぇぉ]?)")
_B_ROW = {"ぁ": "ば", "ぃ": "び", "ぇ": "べ", "ぉ": "ぼ", "": "ぶ"}


def _plain(kana: str) -> str:
    """Without the long-vowel mark and the small っ: writers hear length and doubled
    consonants differently (ウィットコム, ウィトコム; ベネデッティ, ベネデティ)."""
    return kana.replace("ー", "").replace("っ", "")


def _joined_key(plain: str) -> str:
    """A run-together name's key: ヴ read as the b row."""
    return _V_AS_B.sub(lambda m: _B_ROW[m.group(1)], plain)


def _key(kana: str, fold: dict[int, int]) -> str:
    return _plain(unicodedata.normalize("NFKC", kana).translate(fold))


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
        self._unfold = {c - 0x60: c for c in range(0x30A1, 0x30F7)}
        self._given: dict[str, list[tuple[str, str]]] = {}
        self._family: dict[str, list[tuple[str, str]]] = {}
        # By first kana and length: a long word is compared with names of about its length.
        self._joined: dict[tuple[str, int], list[tuple[str, str]]] = {}
        for entry in entries:
            if not _ANY_LATIN.search(entry.name):
                continue  # a Japanese name has no Latin readings to guess
            # The name and its Latin aliases of two words or more; every word after the first
            # is a family name (Marisol Quintero Vidal is マリソル・キンテーロ as often).
            for form in (entry.name, *(a for a in entry.aliases if len(a.split()) >= 2)):
                parts = _ascii_letters(form).split()
                if len(parts) < 2 or not all(
                    _LATIN_PART.fullmatch(p.replace("-", "")) for p in parts
                ):
                    continue
                self._add(self._given, entry.id, [parts[0]])
                # Double-barrelled family names (Delacroix-Moreau) are often written by one
                # half.
                families = list(
                    dict.fromkeys(w for p in parts[1:] for w in (p.replace("-", ""), *p.split("-")))
                )
                self._add(self._family, entry.id, families)
                self._add_joined(entry.id, parts[0], families)
            self._add_own_kana(entry)
        # A word in the name and again in an alias is one candidate.
        for by_first in (self._given, self._family):
            for first, bucket in by_first.items():
                by_first[first] = list(dict.fromkeys(bucket))
        for first_and_length, bucket in self._joined.items():
            self._joined[first_and_length] = list(dict.fromkeys(bucket))
        self.empty = not self._given

    @staticmethod
    def _add(index: dict[str, list[tuple[str, str]]], person: str, words: list[str]) -> None:
        for word in words:
            for reading in latin_name_readings(word, _READINGS):
                key = _plain(reading)
                if len(key) >= 2:
                    index.setdefault(key[0], []).append((key, person))

    def _add_own_kana(self, entry: WatchlistEntry) -> None:
        """The katakana the watchlist gives (クロエ・ヴァントルイユ), as one more reading of
        each part and run together: writers are a kana off it as often as off a guess."""
        kana_parts = [_key(w, self._fold) for w in re.split(_SEPARATOR, entry.kana)]
        kana_parts = [k for k in kana_parts if _WORD_RE.fullmatch(k.translate(self._unfold))]
        if len(kana_parts) < 2:
            return
        given, family = kana_parts[0], kana_parts[-1]
        self._given.setdefault(given[0], []).append((given, entry.id))
        self._family.setdefault(family[0], []).append((family, entry.id))
        for key in (_joined_key(given + family), _joined_key(family + given)):
            self._joined.setdefault((key[0], len(key)), []).append((key, entry.id))

    def _add_joined(self, person: str, given: str, families: list[str]) -> None:
        """The readings run together, given name first or last (ジェナウィットロック), for
        katakana words with no separator: compared whole, as one long part."""
        given_readings = [_plain(r) for r in latin_name_readings(given, _READINGS)]
        joined: set[str] = set()
        for family in families:
            for f in latin_name_readings(family, _READINGS):
                f = _plain(f)
                for g in given_readings:
                    if len(g) >= 2 and len(f) >= 2:
                        joined.update((_joined_key(g + f), _joined_key(f + g)))
        for key in joined:
            self._joined.setdefault((key[0], len(key)), []).append((key, person))

    def _close_joined(self, word: str) -> set[str]:
        """People one of whose run-together readings is one kana off the word at most (a
        small ッ or ー heard differently): without a separator there are no two parts to
        check against each other, so the word gets less leeway than a separated pair."""
        allowed = 1
        found: set[str] = set()
        for length in range(len(word) - allowed, len(word) + allowed + 1):
            for key, person in self._joined.get((word[0], length), ()):
                if (
                    person not in found
                    and Levenshtein.distance(word, key, score_cutoff=allowed) <= allowed
                ):
                    found.add(person)
        return found

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
        for word in _WORD_RE.finditer(original):
            key = _joined_key(_key(word.group(), self._fold))
            if len(key) >= _JOINED_MIN:
                for person in self._close_joined(key):
                    hits.append(FuzzyHit(person, word.start(), word.end()))
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
