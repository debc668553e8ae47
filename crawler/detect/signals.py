"""Signal families matched in one pass over the key.

The families and their terms are loaded from YAML by crawler/detect/families.py (the file
format is described there and in signals/README.md). Several files may contribute to the
same family; a patrol group extends the detector by adding terms or files, without code.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from itertools import chain
from operator import itemgetter
from typing import NamedTuple

import ahocorasick

from crawler.detect.families import (
    SHIPPED_SIGNALS_DIR,
    FamilySpec,
    SignalConfigError,
    TermSpec,
    load_signal_families,
)
from crawler.detect.normalize import NormalizedText, Normalizer, is_latin
from crawler.detect.prefilter import digit_gate, required_characters, required_substrings
from crawler.detect.score import SCORE_FAMILIES

# The score families a positive signal family counts as (kept under its old name).
SIGNAL_FAMILIES = SCORE_FAMILIES


# Distinct sets of pattern characters remembered (a few hundred occur in practice).
_MAX_CHOSEN_CACHE = 4096
_second = itemgetter(1)
# SignalHit(...) runs a Python-level __new__; tuple.__new__ builds the same tuple in C.
_new_tuple = tuple.__new__
# A pattern to run: its index (file order), regex, term and digit gate.
_Runnable = tuple[int, re.Pattern[str], TermSpec, re.Pattern[str] | None]
_Chosen = tuple[list[_Runnable], dict[int, _Runnable]]


class SignalHit(NamedTuple):  # a tuple: created for every match, so cheap to build
    spec: TermSpec
    key_start: int
    key_end: int
    start: int
    end: int


def symbols_in_terms(families: Iterable[FamilySpec]) -> set[str]:
    """Symbol characters (🔞) used in terms: the normaliser must keep them in the key."""
    symbols: set[str] = set()
    for family in families:
        for term, _ in family.terms:
            symbols.update(c for c in term if unicodedata.category(c).startswith("S"))
    return symbols


def _contiguous(norm: NormalizedText, key_start: int, key_end: int) -> bool:
    """Did these key characters stand side by side in the original (no space or punctuation
    between them)? 受付中、1枚 is not the school year 中1."""
    starts, ends = norm.starts, norm.ends
    return all(ends[i] == starts[i + 1] for i in range(key_start, key_end - 1))


def _split_head(original: str, pos: int, is_word: Callable[[str], bool]) -> int:
    """Length of a two-letter word that opens a Latin match, if the next word has two
    letters or more ("in fantasy", "ki' diyenler"); 0 otherwise. Single spaced letters
    (n u d e) are kept: spacing a word out letter by letter is how sellers hide it."""
    after = pos + 2
    while after < len(original) and original[after] in _BETWEEN_WORDS:
        after += 1
    if (
        after > pos + 2
        and after + 1 < len(original)
        and is_word(original[pos + 1])
        and is_word(original[after])
        and is_word(original[after + 1])
    ):
        return 2
    return 0


_BETWEEN_WORDS = frozenset(" '’")


class SignalMatcher:
    def __init__(self, families: dict[str, FamilySpec], normalizer: Normalizer) -> None:
        self.families = families
        self.normalizer = normalizer
        self._automaton = ahocorasick.Automaton()
        by_key: dict[str, list[TermSpec]] = {}
        # Keys of terms written with a two-letter first word ("my ex"): the key has no
        # spaces, so "infant" would otherwise match "in fantasy".
        self._two_letter_heads: set[str] = set()
        for family in families.values():
            for term, spec in family.terms:
                key = normalizer.key(term)
                if key:
                    _add_spec(by_key.setdefault(key, []), spec)
                    if len(term) > 2 and term[2] == " ":
                        self._two_letter_heads.add(key)
        self._negative = frozenset(f.name for f in families.values() if f.kind == "negative")
        for key, specs in by_key.items():
            positive = tuple(s for s in specs if s.family not in self._negative)
            negative = tuple(s for s in specs if s.family in self._negative)
            prefix = any(s.prefix for s in specs)
            self._automaton.add_word(
                key,
                (
                    len(key),
                    positive,
                    negative,
                    is_latin(key[0]),
                    is_latin(key[-1]) and not prefix,
                    prefix and is_latin(key[-1]),
                    any(s.contiguous for s in specs),
                ),
            )
        self._empty = not by_key
        if not self._empty:
            self._automaton.make_automaton()
        # Each pattern with the characters a match can start with: a key holding none of
        # them is skipped without running the regex (most posts have no digits, no 似, ...).
        self._patterns = [(regex, spec) for f in families.values() for regex, spec in f.patterns]
        # ... and by strings every match holds ("adult", "make"): one automaton pass per key
        # tells which of those patterns can match at all.
        by_string: dict[str, list[int]] = {}
        for index, (regex, _spec) in enumerate(self._patterns):
            for string in required_substrings(regex.pattern) or ():
                by_string.setdefault(string, []).append(index)
        self._needs_strings = frozenset(i for indexes in by_string.values() for i in indexes)
        self._required = ahocorasick.Automaton()
        for string, indexes in by_string.items():
            self._required.add_word(string, tuple(indexes))
        if by_string:
            self._required.make_automaton()
        # Each pattern is indexed by characters every match of it holds: a key with none of
        # them skips the pattern (most posts have no digits, no 似, no 実在 ...).
        self._always: list[int] = []  # patterns whose characters cannot be told
        self._by_first_char: dict[str, list[int]] = {}
        for index, (regex, _spec) in enumerate(self._patterns):
            first = required_characters(regex.pattern)
            if first is None:
                self._always.append(index)
            else:
                for char in first:
                    self._by_first_char.setdefault(char, []).append(index)
        self._pattern_chars = frozenset(self._by_first_char)
        # ... and, for patterns whose digits need a word after them (5枚で, 15歳), by a
        # cheap search for a digit followed by one of that word's first characters.
        self._gates = {
            i: gate
            for i, (regex, _) in enumerate(self._patterns)
            if (gate := digit_gate(regex.pattern))
        }
        self._index_runnables()

    def _index_runnables(self) -> None:
        """What find() needs of a pattern in one tuple (no lookup per pattern and key), and
        the choice for a key with no pattern character; again after a prefilter changes."""
        self._runnables: list[_Runnable] = [
            (i, regex, spec, self._gates.get(i)) for i, (regex, spec) in enumerate(self._patterns)
        ]
        self._chosen_cache: dict[frozenset[str], _Chosen] = {}
        self._no_chars: _Chosen = self._split(self._always)

    def _split(self, indexes: Iterable[int]) -> _Chosen:
        """The patterns to run on every such key, in file order, and those to run only when
        the key holds one of their required strings, by index."""
        runnables, needs = self._runnables, self._needs_strings
        ordered = sorted(indexes)
        free = [runnables[i] for i in ordered if i not in needs]
        gated = {i: runnables[i] for i in ordered if i in needs}
        return free, gated

    def _patterns_for(self, key: str) -> _Chosen:
        """The patterns that could match somewhere in ``key``."""
        chars = self._pattern_chars.intersection(key)
        if not chars:
            return self._no_chars
        # Posts hold few distinct pattern characters (a digit or two, 円, 似), and the same
        # few recur, so the union is worked out once per set of them.
        found = frozenset(chars)
        known = self._chosen_cache.get(found)
        if known is not None:
            return known
        chosen = set(self._always)
        for char in chars:
            chosen.update(self._by_first_char[char])
        result = self._split(chosen)
        if len(self._chosen_cache) < _MAX_CHOSEN_CACHE:
            self._chosen_cache[found] = result
        return result

    def _boundary_ok(
        self, norm: NormalizedText, key_start: int, key_end: int, prefix: bool
    ) -> bool:
        key = norm.key
        is_word = self.normalizer.is_latin_word_char
        if is_latin(key[key_start]):
            pos = norm.starts[key_start]
            if pos > 0 and is_word(norm.original[pos - 1]):
                return False
        if not prefix and is_latin(key[key_end - 1]):
            pos = norm.ends[key_end - 1]
            if pos < len(norm.original) and is_word(norm.original[pos]):
                return False
        return True

    def _word_end(self, norm: NormalizedText, end: int) -> int:
        """Extend a Latin prefix match (nude*) to the end of the word for display."""
        original, is_word = norm.original, self.normalizer.is_latin_word_char
        limit = min(len(original), end + 40)
        while end < limit and is_word(original[end]):
            end += 1
        return end

    def find(self, norm: NormalizedText) -> list[SignalHit]:
        if not norm.key:
            return []
        original, starts, ends = norm.original, norm.starts, norm.ends
        is_word = self.normalizer.is_latin_word_char
        n_original = len(original)
        positives: list[tuple[int, int, int, tuple[TermSpec, ...], bool]] = []
        negatives: list[tuple[int, int, int, tuple[TermSpec, ...], bool]] = []
        if not self._empty:
            for last, payload in self._automaton.iter(norm.key):
                length, positive, negative, check_start, check_end, extend, contiguous = payload
                key_end = last + 1
                key_start = key_end - length
                if contiguous and not _contiguous(norm, key_start, key_end):
                    continue
                if check_start:
                    pos = starts[key_start]
                    if pos > 0 and is_word(original[pos - 1]):
                        continue
                    if (
                        original[pos + 2 : pos + 3] in _BETWEEN_WORDS
                        and length > 2
                        and _split_head(original, pos, is_word)
                        and norm.key[key_start:key_end] not in self._two_letter_heads
                    ):
                        continue
                if check_end:
                    pos = ends[last]
                    if pos < n_original and is_word(original[pos]):
                        continue
                if positive:
                    positives.append((key_start, -length, key_end, positive, extend))
                if negative:
                    negatives.append((key_start, -length, key_end, negative, extend))
        # Longest-leftmost among literal terms (AI生成 rather than AI and 生成),
        # resolved separately for signals and negative contexts so that a
        # disclaimer never hides a selling word, nor the other way round.
        hits: list[SignalHit] = []
        for candidates in (positives, negatives):
            candidates.sort()
            covered_until = -1
            for key_start, _, key_end, specs, extend in candidates:
                if key_start < covered_until:
                    continue
                covered_until = key_end
                start, end = starts[key_start], ends[key_end - 1]
                if extend:
                    end = self._word_end(norm, end)
                for spec in specs:
                    hits.append(_new_tuple(SignalHit, (spec, key_start, key_end, start, end)))
        self._pattern_hits(norm, hits)
        return hits

    def _pattern_hits(self, norm: NormalizedText, hits: list[SignalHit]) -> None:
        """Add the regex patterns' hits, in file order, each (family, span) once."""
        key = norm.key
        seen: set[tuple[str, int, int]] | None = None  # built at the first pattern match only
        runnables, gated = self._patterns_for(key)
        if gated:
            # One automaton pass tells which patterns' required strings the key holds.
            present = set(chain.from_iterable(map(_second, self._required.iter(key))))
            extra = [gated[i] for i in present if i in gated]
            if extra:
                runnables = sorted(runnables + extra)  # file order: the first spec wins
        for _index, regex, spec, gate in runnables:
            if gate is not None and gate.search(key) is None:
                continue
            for m in regex.finditer(key):
                key_start, key_end = m.span()
                if key_end <= key_start or not self._boundary_ok(norm, key_start, key_end, False):
                    continue
                if spec.contiguous and not _contiguous(norm, key_start, key_end):
                    continue
                start, end = norm.starts[key_start], norm.ends[key_end - 1]
                if seen is None:
                    seen = {(h.spec.family, h.start, h.end) for h in hits}
                if (spec.family, start, end) not in seen:
                    seen.add((spec.family, start, end))
                    hits.append(_new_tuple(SignalHit, (spec, key_start, key_end, start, end)))


__all__ = [
    "SHIPPED_SIGNALS_DIR",
    "SIGNAL_FAMILIES",
    "FamilySpec",
    "SignalConfigError",
    "SignalHit",
    "SignalMatcher",
    "TermSpec",
    "load_signal_families",
    "symbols_in_terms",
]


def _add_spec(specs: list[TermSpec], spec: TermSpec) -> None:
    """R18 and R-18 share a key: one spec per family is enough, the first one found; but a
    prefix (detenido*) wins over the same word alone (detenido, in another file of the
    family), or "detenidos" matches nothing."""
    for i, known in enumerate(specs):
        if known.family == spec.family:
            if spec.prefix and not known.prefix:
                specs[i] = spec
            return
    specs.append(spec)
