"""A name part in Latin or Cyrillic letters with another ending: the cases, possessives and
pet suffixes of the languages posts are written in, which no table lists for every language.

Polish and Czech decline a surname alone (Wierzbięty of Wierzbięta, Voriskovy), Czech and
Slovak a given name (Vendule of Vendula), Turkish glues its case to a name (akbasoglunun),
Italian a pet ending (Ferrandina, Ginevrina), English one
(Brookie), Japanese fans a nickname ending to romaji (Sayukichi, Irohasu), and Russian
and Ukrainian both (Соломійка, Соломии of Соломія; Ukrainian і and Russian и read as one).
Each keeps all of the name part but at most its last two letters and adds four letters at
most; three when it keeps the whole part, as Tessalina is a name of its own, not Tessa's.

A part counts only when it is five letters or more and no other watched person has a part
the word fits; the word must be as long as the part (a name cut short, Brand for Brandt or
Bitte for Bitten, is another word) and no function word of a common language. Like every
weaker form, it is read only in a text with a signal word (bare_names.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from crawler.detect.bare_names import function_words
from crawler.detect.katakana_fuzzy import FuzzyHit
from crawler.detect.normalize import fold_latin_word
from crawler.detect.watchlist import WatchlistEntry

MIN_PART = 5
MOST_DROPPED = 2  # letters of the part's end the word may replace
MOST_ADDED = 4  # letters the word may have beyond what it keeps of the part
_SEPARATORS = re.compile(r"[\s\-_.・·,、]+")
_PLAIN_PART = re.compile(r"(?:[a-z]+|[а-я]+)\Z")
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]{5,}|[\u0400-\u04ff]{5,}")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
# Ukrainian letters as Russian writes the same sounds (Соломія, Соломия).
_ONE_CYRILLIC = str.maketrans("іїєёґ", "ииеег")


def _key(written: str) -> str:
    """Lower case, Latin without accents (fold_latin_word) or Cyrillic in Russian letters."""
    if _CYRILLIC.match(written):
        return written.lower().translate(_ONE_CYRILLIC)
    return fold_latin_word(written)


def shared_start(a: str, b: str) -> int:
    """How many letters two words share from their start."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def fits(word: str, part: str) -> bool:
    """Is ``word`` ``part`` with another ending (both lower case, folded)?"""
    if word == part or len(word) < len(part):
        return False
    kept = shared_start(word, part)
    # A longer word that holds the whole part is as often a longer name (Tessalina of
    # Tessa) as a case or pet form of it: three letters at most then.
    most = MOST_ADDED - 1 if kept == len(part) else MOST_ADDED
    if kept == len(part) and word[kept:] == "s":
        return False  # the Mendonças of Lisbon are a family; a genitive -s needs a full name
    return kept >= max(MIN_PART, len(part) - MOST_DROPPED) and len(word) - kept <= most


class NameEndings:
    def __init__(self, entries: Iterable[WatchlistEntry]) -> None:
        owners: dict[str, set[str]] = {}
        for entry in entries:
            for form in (entry.name, *entry.aliases):
                for written in _SEPARATORS.split(form):
                    part = _key(written) if written else ""
                    if len(part) >= MIN_PART and _PLAIN_PART.match(part):
                        owners.setdefault(part, set()).add(entry.id)
        self._parts = frozenset(owners)
        # Parts by their first five letters, the least any fitting word keeps of them.
        self._by_start: dict[str, list[tuple[str, frozenset[str]]]] = {}
        for part, ids in owners.items():
            self._by_start.setdefault(part[:MIN_PART], []).append((part, frozenset(ids)))
        self.empty = not owners

    def find(self, original: str) -> list[FuzzyHit]:
        hits: list[FuzzyHit] = []
        if self.empty:
            return hits
        for match in _WORD.finditer(original):
            word = _key(match.group())
            candidates = self._by_start.get(word[:MIN_PART])
            if not candidates or word in self._parts or word in function_words():
                continue
            people = {i for part, ids in candidates if fits(word, part) for i in ids}
            if len(people) == 1:
                hits.append(FuzzyHit(people.pop(), match.start(), match.end()))
        return hits
