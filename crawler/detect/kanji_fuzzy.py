"""Japanese full names with one kanji swapped: 柚希沙耶 for 柚木沙耶, 桐生遥香 for 桐生遥夏.

Sellers write a name with a homophone or a look-alike kanji (藤道 for 藤堂, 神楽阪 for
神楽坂, 朝露 for 朝霧), by accident or to slip past exact filters, and a buyer still knows
whom it means. Only a swap of one kanji for another kanji counts, in a name of four
characters or more with at least two kanji, and never of its first character: a kana
changed is another word (ひなの, ひなこ), a name of fewer characters is too many other names
one kanji away, and a name with another first kanji is most often another family (西野美奈
is not 星野美奈). Every disguise the data writers used kept the first character.

A kana of the name written without its voicing mark or in the old kana (早乙女ゆす for
早乙女ゆず, しをり for しおり) is the same name, and counts too: no other name is spelled so.

Each name is indexed by its one-kanji masks (柚○沙耶), the masked-spelling idea of
name_matcher.py. One kanji swapped in a name of four or more leaves its first two or its
last two characters as they are, so a window of the text is looked up only where its
first or last two characters begin or end a watched name: a few set lookups per character,
however long the watchlist (one Aho-Corasick pass over the text, in C).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import ahocorasick

from crawler.detect.katakana_fuzzy import FuzzyHit
from crawler.detect.name_tables import KANJI_VARIANTS, SIMPLIFIED_CHINESE
from crawler.detect.watchlist import WatchlistEntry

_KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_IS_KANJI = re.compile(f"[{_KANJI}]")
_NAME = re.compile(f"[{_KANJI}\u3041-\u309f\u30a1-\u30fa\u30fc々]{{4,}}")
_SWAP = "\x00"  # stands for the swapped kanji in an index key
_VOICING = "\x01"  # before a kana's sound without its voicing mark, in an index key
_SAME_SOUND = str.maketrans(
    {"を": "お", "ぢ": "じ", "づ": "ず", "ヲ": "オ", "ヂ": "ジ", "ヅ": "ズ"}
)


def _sounds() -> dict[str, str]:
    """Kana -> its sound without the voicing mark, for the kana that share a sound with
    another (す ず, は ば ぱ, お を). A kana that shares it with none is only ever itself, and
    a window equal to a name is the exact matcher's: such kana get no key."""
    by_sound: dict[str, list[str]] = {}
    for code in [*range(0x3041, 0x3097), *range(0x30A1, 0x30FB)]:
        ch = chr(code)
        sound = unicodedata.normalize("NFD", ch.translate(_SAME_SOUND))[0]
        by_sound.setdefault(sound, []).append(ch)
    return {ch: sound for sound, kana in by_sound.items() if len(kana) > 1 for ch in kana}


_SOUND = _sounds()
# Variant and simplified forms read as the names' common ones (濵/濱 浜, 滨 浜), character
# for character, so offsets stay those of the text.
_FOLD = str.maketrans({**KANJI_VARIANTS, **SIMPLIFIED_CHINESE})
_FOLDABLE = re.compile(f"[{''.join({**KANJI_VARIANTS, **SIMPLIFIED_CHINESE})}]")
MIN_LENGTH = 4
MIN_KANJI = 2


def _is_kanji(ch: str) -> bool:
    return _IS_KANJI.match(ch) is not None


def japanese_full_names(entry: WatchlistEntry) -> set[str]:
    """The person's name and kanji aliases, spaces removed, and the family name with the
    given name in kana, that one swap may disguise."""
    names = set()
    parts, readings = entry.name.split(), entry.kana.split()
    mixed = [parts[0] + readings[1]] if len(parts) == len(readings) == 2 else []  # 早乙女しおり
    for written in (entry.name, *entry.aliases, *mixed):
        word = "".join(written.split()).translate(_FOLD)
        if _NAME.fullmatch(word) and sum(map(_is_kanji, word)) >= MIN_KANJI:
            names.add(word)
    return names


class KanjiFuzzy:
    def __init__(self, entries: Iterable[WatchlistEntry]) -> None:
        # One-kanji masks -> the one person they fit (None where two people share a mask).
        self._masks: dict[str, str | None] = {}
        self._exact: set[str] = set()
        # First and last two characters of the names -> the lengths of those names.
        heads: dict[str, set[int]] = {}
        tails: dict[str, set[int]] = {}
        for entry in entries:
            for name in japanese_full_names(entry):
                self._exact.add(name)
                heads.setdefault(name[:2], set()).add(len(name))
                tails.setdefault(name[-2:], set()).add(len(name))
                for i, ch in enumerate(name):
                    if i and _is_kanji(ch):
                        self._add(name[:i] + _SWAP + name[i + 1 :], entry.id)
                    elif i and ch in _SOUND:
                        self._add(_voicing_key(name, i), entry.id)
        self.empty = not self._masks
        self._firsts = frozenset(name[0] for name in self._exact)
        # The first and last two characters of every name, found in one pass in C.
        self._ends = ahocorasick.Automaton()
        for bigram in heads.keys() | tails.keys():
            self._ends.add_word(
                bigram, (sorted(heads.get(bigram, ())), sorted(tails.get(bigram, ())))
            )
        if not self.empty:
            self._ends.make_automaton()

    def _add(self, masked: str, person: str) -> None:
        owner = self._masks.get(masked, person)
        self._masks[masked] = owner if owner == person else None

    def find(self, original: str) -> list[FuzzyHit]:
        if self.empty:
            return []
        found: dict[tuple[int, int], str] = {}
        firsts = self._firsts
        if _FOLDABLE.search(original):  # most texts have none: skip the per-character pass
            original = original.translate(_FOLD)
        for last, (head_lengths, tail_lengths) in self._ends.iter(original):
            # The swap lies after the first two characters of a window starting there…
            for length in head_lengths:
                self._try(original, last - 1, length, range(2, length), found)
            # …or before the last two characters of a window ending there. The first
            # character is never the swapped one: a window starting with a character no
            # name starts with is no name (most windows a kana tail finds start in kana).
            for length in tail_lengths:
                start = last + 1 - length
                if start >= 0 and original[start] in firsts:
                    self._try(original, start, length, range(1, length - 2), found)
        return [FuzzyHit(person, start, end) for (start, end), person in found.items()]

    def _try(
        self, text: str, start: int, length: int, swaps: range, found: dict[tuple[int, int], str]
    ) -> None:
        end = start + length
        if start < 0 or end > len(text) or (start, end) in found:
            return
        window = text[start:end]
        if window in self._exact or _NAME.fullmatch(window) is None:
            return  # the exact matcher names whoever is spelled so; or not a name's letters
        masks = self._masks
        for i in swaps:
            if _is_kanji(window[i]):
                person = masks.get(window[:i] + _SWAP + window[i + 1 :])
            elif window[i] in _SOUND:
                person = masks.get(_voicing_key(window, i))
            else:
                continue
            if person is not None:
                found[(start, end)] = person
                return


def _voicing_key(name: str, i: int) -> str:
    """The name with its kana at ``i`` read without the voicing mark: ず, す -> す."""
    return f"{name[:i]}{_VOICING}{_SOUND[name[i]]}{name[i + 1 :]}"
