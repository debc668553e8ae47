"""Signal families loaded from YAML, matched in one pass over the key.

A family file looks like::

    family: commerce            # one of SIGNAL_FAMILIES, or any name with kind: negative
    kind: signal                # signal | negative
    dampen: 0.85                # negative only: how far a match lowers the score (0..1)
    suppresses: [real_person]   # negative only: term matches of these families are ignored
    void_if: {synthetic: 0.5, sexual: 0.8}  # negative only: ignored when all these are reached
    cancels: [minor]            # negative only: signal hits of these families inside
                                # the matched span are dropped (未成年閲覧禁止 is an age gate)
    default_weight: 1.0
    terms:                      # written as a person would; normalised like the text
      - 有償
      - {term: DM, weight: 0.5}
      - {term: アイコラ, implies: {sexual: 0.8}}
      - {term: nude*, weight: 0.9}   # trailing * : Latin prefix (nudes, nudify)
      - {term: 酷似, unsuppressible: true}
      - {term: loli*, contiguous: true}   # only where the original has no gap: not "lol. I'm"
    patterns:                   # regexes over the normalised key (lowercase,
      - {regex: '[$¥]\\d+', label: price, weight: 0.8}   # hiragana, no spaces/punctuation)
      - {regex: '(小|中|高)[1-6]', label: school year, contiguous: true}  # no gap in the original

Several files may contribute to the same family; a patrol group extends the
detector by adding terms or files, without code.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import ahocorasick
import jaconv
import yaml

from crawler.detect.normalize import NormalizedText, Normalizer, is_latin
from crawler.detect.prefilter import required_characters, substring_test

SIGNAL_FAMILIES = ("commerce", "synthetic", "sexual", "real_person", "minor")
SHIPPED_SIGNALS_DIR = Path(__file__).with_name("signals")


class SignalConfigError(ValueError):
    """A signal file is malformed; the message names the file and entry."""


@dataclass(frozen=True, slots=True)
class TermSpec:
    family: str
    label: str
    weight: float
    implies: tuple[tuple[str, float], ...] = ()
    prefix: bool = False
    unsuppressible: bool = False
    contiguous: bool = False


@dataclass(slots=True)
class FamilySpec:
    name: str
    kind: str = "signal"
    dampen: float = 0.0
    suppresses: tuple[str, ...] = ()
    void_if: dict[str, float] = field(default_factory=dict)
    cancels: tuple[str, ...] = ()
    terms: list[tuple[str, TermSpec]] = field(default_factory=list)
    patterns: list[tuple[re.Pattern[str], TermSpec]] = field(default_factory=list)


class SignalHit(NamedTuple):  # a tuple: created for every match, so cheap to build
    spec: TermSpec
    key_start: int
    key_end: int
    start: int
    end: int


def _prepare_regex(source: str) -> str:
    # Regex authors write katakana and full-width as they read; the key has
    # hiragana, half-width and no long-vowel marks.
    return jaconv.kata2hira(unicodedata.normalize("NFKC", source)).replace("ー", "")


def _term_spec(family: str, raw: object, default_weight: float, where: str) -> tuple[str, TermSpec]:
    if isinstance(raw, str):
        raw = {"term": raw}
    if not isinstance(raw, dict) or not isinstance(raw.get("term"), str) or not raw["term"]:
        raise SignalConfigError(f"{where}: a term must be a string or {{term: ..., weight: ...}}")
    term: str = raw["term"]
    prefix = term.endswith("*") and len(term) > 1
    if prefix:
        term = term[:-1]
    implies = raw.get("implies") or {}
    if not isinstance(implies, dict):
        raise SignalConfigError(f"{where}: implies must map family -> weight")
    for implied in implies:
        if implied not in SIGNAL_FAMILIES:
            raise SignalConfigError(f"{where}: implies unknown family {implied!r}")
    spec = TermSpec(
        family=family,
        label=str(raw.get("label") or raw["term"]),
        weight=float(raw.get("weight", default_weight)),
        implies=tuple((k, float(v)) for k, v in implies.items()),
        prefix=prefix,
        unsuppressible=bool(raw.get("unsuppressible", False)),
        contiguous=bool(raw.get("contiguous", False)),
    )
    return term, spec


def load_signal_families(directory: Path | None = None) -> dict[str, FamilySpec]:
    directory = Path(directory) if directory is not None else SHIPPED_SIGNALS_DIR
    files = sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml"))
    if not files:
        raise SignalConfigError(f"{directory}: no signal YAML files found")
    families: dict[str, FamilySpec] = {}
    for path in files:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise SignalConfigError(f"{path}: not valid YAML: {exc}") from exc
        name = data.get("family")
        kind = data.get("kind", "signal")
        if kind not in ("signal", "negative"):
            raise SignalConfigError(f"{path}: kind must be signal or negative")
        if not isinstance(name, str) or (kind == "signal" and name not in SIGNAL_FAMILIES):
            raise SignalConfigError(
                f"{path}: family must be one of {', '.join(SIGNAL_FAMILIES)} "
                "(or any name with kind: negative)"
            )
        family = families.setdefault(name, FamilySpec(name=name, kind=kind))
        if family.kind != kind:
            raise SignalConfigError(f"{path}: family {name} declared both signal and negative")
        if kind == "negative":
            family.dampen = max(family.dampen, float(data.get("dampen", 0.0)))
            suppressed = tuple(data.get("suppresses") or ())
            family.suppresses = tuple(dict.fromkeys(family.suppresses + suppressed))
            void_if = data.get("void_if") or {}
            if not isinstance(void_if, dict) or any(k not in SIGNAL_FAMILIES for k in void_if):
                raise SignalConfigError(f"{path}: void_if must map signal families to 0..1")
            family.void_if.update({k: float(v) for k, v in void_if.items()})
            cancels = tuple(data.get("cancels") or ())
            if any(c not in SIGNAL_FAMILIES for c in cancels):
                raise SignalConfigError(f"{path}: cancels must list signal families")
            family.cancels = tuple(dict.fromkeys(family.cancels + cancels))
        default_weight = float(data.get("default_weight", 1.0))
        for i, raw in enumerate(data.get("terms") or ()):
            family.terms.append(_term_spec(name, raw, default_weight, f"{path} term #{i + 1}"))
        for i, raw in enumerate(data.get("patterns") or ()):
            where = f"{path} pattern #{i + 1}"
            if not isinstance(raw, dict) or not isinstance(raw.get("regex"), str):
                raise SignalConfigError(f"{where}: a pattern needs regex: and label:")
            try:
                compiled = re.compile(_prepare_regex(raw["regex"]), re.IGNORECASE)
            except re.error as exc:
                raise SignalConfigError(f"{where}: bad regex: {exc}") from exc
            _, spec = _term_spec(
                name,
                {k: v for k, v in raw.items() if k != "regex"}
                | {"term": raw.get("label") or raw["regex"]},
                default_weight,
                where,
            )
            family.patterns.append((compiled, spec))
    return families


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


class SignalMatcher:
    def __init__(self, families: dict[str, FamilySpec], normalizer: Normalizer) -> None:
        self.families = families
        self.normalizer = normalizer
        self._automaton = ahocorasick.Automaton()
        by_key: dict[str, list[TermSpec]] = {}
        for family in families.values():
            for term, spec in family.terms:
                key = normalizer.key(term)
                specs = by_key.setdefault(key, []) if key else None
                # R18 and R-18 share a key: one reason per family is enough.
                if specs is not None and all(s.family != spec.family for s in specs):
                    specs.append(spec)
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
        self._patterns = [
            (regex, spec, substring_test(regex.pattern))
            for f in families.values()
            for regex, spec in f.patterns
        ]
        # Each pattern is indexed by characters every match of it holds: a key with none of
        # them skips the pattern (most posts have no digits, no 似, no 実在 ...).
        self._always: list[int] = []  # patterns whose characters cannot be told
        self._by_first_char: dict[str, list[int]] = {}
        for index, (regex, _spec, _strings) in enumerate(self._patterns):
            first = required_characters(regex.pattern)
            if first is None:
                self._always.append(index)
            else:
                for char in first:
                    self._by_first_char.setdefault(char, []).append(index)
        self._pattern_chars = frozenset(self._by_first_char)

    def _patterns_for(self, key: str) -> list[int]:
        """Indexes of the patterns that could match somewhere in ``key``, in file order."""
        chars = self._pattern_chars.intersection(key)
        if not chars:
            return self._always
        chosen = set(self._always)
        for char in chars:
            chosen.update(self._by_first_char[char])
        return sorted(chosen)

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
                hits.extend([SignalHit(spec, key_start, key_end, start, end) for spec in specs])
        candidates = self._patterns_for(norm.key)
        seen = {(h.spec.family, h.start, h.end) for h in hits} if candidates else set()
        patterns = self._patterns
        key = norm.key
        for index in candidates:
            regex, spec, holds_required = patterns[index]
            if holds_required is not None and not holds_required(key):
                continue
            for m in regex.finditer(key):
                if m.end() <= m.start() or not self._boundary_ok(norm, m.start(), m.end(), False):
                    continue
                if spec.contiguous and not _contiguous(norm, m.start(), m.end()):
                    continue
                start, end = norm.original_span(m.start(), m.end())
                if (spec.family, start, end) not in seen:
                    seen.add((spec.family, start, end))
                    hits.append(SignalHit(spec, m.start(), m.end(), start, end))
        return hits
