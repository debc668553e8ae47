"""Latin full names with one letter wrong: Jenna Whitlok, Valentina Orosco, Kaylee Brnadt.

Sellers misspell a name by accident or on purpose (to slip past exact filters), and a
buyer still knows whom it means. Each watched person's given name (and one-word Latin
aliases) and family name are indexed by their one-letter deletions (the symmetric-delete
idea of SymSpell): a word of the text is looked up by itself and its own deletions, so a
substitution, an insertion, a deletion or two swapped neighbours are all found with a few
dict lookups, and rapidfuzz's optimal-string-alignment distance confirms each candidate.
Two neighbouring words must name the same person, given and family name in either order,
with one edit between them at most: an ordinary pair of words almost never does.

In a text that talks about what is watched (a signal word, as bare_names.py asks), a pair
may be two edits off, one in each word of five letters or more (Nadhya Larasaty, Biancaa
Vilaluna, Annaliese Brandner), and a word may be the head of a longer watched word, five
letters or more and over half of it (Valen Orozko, ayu Kartika): sellers' misspellings
and fans' short forms. Alone, "Valentine Orosco" is someone else.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz.distance import OSA

from crawler.detect.katakana_fuzzy import FuzzyHit
from crawler.detect.watchlist import WatchlistEntry

# Letters of Latin script, accents included; digits and masks are other matchers' work.
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
# What may sit between a given and a family name: a space, a hyphen, a dot, an underscore.
_GAP = re.compile(r"[\s\-_.·]{1,3}\Z")
_LATIN_PART = re.compile(r"[a-z]+\Z")
_ANY_LATIN = re.compile(r"[A-Za-z]")
MIN_WORD = 4  # shorter words are too many other words within one edit
MIN_ALIAS = 3  # a one-word alias used as the given name (Isa, Clo)
MAX_EDITS = 1
LOOSE_EDITS = 2  # over the pair, in a text with a signal word
LOOSE_WORD = 5  # each word of a pair two edits off, and a head of a watched word, this long
_CACHE_LIMIT = 50_000

_Candidate = tuple[str, str, bool]  # person id, watched word, is the family name


def _plain(word: str) -> str:
    """Océane -> oceane: lower-case letters without accents."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class LatinFuzzy:
    def __init__(self, entries: Iterable[WatchlistEntry]) -> None:
        self._index: dict[str, list[_Candidate]] = {}
        self._heads: dict[str, list[_Candidate]] = {}  # Valen -> Valentina
        self._cache: dict[tuple[str, bool], tuple[tuple[str, bool, int], ...]] = {}
        for entry in entries:
            if not _ANY_LATIN.search(entry.name):
                continue  # most watchlists are mostly Japanese names: skip them cheaply
            one_word = {
                _plain(a)
                for a in entry.aliases
                if len(a.split()) == 1 and _LATIN_PART.match(_plain(a)) and len(a) >= MIN_ALIAS
            }
            # The name and its Latin aliases of two words or more; every word after the
            # first is a family name (Lucía Berrocal Vidal is Lucía Berrocal as often).
            for form in (entry.name, *(a for a in entry.aliases if len(a.split()) >= 2)):
                parts = [_plain(p) for p in form.split()]
                if len(parts) < 2 or not all(_LATIN_PART.match(p.replace("-", "")) for p in parts):
                    continue
                for word in {parts[0]} | one_word:
                    self._add(entry.id, word, family=False)
                for part in parts[1:]:
                    for word in {part.replace("-", ""), *part.split("-")}:
                        if len(word) >= MIN_WORD:
                            self._add(entry.id, word, family=True)
        # A word in the name and again in an alias is one candidate.
        for key, candidates in self._index.items():
            self._index[key] = list(dict.fromkeys(candidates))
        self.empty = not self._index

    def _add(self, person: str, word: str, family: bool) -> None:
        candidate = (person, word, family)
        for key in {word} | (_deletions(word) if len(word) >= MIN_WORD else set()):
            self._index.setdefault(key, []).append(candidate)
        for end in range(max(LOOSE_WORD, len(word) // 2 + 1), len(word)):
            self._heads.setdefault(word[:end], []).append(candidate)

    def _close(self, word: str, loose: bool) -> tuple[tuple[str, bool, int], ...]:
        """(person, is family name, edits) for every watched word within reach of ``word``;
        ``loose``: the head of a watched word counts as one edit."""
        known = self._cache.get((word, loose))
        if known is not None:
            return known
        index = self._index
        keys = {word} | (_deletions(word) if len(word) >= MIN_WORD else set())
        found: dict[tuple[str, bool], int] = {}
        for key in keys:
            for person, watched, family in index.get(key, ()):
                short = min(len(word), len(watched)) < MIN_WORD
                allowed = 0 if short else MAX_EDITS
                edits = OSA.distance(word, watched, score_cutoff=allowed)
                if edits <= allowed and edits < found.get((person, family), allowed + 1):
                    found[(person, family)] = edits
        if loose:
            for person, _watched, family in self._heads.get(word, ()):
                found.setdefault((person, family), 1)
        result = tuple((person, family, edits) for (person, family), edits in found.items())
        if len(self._cache) < _CACHE_LIMIT:
            self._cache[(word, loose)] = result
        return result

    def find(self, original: str, loose: bool = False) -> list[FuzzyHit]:
        """People named by two neighbouring words, given and family name, one edit at most;
        ``loose`` (a text with a signal word): two, one in each word of five letters or more,
        a head of a watched word counting as one."""
        if self.empty:
            return []
        words = [(m.start(), m.end(), _plain(m.group())) for m in _WORD.finditer(original)]
        if len(words) < 2:
            return []
        close = [self._close(w, loose) if len(w) >= MIN_ALIAS else () for _, _, w in words]
        most = LOOSE_EDITS if loose else MAX_EDITS
        hits: list[FuzzyHit] = []
        for i in range(len(words) - 1):
            first, second = close[i], close[i + 1]
            if not first or not second:
                continue
            if not _GAP.match(original[words[i][1] : words[i + 1][0]]):
                continue
            named: set[str] = set()
            both_long = min(len(words[i][2]), len(words[i + 1][2])) >= LOOSE_WORD
            for person, family, edits in first:
                for other, other_family, other_edits in second:
                    total = edits + other_edits
                    if (
                        other == person
                        and other_family != family
                        and person not in named
                        and (total <= MAX_EDITS or (total <= most and both_long))
                    ):
                        named.add(person)
                        hits.append(FuzzyHit(person, words[i][0], words[i + 1][1]))
        return hits
