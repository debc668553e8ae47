"""Pet forms of Latin-script names, as fans and sellers write them: Madison as Maddie,
Quinlan as Quinnie, Camila as Cammie.

English pet names keep a name's first syllable, close it on its consonant and add -ie,
doubling the consonant (Mad-d-ie). The -y forms are left out: too many are names of their
own (Harper would be Harry). A name of five letters or more gives these forms; each is
read only as a name part alone is (bare_names.py): in a text with a signal word, or written
with a capital, and only when no other watched person has it or spells it so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from crawler.detect.normalize import fold_latin_word
from crawler.detect.watchlist import WatchlistEntry

_VOWELS = frozenset("aeiouy")
_SEPARATORS = re.compile(r"[\s・･·,、=＝-]+")
_WORD = re.compile(r"[a-z]{5,}\Z")


def pet_forms(part: str) -> list[str]:
    """Pet forms of one lower-case, unaccented name part of five letters or more."""
    if not _WORD.match(part):
        return []
    i = 0
    while i < len(part) and part[i] not in _VOWELS:
        i += 1
    j = i
    while j < len(part) and part[j] in _VOWELS:
        j += 1
    if i == 0 or j >= len(part) or part[j] in "hwxy" or j + 1 >= len(part):
        return []
    closed = part[: j + 1]
    consonant = closed[-1]
    return [closed + consonant + "ie"]


def latin_pet_names(entries: Iterable[WatchlistEntry], spelled: Iterable[str]) -> dict[str, str]:
    """Pet form -> the one watched person it points at, for names written in Latin letters;
    forms two people share, or that are someone's spelling already, are left out."""
    taken = set(spelled)
    owners: dict[str, str | None] = {}
    for entry in entries:
        for part in _SEPARATORS.split(entry.name):
            folded = fold_latin_word(part)
            for form in pet_forms(folded):
                if form in taken:
                    continue
                known = owners.get(form, entry.id)
                owners[form] = entry.id if known == entry.id else None
    return {form: person for form, person in owners.items() if person is not None}
