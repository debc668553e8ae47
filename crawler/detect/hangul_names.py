"""Japanese names as Korean posts write them: 사이토 레이나 (さいとう れいな) in either order,
the given name alone (히요리), and a kana nickname from the aliases (ひよりん -> 히요링).

The readings are made by hangul.py and stored in its canonical form, in which aspiration
does not count (다카하시 and 타카하시 are one key); a text is looked up in that form too.
Few texts are in Hangul, so the table is filled at the first one, not at build time: it
would be one spelling in ten of a mostly Japanese watchlist, made for every build.

A full name counts wherever it stands (Korean glues particles to it: 사이토레이나를). A given
name alone counts only in a text about what is watched (the detector asks only then), when
no other watched person has it, with three syllables or more (two are Korean words too:
아이 is "child"), and as a word: no Hangul before it, and after it nothing, another script,
or a particle or honorific (히요리를, 히요리 씨, 히요리짱).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick
import jaconv

from crawler.detect.hangul import canonical_hangul, final_n_as_ng, kana_to_hangul
from crawler.detect.name_hits import add_hit_at
from crawler.detect.name_matcher import NameHit
from crawler.detect.normalize import NormalizedText, fold_latin_word
from crawler.detect.readings import kana_parts_of, name_parts_of
from crawler.detect.watchlist import WatchlistEntry

_HANGUL = re.compile("[\uac00-\ud7a3]")
_KANA_NICKNAME = re.compile("[\u3041-\u3096]{3,}\\Z")
# What may follow a given name in Korean: particles and honorifics, longest first.
_AFTER_NAME = (
    "에게", "한테", "언니", "이랑", "랑", "를", "을", "의", "이", "가", "은", "는", "도", "와",
    "과", "씨", "님", "짱", "양", "아", "야",
)  # fmt: skip
_MIN_FULL, _MIN_GIVEN = 3, 3


def has_hangul(text: str) -> bool:
    return _HANGUL.search(text) is not None


def japanese_hangul_forms(entry: WatchlistEntry) -> tuple[list[str], list[str], str | None]:
    """The canonical Hangul full names of a Japanese watched person, her kana nicknames,
    and her given name alone; nothing for a name in Latin letters."""
    parts = name_parts_of(entry)
    if fold_latin_word("".join(parts)).isascii():
        return [], [], None  # Emma Hartwell: Korean posts write her in their own way
    kana, _ = kana_parts_of(entry, parts, latin_name=False)
    full: list[str] = []
    given_alone = None
    if len(kana) == 2:
        family, given = (kana_to_hangul(k) for k in kana)
        if family and given:
            family, given = canonical_hangul(family), canonical_hangul(given)
            full += [family + given, given + family]
            if len(given) >= _MIN_GIVEN:
                given_alone = given
    nicknames = [form for alias in entry.aliases for form in _kana_nickname(alias)]
    return (
        [f for f in full if len(f) >= _MIN_FULL],
        [n for n in nicknames if len(n) >= _MIN_FULL],
        given_alone,
    )


def _kana_nickname(alias: str) -> list[str]:
    kana = jaconv.kata2hira(alias)
    if not _KANA_NICKNAME.match(kana):
        return []
    hangul = kana_to_hangul(kana)
    if not hangul:
        return []
    if not kana.endswith("ん"):
        return [canonical_hangul(hangul)]
    # Fans write the final ん as ㄴ or ㅇ (히요린, 히요링); three syllables ending in ㄴ are
    # the shape of a Korean name (도하린, 서아린), so those only as 히요링.
    with_ng = canonical_hangul(hangul[:-1] + final_n_as_ng(hangul[-1]))
    return [canonical_hangul(hangul), with_ng] if len(hangul) > 3 else [with_ng]


class HangulNameIndex:
    """Watched Japanese people by the Hangul of their names, filled at first use."""

    def __init__(self, entries: Iterable[WatchlistEntry]) -> None:
        self._entries = list(entries)
        self._full: ahocorasick.Automaton | None = None
        self._given: ahocorasick.Automaton | None = None

    def _index(self) -> tuple[ahocorasick.Automaton, ahocorasick.Automaton]:
        full: dict[str, set[str]] = {}
        words: set[str] = set()  # forms that must stand as a word: short ones, nicknames
        given: dict[str, set[str]] = {}
        for entry in self._entries:
            forms, nicknames, given_alone = japanese_hangul_forms(entry)
            for form in forms + nicknames:
                full.setdefault(form, set()).add(entry.id)
            words.update(f for f in forms if len(f) <= _MIN_FULL)
            words.update(nicknames)  # 도하린 is a Korean name as well as どはりん
            if given_alone:
                given.setdefault(given_alone, set()).add(entry.id)
        self._full = _automaton({k: (tuple(sorted(v)), k in words) for k, v in full.items()})
        # A given name two watched people share names neither of them.
        self._given = _automaton({k: (tuple(v), True) for k, v in given.items() if len(v) == 1})
        return self._full, self._given

    def find(self, norm: NormalizedText) -> list[NameHit]:
        """Full names, wherever they stand."""
        full = self._full if self._full is not None else self._index()[0]
        found: list[NameHit] = []
        for start, end, people in _hits(full, norm):
            for person in people:
                add_hit_at(norm, found, person, "", start, end)
        return found

    def find_given(self, norm: NormalizedText) -> list[NameHit]:
        """Given names alone, as words (the caller asks only in a text about fakes)."""
        given = self._given if self._given is not None else self._index()[1]
        found: list[NameHit] = []
        for start, end, people in _hits(given, norm):
            add_hit_at(norm, found, people[0], "?", start, end)
        return found


def _automaton(forms: dict[str, tuple[tuple[str, ...], bool]]) -> ahocorasick.Automaton:
    """Each form with (its length, its people, whether it must stand as a word)."""
    automaton = ahocorasick.Automaton()
    for form, (people, word) in forms.items():
        automaton.add_word(form, (len(form), people, word))
    if len(automaton):
        automaton.make_automaton()
    return automaton


def _hits(
    automaton: ahocorasick.Automaton, norm: NormalizedText
) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, people) in the original text, for each form found in the key: never
    after Hangul (다카하시 린카 holds no 하시린), and as a word where the form asks it."""
    if not len(automaton):
        return []
    key, text = canonical_hangul(norm.key), norm.original
    hits = []
    for last, (length, people, word) in automaton.iter(key):
        start, end = norm.starts[last + 1 - length], norm.ends[last]
        if start > 0 and _HANGUL.match(text[start - 1]):
            continue
        if word and not _ends_word(text, end):
            continue
        hits.append((start, end, people))
    return hits


def _ends_word(text: str, end: int) -> bool:
    """After the name: nothing, another script, or a particle or honorific ending the word."""
    after = text[end : end + 3]
    if not after or not _HANGUL.match(after[0]):
        return True
    return any(
        after.startswith(word) and (len(after) == len(word) or not _HANGUL.match(after[len(word)]))
        for word in _AFTER_NAME
    )
