"""Japanese names written in Arabic script: كانون ميناسي (Kanon Minase), ريونا هامادا.

Arabic posts spell a Japanese name by ear and write its vowels out as letters (ا for a,
ي for i and e, و for u and o), but Arabic has no p, g or e of its own and writers differ on
the rest (ت or ط for t, ك or ق for k, ج or ز for j). So both sides are brought down to one sound
skeleton in which those choices do not count (o and u, e and i, voicing, l and r, f and h,
long vowels), and a full name, family and given in either order, is looked for in two
neighbouring words of Arabic. A word may carry a one-letter preposition or conjunction
glued to its front (ليوزوها: "of Yuzuha").

Few texts are in Arabic, so the skeletons are made at the first Arabic text, not at build
time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

from crawler.detect.name_hits import add_hit_at
from crawler.detect.name_matcher import NameHit
from crawler.detect.normalize import NormalizedText
from crawler.detect.readings import reading_romaji
from crawler.detect.romaji import sound_skeleton
from crawler.detect.watchlist import WatchlistEntry

ARABIC_NAME_MARK = "~"  # the pattern says the name was read by sound from another script

_ARABIC_WORD = re.compile("[\u0621-\u064a\u0671-\u06d3]+")
_MIN_SKELETON = 6  # shorter full names are too easy to meet by chance
_PROCLITICS = "لبوكف"
_ALEFS = "اأإآ"  # for/of, with, and, like, so: glued to the word after them

_LETTERS = {
    **dict.fromkeys("اأإآىة", "a"),
    **dict.fromkeys("يئ", "i"),
    **dict.fromkeys("وؤ", "u"),
    **dict.fromkeys("كقغ", "k"),
    **dict.fromkeys("تطدض", "t"),
    **dict.fromkeys("سصثشزذظج", "s"),
    **dict.fromkeys("رل", "r"),
    **dict.fromkeys("هحخفع", "h"),
    "ن": "n",
    "م": "m",
    "ب": "p",
    "ء": "",
}
# Romaji brought to the same skeleton: longest first.
_ROMAJI_FOLDS = (
    ("tsu", "su"), ("shi", "si"), ("chi", "si"), ("sh", "s"), ("ch", "s"), ("ts", "s"),
    ("j", "s"), ("z", "s"), ("g", "k"), ("d", "t"), ("b", "p"), ("f", "h"), ("l", "r"),
    ("o", "u"), ("e", "i"), ("y", "i"), ("w", "u"),
)  # fmt: skip
_DOUBLE = re.compile(r"(.)\1+")


def has_arabic(text: str) -> bool:
    return _ARABIC_WORD.search(text) is not None


def romaji_skeleton(romaji: str) -> str:
    return sound_skeleton(romaji, _ROMAJI_FOLDS)


def arabic_skeleton(word: str) -> str:
    if len(word) > 1 and word[0] in _ALEFS and word[1] in "وي":
        word = word[1:]  # أونوديرا: the alef only carries the first vowel, o
    # ち and つ are written with two letters, ت and ش or س (تشيساتو, تاكاتسوكي), as the
    # romaji side folds chi and tsu to one sound.
    word = word.replace("تش", "ش").replace("تس", "س")
    return _DOUBLE.sub(r"\1", "".join(_LETTERS.get(c, "") for c in word))


def _name_skeletons(entry: WatchlistEntry) -> list[tuple[str, str]]:
    """(first word, second word) skeletons of the full name in both orders."""
    reading = reading_romaji(entry)
    if reading is None:
        return []
    family, given = (romaji_skeleton(part) for part in reading)
    if len(family) + len(given) < _MIN_SKELETON:
        return []
    return [(family, given), (given, family)]


class ArabicNameIndex:
    """Watched people with a kana reading, by the skeletons of their full name."""

    def __init__(self, entries: Iterable[WatchlistEntry]) -> None:
        self._entries = list(entries)
        self._people: dict[tuple[str, str], set[str]] | None = None

    def _index(self) -> dict[tuple[str, str], set[str]]:
        people: dict[tuple[str, str], set[str]] = {}
        for entry in self._entries:
            for pair in _name_skeletons(entry):
                people.setdefault(pair, set()).add(entry.id)
        self._people = people
        return people

    def find(self, norm: NormalizedText) -> list[NameHit]:
        people = self._people if self._people is not None else self._index()
        if not people:
            return []
        words = list(_ARABIC_WORD.finditer(norm.original))
        found: list[NameHit] = []
        for first, second in pairwise(words):
            between = norm.original[first.end() : second.start()]
            if between.strip(" \u00a0・·-_"):  # a space, or a hashtag's _: #ميو_هامادا
                continue  # the two words must stand next to each other
            second_skeleton = arabic_skeleton(second.group())
            for start, skeleton in _readings(first):
                owners = people.get((skeleton, second_skeleton))
                if owners and len(owners) == 1:
                    add_hit_at(
                        norm, found, next(iter(owners)), ARABIC_NAME_MARK, start, second.end()
                    )
                    break
        return found


def _readings(word: re.Match[str]) -> list[tuple[int, str]]:
    """The word's skeleton, and without a glued one-letter proclitic, with where each starts."""
    text = word.group()
    readings = [(word.start(), arabic_skeleton(text))]
    if len(text) > 3 and text[0] in _PROCLITICS:
        readings.append((word.start() + 1, arabic_skeleton(text[1:])))
    return readings
