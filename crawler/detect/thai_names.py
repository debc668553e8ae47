"""Japanese names written in Thai script: ทาคาฮาชิ เซรินะ (Takahashi Serina), คันดะ ชิซุรุ.

Thai posts spell a Japanese name by ear, syllable by syllable, and not always the same way:
long or short vowels (ยู, ยุ), aspirated or plain consonants (ค or ก for k, ท or ต for t),
ช for both し and ち, tone marks or none. So neither side is spelt out: both the Thai and the
name's reading are brought down to a sound skeleton in which those choices do not count
(voicing, length, sh / ch / j / s / ts, f / h, l / r), and a full name, family and given in
either order, is looked for in the skeleton of each run of Thai text.

Few texts are in Thai, so the skeletons are made at the first Thai text, not at build time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from crawler.detect.name_hits import add_hit_at
from crawler.detect.name_matcher import NameHit
from crawler.detect.normalize import NormalizedText
from crawler.detect.readings import reading_romaji
from crawler.detect.romaji import sound_skeleton
from crawler.detect.watchlist import WatchlistEntry

THAI_NAME_MARK = "~"  # the pattern says the name was read by sound from Thai script

_THAI_RUN = re.compile("[\u0e01-\u0e4e]+(?:[ \u00a0・.-]+[\u0e01-\u0e4e]+)*")
_MIN_SKELETON = 6  # shorter full names (オノ・リカ) are too easy to meet by chance

# Thai consonants as skeleton sounds (voicing and aspiration already folded).
_CONSONANTS = {
    **dict.fromkeys("กขฃคฅฆ", "k"),
    **dict.fromkeys("จฉชฌซศษส", "s"),
    **dict.fromkeys("ฎดฏตฐฑฒถทธ", "t"),
    **dict.fromkeys("บปผพภ", "p"),
    **dict.fromkeys("ฝฟหฮ", "h"),
    **dict.fromkeys("ณนงม", "n"),
    **dict.fromkeys("ยญ", "y"),
    **dict.fromkeys("รลฬ", "r"),
    "ว": "w",
    "อ": "",
}
# Vowel signs after (or above, below) the consonant they follow.
_AFTER = {
    "ะ": "a", "า": "a", "ั": "a", "ิ": "i", "ี": "i", "ึ": "u", "ื": "u", "ุ": "u",
    "ู": "u", "ำ": "an",
}  # fmt: skip
# Vowel signs written before the consonant they follow in speech.
_BEFORE = {"เ": "e", "แ": "e", "โ": "o", "ไ": "ai", "ใ": "ai"}
_SILENT = "่้๊๋็"  # tone marks and the shortener
_KILLER = "์"  # the consonant under it is not read
# What a syllable is written with: a final consonant after a space starts a word of its own.
_SYLLABLE_PART = frozenset(_CONSONANTS) | frozenset(_AFTER) | frozenset(_SILENT + _KILLER)

# Romaji brought to the same skeleton: longest first.
_ROMAJI_FOLDS = (
    ("tsu", "su"), ("shi", "si"), ("chi", "si"), ("sh", "s"), ("ch", "s"), ("ts", "s"),
    ("j", "s"), ("z", "s"), ("g", "k"), ("d", "t"), ("b", "p"), ("f", "h"), ("l", "r"),
    ("m", "n"), ("ou", "o"), ("ei", "e"),
)  # fmt: skip


def has_thai(text: str) -> bool:
    return _THAI_RUN.search(text) is not None


def romaji_skeleton(romaji: str) -> str:
    return sound_skeleton(romaji, _ROMAJI_FOLDS)


def thai_skeleton(thai: str, offset: int = 0) -> tuple[str, list[int], list[int]]:
    """The skeleton of a run of Thai, and for each of its letters the [start, end) in the
    text of the Thai letters it was read from (``offset`` is where the run starts)."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pending_vowel = ""
    pending_at = -1
    i, n = 0, len(thai)
    while i < n:
        char = thai[i]
        if char in _BEFORE:
            pending_vowel, pending_at = _BEFORE[char], i
            i += 1
            continue
        if char not in _CONSONANTS:
            i += 1  # spaces, tone marks, a vowel sign with no consonant before it
            continue
        start = pending_at if pending_vowel else i
        sound = _CONSONANTS[char]
        j = i + 1
        vowel = ""
        while j < n and (thai[j] in _AFTER or thai[j] in _SILENT or thai[j] == _KILLER):
            if thai[j] == _KILLER:
                sound = ""
            elif thai[j] in _AFTER and not vowel:
                vowel = _AFTER[thai[j]]
            j += 1
        if pending_vowel:
            vowel = pending_vowel + vowel if vowel and vowel != "a" else pending_vowel
            pending_vowel = ""
        elif not vowel and j < n and thai[j] == "อ" and sound:
            vowel = "o"  # คอ: อ after a consonant is the vowel o
            j += 1
        at = offset + start
        if not vowel and starts and i > 0 and thai[i - 1] in _SYLLABLE_PART:
            at = starts[-1]  # a final consonant (คัน, ฮัต) closes the syllable before
        for letter in sound + vowel:
            out.append(letter)
            starts.append(at)
            ends.append(offset + j)
        i = j
    return _folded(out, starts, ends)


