"""Pet forms of Latin-script names, as fans and sellers write them: Madison as Maddie,
Quinlan as Quinnie, Camila as Cammie; and the short first name of a declared stage name or
handle, Bia of "Bia Tavares", Bri of "bri.kowal", which fans then use alone; and the
diminutives of European languages and a surname declined alone (european_diminutives.py:
Zuzia, Klárka, Мирося, Wójcikowskiej).

English pet names keep a name's first syllable, close it on its consonant and add -ie,
doubling the consonant (Mad-d-ie). The -y forms are left out: too many are names of their
own (Harper would be Harry). A name of five letters or more gives these forms; each is
read only as a name part alone is (bare_names.py): in a text with a signal word, or written
with a capital, and only when no other watched person has it or spells it so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from crawler.detect.bare_names import function_words
from crawler.detect.european_diminutives import (
    affectionate_forms,
    declined_surnames,
    diminutives,
    first_vowels,
)
from crawler.detect.normalize import fold_latin_word
from crawler.detect.watchlist import WatchlistEntry

_VOWELS = frozenset("aeiouy")
_SEPARATORS = re.compile(r"[\s・･·,、=＝-]+")
_WORD = re.compile(r"[a-z]{5,}\Z")
_SHORT_FIRST = re.compile(r"[a-z]{3}\Z")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN_OR_CYRILLIC = re.compile("[A-Za-z\u00c0-\u024f\u0400-\u04ff]")
_ALIAS_SEPARATORS = re.compile(r"[\s._・･·,、=＝-]+")


def pet_forms(part: str) -> list[str]:
    """Pet forms of one lower-case, unaccented name part of five letters or more."""
    if not _WORD.match(part):
        return []
    i, j = first_vowels(part, _VOWELS)
    if i == 0 or j >= len(part) or part[j] in "hwxy" or j + 1 >= len(part):
        return []
    closed = part[: j + 1]
    consonant = closed[-1]
    return [closed + consonant + "ie"]


def latin_pet_names(
    entries: Iterable[WatchlistEntry],
    spelled: Mapping[str, tuple[int, object]],
    key_of: Callable[[str], str],
) -> dict[str, str]:
    """Pet form -> the one watched person it points at, for names written in Latin letters
    or, for European diminutives, Cyrillic; forms two people share, or that are another
    person's spelling, are left out."""
    owners: dict[str, str | None] = {}
    for entry in entries:
        parts = [p for p in _SEPARATORS.split(entry.name) if p]
        forms = [f for part in parts for f in pet_forms(fold_latin_word(part))]
        # A declared name's three-letter first word is a short name the person goes by (longer
        # ones are name parts already); a short one of three or four letters takes -zinha.
        forms += short_first_words(entry.aliases, _SHORT_FIRST)
        for short in short_first_words((entry.name, *entry.aliases), _SHORT_NAME):
            forms += affectionate_forms(short)
        # The given name, first in a Latin or Cyrillic name (a kanji name has none of these,
        # and is most of a large watchlist: skipped before any work).
        if len(parts) >= 2 and _LATIN_OR_CYRILLIC.match(parts[0]):
            forms += [key_of(f) for f in diminutives(_given_form(parts[0]))]
            forms += [key_of(f) for f in declined_surnames(_given_form(parts[-1]))]
        for form in forms:
            owner = spelled.get(form)
            if (owner is not None and owner[1] != entry.id) or form in function_words():
                continue
            known = owners.get(form, entry.id)
            owners[form] = entry.id if known == entry.id else None
    return {form: person for form, person in owners.items() if person is not None}


def _given_form(part: str) -> str:
    """A Latin name part folded (Klára: klara), a Cyrillic one in lower case."""
    return part.lower() if _CYRILLIC.match(part) else fold_latin_word(part)


_SHORT_NAME = re.compile(r"[a-z]{3,4}\Z")


def short_first_words(names: Iterable[str], shape: re.Pattern[str]) -> list[str]:
    """The first word, folded, of each name of two words or more, where it has ``shape``:
    Bia of "Bia Tavares", bri of "bri.kowal", Lari of "Lari Quintanilha"."""
    found = []
    for name in names:
        words = [w for w in _ALIAS_SEPARATORS.split(name) if w]
        if len(words) >= 2 and shape.match(first := fold_latin_word(words[0])):
            found.append(first)
    return found
