"""Watchlist entries, CSV loading, and the one-pass name matcher.

Each entry expands into many spellings (variants.py); all of them go into one
Aho-Corasick automaton built once. A text is scanned once; candidate hits are
filtered (word boundaries for Latin names, an honorific after very short names)
and then resolved longest-leftmost, so 小林結衣 does not also report 林結衣.
pyahocorasick's ``iter_long`` would resolve before filtering, which drops the
shorter valid hit when the longest one fails its boundary check, so the
resolution is done here instead.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import ahocorasick
import jaconv

from crawler.detect.normalize import NormalizedText, Normalizer, is_latin
from crawler.detect.variants import (
    HONORIFICS_JA,
    HONORIFICS_LATIN,
    MASK,
    both_orders,
    expand_long_vowel_marks,
    guess_reading,
    kana_long_vowel_variant,
    kana_to_hepburn,
    masked_variants,
    romaji_variants,
)

CSV_COLUMNS = ("id", "name", "kana", "aliases", "category")

# Pattern priorities: when two people share a spelling, the more direct form wins.
PRIORITY_EXACT = 0
PRIORITY_DERIVED = 1
PRIORITY_MASKED = 2
# Latin masks: how far around a mask to rescan, and how many masks per text.
_MASK_WINDOW = 40
_MAX_LATIN_MASKS = 6
_MAX_MASKS = 8


@dataclass(frozen=True, slots=True)
class WatchlistEntry:
    id: str
    name: str
    kana: str = ""
    aliases: tuple[str, ...] = ()
    category: str = ""


class WatchlistError(ValueError):
    """The watchlist file cannot be used as given; the message says what to fix."""


def _split_aliases(raw: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in (raw or "").split("|") if a.strip())


def parse_watchlist_csv(text: str, source: str = "watchlist") -> list[WatchlistEntry]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in ("id", "name") if c not in header]
    if missing:
        raise WatchlistError(
            f"{source}: missing column(s) {', '.join(missing)}; the header must be "
            f"{','.join(CSV_COLUMNS)}"
        )
    entries: list[WatchlistEntry] = []
    seen: set[str] = set()
    for line_no, row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k is not None}
        if not any(row.values()):
            continue
        person_id, name = row.get("id", ""), row.get("name", "")
        if not person_id or not name:
            raise WatchlistError(f"{source}:{line_no}: every row needs an id and a name")
        if person_id in seen:
            raise WatchlistError(f"{source}:{line_no}: duplicate id {person_id!r}")
        seen.add(person_id)
        entries.append(
            WatchlistEntry(
                id=person_id,
                name=name,
                kana=row.get("kana", ""),
                aliases=_split_aliases(row.get("aliases", "")),
                category=row.get("category", ""),
            )
        )
    return entries


def load_watchlist_csv(path: str | Path) -> list[WatchlistEntry]:
    """Read ``id,name,kana,aliases,category`` (UTF-8, BOM allowed; aliases split on ``|``)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise WatchlistError(f"{path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise WatchlistError(f"{path}: not UTF-8 text; save the CSV as UTF-8") from exc
    return parse_watchlist_csv(text, source=str(path))


def load_watchlist_from_db(session) -> list[WatchlistEntry]:  # type: ignore[no-untyped-def]
    """Entries stored by ``mimamori watchlist import`` (storage.models.WatchlistPerson)."""
    from sqlalchemy import select

    from storage.models import WatchlistPerson

    rows = session.scalars(select(WatchlistPerson).order_by(WatchlistPerson.id)).all()
    entries = []
    for row in rows:
        aliases = row.aliases
        if isinstance(aliases, str):
            aliases = json.loads(aliases or "[]")
        entries.append(
            WatchlistEntry(
                id=row.id,
                name=row.name,
                kana=row.kana or "",
                aliases=tuple(aliases or ()),
                category=row.category or "",
            )
        )
    return entries


# --- spelling generation ------------------------------------------------------


_NAME_SEPARATORS = re.compile(r"[\s・･·,、]+")


def _parts(text: str) -> list[str]:
    return [p for p in _NAME_SEPARATORS.split(text) if p]


_LATIN_KEY = re.compile(r"[a-z0-9]+\Z")
_KANA_KEY = re.compile(f"[\u3040-\u309f{MASK}]+\\Z")


def _needs_context(key: str) -> bool:
    """Very short spellings are ordinary words too: they only count before an honorific."""
    if len(key) > 4:
        return False
    if _LATIN_KEY.match(key):
        return True
    if _KANA_KEY.match(key):
        return len(key) <= 3
    return len(key) <= 2


class NamePattern(NamedTuple):
    person_ids: tuple[str, ...]
    key: str
    priority: int
    needs_context: bool
    latin_start: bool
    latin_end: bool


def spellings(entry: WatchlistEntry, normalizer: Normalizer) -> dict[str, int]:
    """Every key-form spelling of one person, mapped to its priority."""
    forms: dict[str, int] = {}

    def add(text: str, priority: int, mask: bool = False) -> None:
        # Generated romaji is already in key form; skip the normaliser for it.
        key = text if _LATIN_KEY.match(text) else normalizer.key(text)
        if not key:
            return
        if forms.get(key, 99) > priority:
            forms[key] = priority
        # Latin masks (h*shino) are resolved at match time instead: 26 letters
        # per mask are cheaper than ~20 masked patterns per person.
        if mask and len(key) >= 4 and not _LATIN_KEY.match(key):
            for masked in masked_variants(key):
                forms.setdefault(masked, PRIORITY_MASKED)

    name_parts = _parts(entry.name)
    add(entry.name, PRIORITY_EXACT, mask=True)
    latin_name = bool(_LATIN_KEY.match(normalizer.key(entry.name)))
    if latin_name and len(name_parts) >= 2:
        add(" ".join(reversed(name_parts)), PRIORITY_DERIVED)
        if len(name_parts) >= 3:  # Mary Jane Watson: also Mary Watson / Watson Mary
            add(name_parts[0] + name_parts[-1], PRIORITY_DERIVED)
            add(name_parts[-1] + name_parts[0], PRIORITY_DERIVED)

    kana_source = _parts(entry.kana)
    guessed = False
    if not kana_source and not latin_name:
        readings = [guess_reading(p) for p in name_parts]
        if readings and all(readings):
            kana_source, guessed = [r for r in readings if r], True
    kana_parts = [expand_long_vowel_marks(jaconv.kata2hira(p)) for p in kana_source]
    if len(kana_parts) == 1 and len(name_parts) == 1 and len(kana_parts[0]) >= 4:
        # No space to tell family from given name: every split, at lowest priority,
        # so given-name-first romaji (mina hoshino) is still found.
        whole = kana_parts[0]
        for cut in range(2, len(whole) - 1):
            rotated = kana_to_hepburn(whole[cut:] + whole[:cut])
            if rotated:
                add(rotated, PRIORITY_MASKED)
    reading_priority = PRIORITY_DERIVED if guessed else PRIORITY_EXACT
    if kana_parts:
        add("".join(kana_parts), reading_priority, mask=True)
        add(kana_long_vowel_variant("".join(kana_parts)), PRIORITY_DERIVED)
        if len(kana_parts) == 2:
            add(kana_parts[1] + kana_parts[0], PRIORITY_DERIVED)  # ヒヨリ・ミナセ
        if len(kana_parts) == 2 and len(name_parts) == 2:
            # Mixed scripts as sellers write them: 星野みな, ほしの美奈.
            add(name_parts[0] + kana_parts[1], PRIORITY_DERIVED)
            add(kana_parts[0] + name_parts[1], PRIORITY_DERIVED)
        romaji_parts = [kana_to_hepburn(p) for p in kana_parts]
        if all(romaji_parts):
            primary = both_orders([r for r in romaji_parts if r])
            for joined in primary:
                add(joined, reading_priority, mask=True)
            per_part = [romaji_variants(r) for r in romaji_parts if r]
            for combo in _combos(per_part):
                for joined in both_orders(combo):
                    add(joined, PRIORITY_DERIVED)
    for alias in entry.aliases:
        add(alias, PRIORITY_EXACT)
        alias_parts = _parts(alias)
        if len(alias_parts) == 2 and _LATIN_KEY.match(normalizer.key(alias)):
            add(" ".join(reversed(alias_parts)), PRIORITY_DERIVED)
    return forms


def _combos(options: list[list[str]]) -> list[list[str]]:
    result: list[list[str]] = [[]]
    for opts in options:
        result = [[*r, o] for r in result for o in opts]
    return result


@dataclass(frozen=True, slots=True)
class NameHit:
    person_id: str
    pattern: str
    key_start: int
    key_end: int  # exclusive, honorific included
    start: int  # original offsets
    end: int


class WatchlistMatcher:
    """All spellings of all people in one automaton, built once."""

    def __init__(self, entries: Iterable[WatchlistEntry], normalizer: Normalizer) -> None:
        self.normalizer = normalizer
        self.entries = {e.id: e for e in entries}
        best: dict[str, tuple[int, list[str]]] = {}
        for entry in self.entries.values():
            for key, priority in spellings(entry, normalizer).items():
                current = best.get(key)
                if current is None or priority < current[0]:
                    best[key] = (priority, [entry.id])
                elif priority == current[0] and entry.id not in current[1]:
                    current[1].append(entry.id)
        self._automaton = ahocorasick.Automaton()
        # Masked spellings (星野○奈) are only looked up around a mask in the text, from
        # a plain dict: most texts have no mask, and the automaton stays half the size.
        self._masked: dict[str, tuple[int, list[str]]] = {}
        for key, (priority, ids) in best.items():
            if MASK in key:
                self._masked[key] = (priority, ids)
                continue
            self._automaton.add_word(
                key,
                NamePattern(
                    tuple(ids),
                    key,
                    priority,
                    _needs_context(key),
                    is_latin(key[0]),
                    is_latin(key[-1]),
                ),
            )
        self._masked_lengths = sorted({len(k) for k in self._masked})
        self.pattern_count = len(best)
        self.masked_count = len(self._masked)
        self._empty = not best
        self._automaton_empty = len(self._automaton) == 0
        if not self._automaton_empty:
            self._automaton.make_automaton()
        self._honorifics_ja = tuple(normalizer.key(h) for h in HONORIFICS_JA)

    def _latin_boundary_before(self, norm: NormalizedText, key_start: int) -> bool:
        pos = norm.starts[key_start]
        return pos == 0 or not self.normalizer.is_latin_word_char(norm.original[pos - 1])

    def _latin_boundary_after(self, norm: NormalizedText, key_end: int) -> bool:
        pos = norm.ends[key_end - 1]
        return pos >= len(norm.original) or not self.normalizer.is_latin_word_char(
            norm.original[pos]
        )

    def _honorific_end(self, norm: NormalizedText, key_end: int, latin_end: bool) -> int | None:
        """Key index after an honorific that directly follows the name, if any."""
        key = norm.key
        if latin_end:
            for honorific in HONORIFICS_LATIN:
                end = key_end + len(honorific)
                if key.startswith(honorific, key_end) and self._latin_boundary_after(norm, end):
                    return end
        for honorific in self._honorifics_ja:
            if key.startswith(honorific, key_end):
                return key_end + len(honorific)
        return None

    def _collect(
        self,
        norm: NormalizedText,
        key: str,
        candidates: list[tuple[int, int, int, NamePattern]],
        lo: int = 0,
        must_cover: int = -1,
    ) -> None:
        if self._automaton_empty:
            return
        for last, pattern in self._automaton.iter(
            key, lo, min(len(key), lo + _MASK_WINDOW * 2) if must_cover >= 0 else len(key)
        ):
            key_end = last + 1
            key_start = key_end - len(pattern.key)
            if must_cover >= 0 and not key_start <= must_cover < key_end:
                continue
            self._accept(norm, pattern, key_start, key_end, candidates)

    def _accept(
        self,
        norm: NormalizedText,
        pattern: NamePattern,
        key_start: int,
        key_end: int,
        candidates: list[tuple[int, int, int, NamePattern]],
    ) -> None:
        """Keep a raw hit if its word boundaries and context allow it."""
        if pattern.latin_start and not self._latin_boundary_before(norm, key_start):
            return
        honorific_end = self._honorific_end(norm, key_end, pattern.latin_end)
        if (
            pattern.latin_end
            and honorific_end is None
            and not self._latin_boundary_after(norm, key_end)
        ):
            return
        if pattern.needs_context and honorific_end is None:
            return
        span_end = honorific_end or key_end
        candidates.append((key_start, span_end, key_end, pattern))

    def _masked_lookup(
        self, norm: NormalizedText, candidates: list[tuple[int, int, int, NamePattern]]
    ) -> None:
        """Look up every window around each mask in the masked-spelling dict."""
        key = norm.key
        n = len(key)
        positions = [i for i, c in enumerate(key) if c == MASK][:_MAX_MASKS]
        seen: set[tuple[int, int]] = set()
        for pos in positions:
            for length in self._masked_lengths:
                for start in range(max(0, pos - length + 1), min(pos, n - length) + 1):
                    if (start, length) in seen:
                        continue
                    seen.add((start, length))
                    window = key[start : start + length]
                    found = self._masked.get(window)
                    if found is None:
                        continue
                    priority, ids = found
                    pattern = NamePattern(
                        tuple(ids),
                        window,
                        priority,
                        _needs_context(window),
                        is_latin(window[0]),
                        is_latin(window[-1]),
                    )
                    self._accept(norm, pattern, start, start + length, candidates)

    def _masked_latin(
        self, norm: NormalizedText, candidates: list[tuple[int, int, int, NamePattern]]
    ) -> None:
        """Try every letter in place of a mask that sits inside Latin text (h*shino)."""
        key = norm.key
        positions = [
            i
            for i, c in enumerate(key)
            if c == MASK
            and (
                (i > 0 and key[i - 1].isascii() and key[i - 1].isalpha())
                or (i + 1 < len(key) and key[i + 1].isascii() and key[i + 1].isalpha())
            )
        ][:_MAX_LATIN_MASKS]
        for pos in positions:
            lo = max(0, pos - _MASK_WINDOW)
            for letter in "abcdefghijklmnopqrstuvwxyz":
                self._collect(norm, key[:pos] + letter + key[pos + 1 :], candidates, lo, pos)

    def find(self, norm: NormalizedText) -> list[NameHit]:
        if self._empty or not norm.key:
            return []
        candidates: list[tuple[int, int, int, NamePattern]] = []
        self._collect(norm, norm.key, candidates)
        if MASK in norm.key:
            self._masked_latin(norm, candidates)
            if self._masked:
                self._masked_lookup(norm, candidates)
        candidates.sort(key=lambda c: (c[0], -(c[2] - c[0]), c[3].priority))
        hits: list[NameHit] = []
        covered_until = -1
        for key_start, span_end, _name_end, pattern in candidates:
            if key_start < covered_until:
                continue
            covered_until = span_end
            start, end = norm.original_span(key_start, span_end)
            for person_id in pattern.person_ids:
                hits.append(NameHit(person_id, pattern.key, key_start, span_end, start, end))
        return hits
