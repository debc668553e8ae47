"""Chinese names written in other characters of the same sound: 蘇語晴 as 酥雨晴, 郭沛然 as
鍋配燃, 闫可馨 as 言可心.

Chinese sellers dodge keyword filters by writing a name with characters read alike; readers
say it aloud and know who is meant. Each character of a watched Chinese name is read into
toneless pinyin in its usual reading (pypinyin), and so is every run of hanzi in a text.

Only full names of three characters are looked for, and only at either end of a run of
hanzi (酥雨晴 AI脱衣图, 「言可心」): two syllables, or three inside running text (是未经 for
史伟静), meet by chance.
The detector asks only in a text about what is watched, and only when it holds no kana: a
Japanese post names a Chinese person in the person's own characters or in katakana, and its
kanji words would otherwise be read as Mandarin sounds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from crawler.detect.chinese_names import chinese_name_of
from crawler.detect.name_hits import add_hit_at
from crawler.detect.name_matcher import NameHit
from crawler.detect.normalize import NormalizedText
from crawler.detect.watchlist import WatchlistEntry

HOMOPHONE_MARK = "♪"  # the pattern says the name was read by its sound
_HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{3,}")
_KANA = re.compile("[\u3041-\u3096\u30a1-\u30fa]")
_SYLLABLES = 3


@cache
def _sound(character: str) -> str:
    from pypinyin import Style, lazy_pinyin  # imported at the first Chinese text (0.15 s)

    return lazy_pinyin(character, style=Style.NORMAL)[0]


class ChineseHomophones:
    """Watched Chinese names by the sound of their characters, indexed at the first text
    that needs them."""

    def __init__(self, entries: Iterable[WatchlistEntry]) -> None:
        self._entries = list(entries)
        self._index: dict[tuple[str, ...], set[str]] | None = None

    def _build(self) -> dict[tuple[str, ...], set[str]]:
        index: dict[tuple[str, ...], set[str]] = {}
        for entry in self._entries:
            found = chinese_name_of(entry.name, entry.kana, entry.aliases)
            if found is None or len(found[0]) + len(found[1]) != _SYLLABLES:
                continue
            sounds = tuple(_sound(c) for c in found[0] + found[1])
            index.setdefault(sounds, set()).add(entry.id)
        self._index = index
        return index

    def find(self, norm: NormalizedText) -> list[NameHit]:
        index = self._index if self._index is not None else self._build()
        text = norm.original
        if not index or _KANA.search(text) is not None:
            return []
        found: list[NameHit] = []
        for run in _HAN_RUN.finditer(text):
            sounds = [_sound(c) for c in run.group()]
            last = len(sounds) - _SYLLABLES
            for at in (0, last) if last else (0,):  # set apart on one side at least
                for person in index.get(tuple(sounds[at : at + _SYLLABLES]), ()):
                    start = run.start() + at
                    add_hit_at(norm, found, person, HOMOPHONE_MARK, start, start + _SYLLABLES)
        return found
