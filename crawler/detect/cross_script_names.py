"""Names written in the other of Latin and Cyrillic letters, matched by their consonants.

Russian and Ukrainian posts write a Polish or Italian name in Cyrillic as it sounds, and in
whatever case the sentence needs (Олівією Бжезінською, Людовіку Феррарезі); Polish, Czech
and Turkish posts write a Russian or Ukrainian name in their own letters and cases (Sołomii
Hajdamachy, Milana Vorotıntseva). No table of spellings keeps up with every pair of
languages and every case ending, so both sides are read into Latin letters and brought
down to their consonants, the ones the languages trade for one another made one (w and v;
s, z, sh, zh, sz, rz; and c, k, g, h, ch, kh, cz, ts): a case ending is a vowel, and
vanishes. A full name, given and family in
either order, is then looked for in two neighbouring words.

Only names long enough not to be met by chance count (seven consonants or more, two in
each part). The index is made at the first text that needs it: Latin names are looked for
in Cyrillic texts, and Cyrillic names in Latin texts only when the watchlist has any.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

from crawler.detect.name_hits import add_hit_at
from crawler.detect.name_matcher import NameHit
from crawler.detect.normalize import NormalizedText, fold_latin_word
from crawler.detect.watchlist import WatchlistEntry

CROSS_SCRIPT_MARK = "≈"  # the pattern says the name was matched by sound across scripts

_CYRILLIC_WORD = re.compile("[\u0400-\u04ff]{2,}")
_LATIN_WORD = re.compile("[A-Za-z\u00c0-\u024f]{2,}")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN_NAME = re.compile("[A-Za-z\u00c0-\u024f]+(?:[ -][A-Za-z\u00c0-\u024f]+)+")
_MIN_CONSONANTS = 7
_CZECH_ENDING = re.compile("ov(?:á|é|ou)$")
# Sounds the languages spell in too many ways are one class each: k for c, k, g, h, ch, kh,
# cz, ts, ч, х, г, ц (English ch is ч, Polish ch is х, Italian c is к, Ukrainian г is h), s
# for s, z, sh, zh, sz, rz, ш, ж, з. Vowels, and j and y, are dropped with the case endings.
_READ_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "k", "ґ": "k", "д": "d", "е": "e", "ё": "o", "є": "e",
    "ж": "s", "з": "s", "и": "i", "і": "i", "ї": "i", "й": "", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "k",
    "ц": "k", "ч": "k", "ш": "s", "щ": "s", "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "u",
    "я": "a",
}  # fmt: skip
_LATIN_FOLDS = (
    ("shch", "s"), ("sch", "s"), ("rz", "s"), ("zh", "s"), ("sz", "s"), ("sh", "s"),
    ("cz", "k"), ("ch", "k"), ("kh", "k"), ("ts", "k"), ("tz", "k"), ("ph", "f"), ("th", "t"),
    ("w", "v"), ("x", "ks"), ("z", "s"), ("c", "k"), ("q", "k"), ("g", "k"), ("h", "k"),
)  # fmt: skip
_VOWELS = re.compile("[aeiouyj]+")
_DOUBLED = re.compile(r"(.)\1+")


def latin_consonants(word: str) -> str:
    """Ludovica: ldvk; Brzezińska: brssnsk; Hajdamachy: kdmk."""
    text = fold_latin_word(word.replace("ł", "l").replace("Ł", "L"))
    for old, new in _LATIN_FOLDS:
        text = text.replace(old, new)
    return _DOUBLED.sub(r"\1", _VOWELS.sub("", text))


def _latin_text_consonants(word: str) -> str:
    """As latin_consonants, with the -ová Czech gives a foreign woman's surname taken off
    (Hajdamachová, Hajdamachové as Hajdamacha)."""
    return latin_consonants(_CZECH_ENDING.sub("", word))


def cyrillic_consonants(word: str) -> str:
    """Людовіку: ldvk; Бжезінською: bssnsk; Гайдамаха: kdmk."""
    text = "".join(_READ_CYRILLIC.get(c, c) for c in word.lower())
    return _DOUBLED.sub(r"\1", _VOWELS.sub("", text))


class CrossScriptNames:
    """Watched people with a name of two or more words in Latin or Cyrillic letters, by the
    consonants of their given and family name."""

    def __init__(self, entries: Iterable[WatchlistEntry]) -> None:
        self._entries = list(entries)
        self._latin: dict[tuple[str, str], set[str]] | None = None
        self._cyrillic: dict[tuple[str, str], set[str]] = {}

    def _index(self) -> dict[tuple[str, str], set[str]]:
        latin: dict[tuple[str, str], set[str]] = {}
        for entry in self._entries:
            name = entry.name.strip()
            if _CYRILLIC.search(name):
                parts, consonants, table = name.split(), cyrillic_consonants, self._cyrillic
            elif _LATIN_NAME.fullmatch(name):
                parts, consonants, table = name.replace("-", " ").split(), latin_consonants, latin
            else:
                continue
            if len(parts) < 2:
                continue
            first, last = consonants(parts[0]), consonants(parts[-1])
            if len(first) < 2 or len(last) < 2 or len(first) + len(last) < _MIN_CONSONANTS:
                continue
            for pair in ((first, last), (last, first)):
                table.setdefault(pair, set()).add(entry.id)
        self._latin = latin
        return latin

    def find_in_cyrillic(self, norm: NormalizedText) -> list[NameHit]:
        """Latin-lettered watched people named in Cyrillic words of the text."""
        latin = self._latin if self._latin is not None else self._index()
        if not latin:
            return []
        return _pairs(norm, _CYRILLIC_WORD, cyrillic_consonants, latin)

    def find_in_latin(self, norm: NormalizedText) -> list[NameHit]:
        """Cyrillic-lettered watched people named in Latin words of the text."""
        if self._latin is None:
            self._index()
        if not self._cyrillic:
            return []
        return _pairs(norm, _LATIN_WORD, _latin_text_consonants, self._cyrillic)


def _pairs(
    norm: NormalizedText,
    word_pattern: re.Pattern[str],
    consonants: object,
    people: dict[tuple[str, str], set[str]],
) -> list[NameHit]:
    read = consonants  # type: ignore[assignment]
    found: list[NameHit] = []
    original = norm.original
    words = [w for w in word_pattern.finditer(original) if w.group()[0].isupper()]
    for first, second in pairwise(words):
        if original[first.end() : second.start()].strip(" \u00a0-_"):
            continue  # two words side by side, as a name is written
        owners = people.get((read(first.group()), read(second.group())))  # type: ignore[operator]
        if owners and len(owners) == 1:
            add_hit_at(
                norm, found, next(iter(owners)), CROSS_SCRIPT_MARK, first.start(), second.end()
            )
    return found
