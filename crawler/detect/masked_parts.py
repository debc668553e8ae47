"""One part of a Japanese name with a character masked, and something that says whose:
"み〇ね(山〇)", "「こ〇ね」選手", "ひ◯の ちゃん(歌手)", "人気配信者(ヒント:る○)".

Sellers mask a given name and point at the person another way: her family name, masked
too, beside it, or what she does. A masked part of three characters or more matches many
people of a large watchlist, so it names someone only

* in a text about what mimamori watches (the detector asks only then),
* when the text also holds her other name part, clear or with one character masked, or a
  word for her watchlist category (initials.py's role words),
* and when exactly one watched person fits the masked part and that.

The table of masked parts is made at the first text with a mask.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import jaconv

from crawler.detect.initials import category_of, fits_hint, hinted_categories
from crawler.detect.name_hits import NameHit, add_hit_at
from crawler.detect.name_tables import MASK
from crawler.detect.normalize import NormalizedText, Normalizer
from crawler.detect.watchlist import WatchlistEntry

MASKED_PART_MARK = "◌"  # prefixed to the pattern of a person named by a masked part
_SHORTEST_PART = 3
_LONGEST_PART = 6
_MAX_MASKS = 8


class _Owner(NamedTuple):
    person: str
    others: tuple[str, ...]  # her other part's keys, clear and with one mask
    category: str | None


class MaskedParts:
    def __init__(self, entries: Iterable[WatchlistEntry], normalizer: Normalizer) -> None:
        self._entries = list(entries)
        self._normalizer = normalizer
        self._table: dict[str, list[_Owner]] | None = None

    def _index(self) -> dict[str, list[_Owner]]:
        table: dict[str, list[_Owner]] = {}
        for entry in self._entries:
            parts = [self._keys(part, entry) for part in range(2)]
            if not all(parts):
                continue
            for this, other in ((0, 1), (1, 0)):
                others = tuple(
                    {m for key in parts[other] for m in (key, *_masked(key)) if len(m) >= 2}
                )
                owner = _Owner(entry.id, others, category_of(entry))
                for key in parts[this]:
                    if _SHORTEST_PART <= len(key) <= _LONGEST_PART:
                        for masked in _masked(key):
                            table.setdefault(masked, []).append(owner)
        self._table = table
        return table

    def _keys(self, part: int, entry: WatchlistEntry) -> set[str]:
        """One part's keys, from the name and the reading: 山﨑 and やまさき."""
        keys: set[str] = set()
        for written in (entry.name, jaconv.kata2hira(entry.kana)):
            words = written.split()
            if len(words) == 2 and not words[part].isascii():
                key = self._normalizer.normalize(words[part]).key
                if key and MASK not in key:
                    keys.add(key)
        return keys

    def find(self, norm: NormalizedText) -> list[NameHit]:
        key = norm.key
        if MASK not in key:
            return []
        table = self._table if self._table is not None else self._index()
        found: list[NameHit] = []
        hinted: set[str] | None = None
        positions = [i for i, c in enumerate(key) if c == MASK][:_MAX_MASKS]
        for pos in positions:
            for length in range(_SHORTEST_PART, _LONGEST_PART + 1):
                for start in range(max(0, pos - length + 1), min(pos, len(key) - length) + 1):
                    owners = table.get(key[start : start + length])
                    if not owners:
                        continue
                    if hinted is None:
                        hinted = hinted_categories(norm.original)
                    people = {o.person for o in owners if _confirmed(o, key, hinted)}
                    if len(people) == 1:
                        end = start + length - 1
                        first, last = norm.starts[start], norm.ends[end]
                        add_hit_at(norm, found, people.pop(), MASKED_PART_MARK, first, last)
        return found


def _masked(key: str) -> list[str]:
    return [key[:i] + MASK + key[i + 1 :] for i in range(len(key))]


def _confirmed(owner: _Owner, key: str, hinted: set[str]) -> bool:
    """Her other part is in the text, or a word for what she does."""
    if owner.category is not None and fits_hint(owner.category, hinted):
        return True
    return any(other in key for other in owner.others)
