"""Masked spellings: 星野○奈 for 星野美奈, 宮崎ひ●の for 宮崎ひなの, 林*晴 and 林S彤 for
林語晴 and 林思彤.

Sellers hide one character of a name so exact filters miss it, and buyers still read it.
Each spelling the watchlist asks to mask (spellings.py says which, and where in it a mask may
stand) is indexed with each of those characters replaced by MASK; a text is looked up only
in the windows around its masks. A Latin letter between two kanji is taken for a mask too:
it is the initial of the hidden character's reading (林S彤, 沈X遥, 蒋梓X), and so is one
after two of them at a word's end; the same goes for Hangul (서X온, 표하O).

The table is about a third of a large watchlist's spellings and most texts have no mask, so
it is filled at the first text with one, not while the matcher is built. Two masks in one
spelling (高〇ひ〇の, 渡〇侑〇アナ) are looked up in a table per length and pair of places,
made when a text first needs it; the spelling must keep three characters in the clear (two
kanji, in 渡〇侑〇), and name one person only.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator

from crawler.detect.name_tables import MASK
from crawler.detect.spellings import PRIORITY_MASKED

MaskSource = tuple[str, int, int, str]  # key, first and past-last maskable place, person
# Owners of a spelling: one id (nearly always) or a list of ids, to keep the build light.
Owners = dict[str, str | list[str]]
Found = tuple[int, tuple[str, ...]]  # priority, person ids

_MAX_MASKS = 8
_CLEAR_WITH_TWO_MASKS = 3  # characters a spelling with two masks keeps unmasked
_KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SYLLABLE = _KANJI + "\uac00-\ud7a3"  # kanji and Hangul
# Two masks with two kanji in the clear, one of each part: 渡〇侑〇 for 渡辺侑里.
_KANJI_PAIR = re.compile(f"[{_KANJI}]{MASK}[{_KANJI}]{MASK}")
# One Latin letter between two of them, or after two and before no other letter.
_LETTER_AMONG_KANJI = re.compile(
    f"(?<=[{_SYLLABLE}])[a-z](?=[{_SYLLABLE}])|(?<=[{_SYLLABLE}]{{2}})[a-z](?![a-z0-9])"
)


def _add_masked(masked_owners: Owners, source: str, start: int, stop: int, person: str) -> None:
    """星野美奈 -> 星野○奈 and the like, each owned by the people who spell it so."""
    masked_get = masked_owners.get
    for i in range(start, stop):
        if source[i] == MASK:
            continue
        masked = source[:i] + MASK + source[i + 1 :]
        other = masked_get(masked)
        if other is None:
            masked_owners[masked] = person
        elif other.__class__ is str:
            if other != person:
                masked_owners[masked] = [other, person]  # type: ignore[list-item]
        elif other[-1] != person:
            other.append(person)  # type: ignore[union-attr]


class MaskedSpellings:
    """``solo``: the matcher's one-person ids tuples, shared so each person has one."""

    def __init__(self, sources: list[MaskSource], solo: dict[str, tuple[str]]) -> None:
        self._sources = sources
        self._solo = solo
        self._table: dict[str, Found] = {}
        self._lengths: list[int] = []
        self._expanded_count = 0
        self._kept_sources: list[MaskSource] = []
        self._by_length: dict[int, list[MaskSource]] | None = None
        self._two_masks: dict[tuple[int, int, int], dict[str, Found]] = {}

    def add_spelled(self, key: str, found: Found) -> None:
        """A spelling the watchlist itself writes with a mask: it wins over a derived one."""
        self._table[key] = found
        self._lengths = sorted({len(k) for k in self._table})

    @property
    def empty(self) -> bool:
        return not (self._table or self._sources)

    def count(self) -> int:
        self._expand()
        return len(self._table)

    def derived_count(self) -> int:
        """How many masked spellings were derived (not written so in the watchlist)."""
        self._expand()
        return self._expanded_count

    @staticmethod
    def may_hold(key: str) -> bool:
        return MASK in key or _LETTER_AMONG_KANJI.search(key) is not None

    def windows(self, key: str) -> Iterator[tuple[int, int, str, Found]]:
        """(start, end, masked window, found) for every window of ``key`` around a mask
        that spells someone."""
        self._expand()
        key = _LETTER_AMONG_KANJI.sub(MASK, key)
        n = len(key)
        table = self._table
        positions = [i for i, c in enumerate(key) if c == MASK][:_MAX_MASKS]
        seen: set[tuple[int, int]] = set()
        for pos in positions:
            for length in self._lengths:
                for start in range(max(0, pos - length + 1), min(pos, n - length) + 1):
                    if (start, length) in seen:
                        continue
                    seen.add((start, length))
                    window = key[start : start + length]
                    found = table.get(window)
                    if found is None and window.count(MASK) == 2:
                        found = self._with_two_masks(window)
                    if found is not None:
                        yield start, start + length, window, found

    def _with_two_masks(self, window: str) -> Found | None:
        """The one person a spelling with two masks (高〇ひ〇の) fits, if any."""
        length = len(window)
        if length - 2 < _CLEAR_WITH_TWO_MASKS and not _KANJI_PAIR.fullmatch(window):
            return None
        first = window.index(MASK)
        second = window.index(MASK, first + 1)
        table = self._two_masks.get((length, first, second))
        if table is None:
            table = self._two_masks[(length, first, second)] = self._two_mask_table(
                length, first, second
            )
        return table.get(window)

    def _two_mask_table(self, length: int, first: int, second: int) -> dict[str, Found]:
        if self._by_length is None:
            self._by_length = {}
            for source in self._kept_sources:
                self._by_length.setdefault(len(source[0]), []).append(source)
        owners: dict[str, set[str]] = {}
        for key, start, stop, person in self._by_length.get(length, ()):
            if start <= first and second < stop and MASK not in (key[first], key[second]):
                masked = f"{key[:first]}{MASK}{key[first + 1 : second]}{MASK}{key[second + 1 :]}"
                owners.setdefault(masked, set()).add(person)
        return {
            masked: (PRIORITY_MASKED, (next(iter(people)),))
            for masked, people in owners.items()
            if len(people) == 1 and masked not in self._table
        }

    def _expand(self) -> None:
        sources = self._sources
        if not sources:
            return
        self._sources = []
        self._kept_sources = sources  # for the two-mask tables
        # The table's many small tuples all live on: collecting meanwhile only rescans them.
        collecting = gc.isenabled()
        gc.disable()
        try:
            owners: Owners = {}
            for source, start, stop, person in sources:
                _add_masked(owners, source, start, stop, person)
            table = self._table
            masked_solo = {person: (PRIORITY_MASKED, ids) for person, ids in self._solo.items()}
            added = 0
            for key, owner in owners.items():
                if key not in table:  # a spelling of its own wins over a masked one
                    if owner.__class__ is str:
                        value = masked_solo.get(owner)  # type: ignore[call-overload]
                        if value is None:
                            value = masked_solo[owner] = (PRIORITY_MASKED, (owner,))  # type: ignore[index]
                    else:
                        value = (PRIORITY_MASKED, tuple(owner))
                    table[key] = value
                    added += 1
            self._expanded_count += added
            self._lengths = sorted({len(k) for k in table})
        finally:
            if collecting:
                gc.enable()