def _folded(
    letters: list[str], starts: list[int], ends: list[int]
) -> tuple[str, list[int], list[int]]:
    """The Thai reading folded as ``romaji_skeleton`` folds a name (ou as o, ei as e, a
    doubled letter once), each kept letter spanning the letters folded into it."""
    out: list[str] = []
    out_starts: list[int] = []
    out_ends: list[int] = []
    for letter, start, end in zip(letters, starts, ends, strict=True):
        if out and (out[-1] == letter or out[-1] + letter in ("ou", "ei")):
            out_ends[-1] = end
            continue
        out.append(letter)
        out_starts.append(start)
        out_ends.append(end)
    return "".join(out), out_starts, out_ends


def _name_skeletons(entry: WatchlistEntry) -> list[str]:
    reading = reading_romaji(entry)
    if reading is None:
        return []
    family, given = (romaji_skeleton(part) for part in reading)
    forms = {family + given, given + family}
    return [f for f in forms if len(f) >= _MIN_SKELETON]


class ThaiNameIndex:
    """Watched people with a kana reading, by the skeleton of their full name."""

    def __init__(self, entries: Iterable[WatchlistEntry]) -> None:
        self._entries = list(entries)
        self._people: dict[str, set[str]] | None = None
        self._lengths: list[int] = []

    def _index(self) -> dict[str, set[str]]:
        people: dict[str, set[str]] = {}
        for entry in self._entries:
            for skeleton in _name_skeletons(entry):
                people.setdefault(skeleton, set()).add(entry.id)
        self._people = people
        self._lengths = sorted({len(s) for s in people}, reverse=True)
        return people

    def find(self, norm: NormalizedText) -> list[NameHit]:
        people = self._people if self._people is not None else self._index()
        if not people:
            return []
        found: list[NameHit] = []
        for run in _THAI_RUN.finditer(norm.original):
            skeleton, starts, ends = thai_skeleton(run.group(), run.start())
            for at in range(len(skeleton)):
                if at and starts[at] == starts[at - 1]:
                    continue  # a name starts where a Thai syllable does
                for length in self._lengths:
                    stop = at + length
                    if stop > len(skeleton) or (
                        stop < len(skeleton) and starts[stop] == starts[stop - 1]
                    ):
                        continue  # and ends where one does
                    owners = people.get(skeleton[at:stop])
                    if owners and len(owners) == 1:
                        add_hit_at(
                            norm,
                            found,
                            next(iter(owners)),
                            THAI_NAME_MARK,
                            starts[at],
                            ends[stop - 1],
                        )
                        break
        return found
