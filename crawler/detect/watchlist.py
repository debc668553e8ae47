"""Watchlist entries, CSV loading, and the one-pass name matcher.

Each entry expands into many spellings (variants.py); all of them go into one
Aho-Corasick automaton built once. A text is scanned once; candidate hits are
filtered (word boundaries for Latin names, an honorific after very short names
and after a given or family name on its own) and then resolved longest-leftmost,
so 小林結衣 does not also report 林結衣. pyahocorasick's ``iter_long`` would
resolve before filtering, which drops the shorter valid hit when the longest one
fails its boundary check, so the resolution is done here instead.

Romaji with masked or digit letters (E**a Hartwell, s@kurai, 3mma) is matched by
walking the automaton's trie with wildcards around such characters only.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import re
import threading
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import ahocorasick
import jaconv

from crawler.detect.normalize import NormalizedText, Normalizer, is_latin
from crawler.detect.variants import (
    COMMON_SURNAMES_JA,
    COMMON_SURNAMES_LATIN,
    HONORIFIC_WORDS_JA,
    HONORIFICS_JA,
    HONORIFICS_LATIN,
    MASK,
    MASK_CHARS,
    both_orders,
    expand_long_vowel_marks,
    guess_reading,
    kana_long_vowel_variant,
    kana_to_hepburn,
    latin_name_readings,
    masked_variants,
    romaji_variants,
)

CSV_COLUMNS = ("id", "name", "kana", "aliases", "category")

# Pattern priorities: when two people share a spelling, the more direct form wins.
PRIORITY_EXACT = 0
PRIORITY_DERIVED = 1
PRIORITY_MASKED = 2
# A given or family name on its own (みな, 星野, Emma, ハートウェル): it counts only
# before an honorific, and only when no one else on the watchlist has it.
PRIORITY_PART = 3
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
_PLAIN_KEY = re.compile("(?:[a-z0-9]+|[\u3041-\u3096]+)\\Z")
_LATIN_WORD = re.compile(r"[a-z]+\Z")
_KATAKANA = re.compile("[\u30a1-\u30fe\uff66-\uff9d]")
_KANA_KEY = re.compile(f"[\u3040-\u309f{MASK}]+\\Z")

# Latin name parts get at most this many katakana readings each (the full name
# takes every pairing of them, in both orders).
_READINGS_PER_PART = 4
_READINGS_ALONE = 6


def _needs_context(key: str) -> bool:
    """Very short spellings are ordinary words too: they only count before an honorific.
    Three kana (a nickname such as なーみん or いろぴ) are specific enough alone."""
    if len(key) > 4:
        return False
    if _LATIN_KEY.match(key):
        return True
    if _KANA_KEY.match(key):
        return len(key) <= 2
    return len(key) <= 2


class NamePattern(NamedTuple):
    person_ids: tuple[str, ...]
    key: str
    priority: int
    needs_context: bool
    latin_start: bool
    latin_end: bool
    part: bool = False  # a name part alone: honorific, left boundary, no common word


def _part_key_ok(key: str, family: bool) -> bool:
    """Is this key, as a given (or family) name alone before an honorific, specific enough?

    Given names: two kana or letters, or one kanji (愛ちゃん). Family names: at least
    two kanji, three kana or four letters, and not one of the ~100 most common
    surnames. Why: sellers write 星野さん for a watched 星野 美奈, but 森さん, 中村さん
    or はらさん name countless other people, and a two-kana family name with さん is
    often a word (かばさん). Both kinds also need the honorific right after them, no
    other watched person with the same part (checked in the matcher), no common word
    that the part plus honorific spells (みなさん), and no letter of the part's own
    script right before it (西野美奈ちゃん is someone else).
    """
    if _LATIN_KEY.match(key):
        if not _LATIN_WORD.match(key):
            return False
        return len(key) >= 4 and key not in COMMON_SURNAMES_LATIN if family else len(key) >= 2
    if _KANA_KEY.match(key):
        return len(key) >= 3 and key not in _COMMON_SURNAME_READINGS if family else len(key) >= 2
    if MASK in key:
        return False
    return len(key) >= 2 and key not in COMMON_SURNAMES_JA if family else len(key) >= 1


_COMMON_SURNAME_READINGS = frozenset(COMMON_SURNAMES_JA.values())


def spellings(entry: WatchlistEntry, normalizer: Normalizer) -> dict[str, int]:
    """Every key-form spelling of one person, mapped to its priority."""
    forms, mask_sources = _spellings(entry, normalizer)
    for key in mask_sources:
        for masked in masked_variants(key):
            forms.setdefault(masked, PRIORITY_MASKED)
    return forms


def _spellings(entry: WatchlistEntry, normalizer: Normalizer) -> tuple[dict[str, int], list[str]]:
    """The spellings, and the keys whose one-character masks (星野○奈) also count."""
    forms: dict[str, int] = {}
    mask_sources: list[str] = []
    slow_key = normalizer.key

    def key_of(text: str) -> str:
        # Romaji and plain hiragana are already keys; the normaliser is for the rest.
        return text if _PLAIN_KEY.match(text) else slow_key(text)

    def add(text: str, priority: int, mask: bool = False) -> None:
        key = key_of(text)
        if not key:
            return
        if forms.get(key, 99) > priority:
            forms[key] = priority
        # Latin masks (h*shino) are resolved at match time instead, by a walk of the
        # automaton: cheaper than ~20 masked patterns per person.
        if mask and len(key) >= 4 and not _LATIN_KEY.match(key):
            mask_sources.append(key)

    def add_romaji(key: str, priority: int) -> None:  # generated romaji is a key already
        if forms.get(key, 99) > priority:
            forms[key] = priority

    def add_part(text: str, family: bool) -> None:
        key = key_of(text)
        if key and key not in forms and _part_key_ok(key, family):
            forms[key] = PRIORITY_PART

    name_parts = _parts(entry.name)
    add(entry.name, PRIORITY_EXACT, mask=True)
    latin_name = bool(_LATIN_KEY.match(key_of(entry.name)))
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
    kana_parts = [
        expand_long_vowel_marks(jaconv.kata2hira(p) if _KATAKANA.search(p) else p)
        for p in kana_source
    ]
    if len(kana_parts) == 1 and len(name_parts) == 1 and len(kana_parts[0]) >= 4:
        # No space to tell family from given name: every split, at lowest priority,
        # so given-name-first romaji (mina hoshino) is still found.
        whole = kana_parts[0]
        for cut in range(2, len(whole) - 1):
            rotated = kana_to_hepburn(whole[cut:] + whole[:cut])
            if rotated:
                add_romaji(rotated, PRIORITY_MASKED)
    reading_priority = PRIORITY_DERIVED if guessed else PRIORITY_EXACT
    romaji_parts: list[str | None] = []
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
                    add_romaji(joined, PRIORITY_DERIVED)

    latin_keys = [key_of(p) for p in name_parts] if latin_name else []
    katakana: list[tuple[str, ...]] = []
    if latin_name and len(name_parts) >= 2:
        # Katakana of a Latin name (Emma Hartwell -> エマ・ハートウェル, ハートウェル エマ).
        katakana = [
            tuple(key_of(r) for r in latin_name_readings(k, _READINGS_ALONE)) for k in latin_keys
        ]
        first, last = katakana[0][:_READINGS_PER_PART], katakana[-1][:_READINGS_PER_PART]
        for given in first:
            for family in last:
                add(given + family, PRIORITY_DERIVED)
                add(family + given, PRIORITY_DERIVED)

    _initial_forms(add, latin_keys, romaji_parts, katakana, latin_name)

    # A name part alone, before an honorific: みなちゃん, 美奈ちゃん, Mina-chan,
    # 星野さん, エマちゃん, ハートウェルさん. Japanese names are family-first, Latin
    # names given-first (the kana column follows the name's order).
    if len(name_parts) == 2 or (latin_name and len(name_parts) >= 2):
        given_at, family_at = (0, -1) if latin_name else (-1, 0)
        for at, family in ((given_at, False), (family_at, True)):
            kana = kana_parts[at] if len(kana_parts) == len(name_parts) else ""
            if family and (
                key_of(name_parts[at]) in COMMON_SURNAMES_JA
                or kana in _COMMON_SURNAME_READINGS
                or key_of(name_parts[at]) in COMMON_SURNAMES_LATIN
            ):
                continue  # 佐藤さん, さとうさん, Satou-san, Smith-san: too many people
            add_part(name_parts[at], family)
            if kana:
                add_part(kana, family)
                short = kana_long_vowel_variant(kana)
                if short != kana:
                    add_part(short, family)
                romaji = romaji_parts[at] if romaji_parts else None
                if romaji:  # Hepburn and its short-vowel spelling (yuuko, yuko)
                    add_part(romaji, family)
                    short = romaji.replace("ou", "o").replace("uu", "u").replace("oo", "o")
                    if short != romaji:
                        add_part(short, family)
            if katakana and katakana[at] and (not family or _part_key_ok(latin_keys[at], True)):
                # Only the usual reading: the others alone are often words (Voss -> ボス).
                add_part(katakana[at][0], family)

    for alias in entry.aliases:
        add(alias, PRIORITY_EXACT)
        alias_parts = _parts(alias)
        if len(alias_parts) == 2:
            add(" ".join(reversed(alias_parts)), PRIORITY_DERIVED)  # ヴォス クララ
            if _LATIN_KEY.match(key_of(alias)):
                add_part(alias_parts[0], False)  # Em Hartwell: Em-chan
    return forms, mask_sources


# A Latin family name this long that is no common surname is specific enough alone
# ("the kowalczyk deepfakes", "the Hartwell one").
_DISTINCT_FAMILY_NAME = 7


def _initial_forms(
    add,  # type: ignore[no-untyped-def]
    latin_keys: list[str],
    romaji_parts: list[str | None],
    katakana: list[tuple[str, ...]],
    latin_name: bool,
) -> None:
    """Sellers shorten names to an initial: Tessa L., M. Ardagh, Kotone Y., エマ・H.
    The matcher's Latin word boundaries keep "Tessa L." from matching "Tessa Lopez"."""
    if latin_name and len(latin_keys) >= 2:
        given, family = latin_keys[0], latin_keys[-1]
        if len(given) >= 3:
            add(given + family[0], PRIORITY_DERIVED)
        if len(family) >= 4:
            add(given[0] + family, PRIORITY_DERIVED)
        if len(family) >= _DISTINCT_FAMILY_NAME and family not in COMMON_SURNAMES_LATIN:
            add(family, PRIORITY_DERIVED)
        if katakana and katakana[0] and len(katakana[0][0]) >= 2:
            add(katakana[0][0] + family[0], PRIORITY_DERIVED)  # エマ・H
    elif len(romaji_parts) == 2 and all(romaji_parts):
        family, given = romaji_parts[0] or "", romaji_parts[1] or ""
        if len(given) >= 4:
            add(given + family[0], PRIORITY_DERIVED)  # Kotone Y.


def _combos(options: list[list[str]] | list[tuple[str, ...]]) -> list[list[str]]:
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


# --- wildcard romaji (E**a Hartwell, s@kurai, 3mma, hoshin0) --------------------

# Characters that stand for one letter inside romaji. Masks may be any letter;
# "_" and "?" may also be a plain separator (minase_hiyori); "x" may be itself;
# digits and @/$ stand for the letters they look like (or are themselves: Hart9).
_SOFT_MASKS = frozenset("_?＿？")
_LEET_LETTERS = {
    "0": "o", "1": "il", "3": "e", "4": "a", "5": "s", "7": "t", "9": "g", "@": "a", "$": "s",
}  # fmt: skip
_LEET_SYMBOLS = {"@": "@", "＠": "@", "$": "$", "＄": "$"}  # punctuation: the key drops @
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_MASK_CLASS = "".join(re.escape(c) for c in sorted(MASK_CHARS | _SOFT_MASKS))
_DIGIT_CLASS = "0-9０-９@＠$＄"
_WILD_CLASS = _MASK_CLASS + _DIGIT_CLASS + "xXｘＸ"
_LATIN_CLASS = "A-Za-zＡ-Ｚａ-ｚ"
# Where a wildcard may stand in a romaji name: a mask next to a letter (E**a, H*shino);
# a digit or @ inside a word or next to two letters (M1na, 3mma, hoshin0; not R18, 4K);
# an x between letters (Exma).
_L = f"[{_LATIN_CLASS}]"
_D = f"[{_DIGIT_CLASS}]"
_WILD_NEAR_LATIN = re.compile(
    f"{_L}[{_MASK_CLASS}]|[{_MASK_CLASS}]{_L}"
    f"|{_L}{{2}}{_D}(?!{_D})|(?<!{_D}){_D}{_L}{{2}}|{_L}{_D}{{1,2}}{_L}"
    f"|{_L}[xXｘＸ]{_L}"
)
# Cheap tests that come first: the same on the key (digits, x), and the characters
# the key drops: _ and ? inside a word, @ and $ after a letter (not @handle, $20).
# (Each starts with one character class: re scans for those fast.)
_KEY_WILD = re.compile(
    "[0-9x](?:(?<=[a-z][a-z][0-9])(?![0-9])"  # hoshin0, mp4 (not hart123)
    "|(?<![0-9x][0-9])(?<=[0-9])(?=[a-z][a-z])"  # 3mma (not 18mm)
    "|(?<=[a-z][0-9x])(?=[0-9x]?[a-z]))"  # m1na, e11a, exma
)
_DROPPED_HINT = re.compile("[_?@$＿？＠＄]")
_DROPPED_WILD = re.compile(f"{_L}(?:[_?＿？]+{_L}|[@＠$＄])")


def _may_hold_wildcards(norm: NormalizedText) -> bool:
    key = norm.key
    if MASK in key or _KEY_WILD.search(key):
        return True
    original = norm.original
    return bool(_DROPPED_HINT.search(original) and _DROPPED_WILD.search(original))


# A run of romaji words with their separators: the stretch a wildcard name can span.
_ROMAJI_RUN = re.compile(
    f"[{_LATIN_CLASS}{_WILD_CLASS}]+(?:[ \u3000.\\-・･·'’]+[{_LATIN_CLASS}{_WILD_CLASS}]+)*"
)
_RUN_CHAR = re.compile(f"[{_LATIN_CLASS}{_WILD_CLASS}]")
_SEP, _FIXED, _ANY, _SOFT, _LEET, _X = range(6)
# An x is a real letter too: read as another letter only in a full name (Exma
# Hartwell), never in a short one (Lexa-chan is no Lena).
_MIN_X_NAME = 8
# Work limits per text (hostile input): trie steps and runs looked at.
_WILD_BUDGET = 10_000
_MAX_WILD_RUNS = 8
_MAX_WILD_LETTERS = 4
_WILD_REACH = 48  # characters around a wildcard that a name can span


def _wild_allowed(length: int) -> int:
    """Letters a wildcard may stand for in a name of this length: 1 per 4 (E**a Hartwell)."""
    return max(1, length // 4)


# --- matching -------------------------------------------------------------------

_PARTICLES = frozenset("のはがをにともへでや")


def _script(ch: str) -> str:
    if "\u3041" <= ch <= "\u309f":
        return "hira"
    if ("\u30a1" <= ch <= "\u30fa") or ch == "ー" or ("\uff66" <= ch <= "\uff9f"):
        return "kata"
    if ("\u4e00" <= ch <= "\u9fff") or ("\u3400" <= ch <= "\u4dbf") or ch in "々〆":
        return "kanji"
    if ("\uf900" <= ch <= "\ufaff") or ("\U00020000" <= ch <= "\U0003134f"):
        return "kanji"
    return "other"


class WatchlistMatcher:
    """All spellings of all people in one automaton, built once."""

    def __init__(self, entries: Iterable[WatchlistEntry], normalizer: Normalizer) -> None:
        # The build makes a few hundred thousand small objects that all live on:
        # collecting garbage meanwhile only rescans them (a third of the build time).
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._build(entries, normalizer)
        finally:
            if collecting:
                gc.enable()

    def _build(self, entries: Iterable[WatchlistEntry], normalizer: Normalizer) -> None:
        self.normalizer = normalizer
        self.entries = {e.id: e for e in entries}
        # Owners are one id (nearly always) or a list of ids, to keep the build light.
        best: dict[str, int] = {}
        owners: dict[str, str | list[str]] = {}
        masked_owners: dict[str, str | list[str]] = {}
        best_get, masked_get = best.get, masked_owners.get
        for entry in self.entries.values():
            person = entry.id  # ids are unique, and so are one person's spellings
            forms, mask_sources = _spellings(entry, normalizer)
            for key, priority in forms.items():
                current = best_get(key)
                if current is None or priority < current:
                    best[key] = priority
                    owners[key] = person
                elif priority == current:
                    other = owners[key]
                    if other.__class__ is str:
                        owners[key] = [other, person]  # type: ignore[list-item]
                    else:
                        other.append(person)  # type: ignore[union-attr]
            for source in mask_sources:  # 星野美奈 -> 星野○奈 and the like
                for i in range(len(source)):
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
        self._automaton = ahocorasick.Automaton()
        # Masked spellings (星野○奈) are only looked up around a mask in the text, from
        # a plain dict: most texts have no mask, and the automaton stays half the size.
        self._masked: dict[str, tuple[int, list[str]]] = {}
        # Japanese name parts alone (みな, 美奈, 星野) are looked up only right before an
        # honorific in the text, from a plain dict: they would otherwise fire inside
        # every full name. Romaji parts stay in the automaton (wildcards walk it).
        self._parts: dict[str, NamePattern] = {}
        add_word = self._automaton.add_word
        new_pattern = tuple.__new__  # NamePattern(...) without its Python-level __new__
        pattern_count = 0
        for key, priority in best.items():
            owner = owners[key]
            ids = [owner] if owner.__class__ is str else owner
            part = priority == PRIORITY_PART
            if part and len(ids) > 1:
                continue  # a given name several watched people share names none of them
            pattern_count += 1
            if MASK in key:
                self._masked[key] = (priority, ids)  # type: ignore[assignment]
                continue
            pattern = new_pattern(
                NamePattern,
                (
                    tuple(ids),
                    key,
                    priority,
                    part or (len(key) <= 4 and _needs_context(key)),
                    is_latin(key[0]),
                    is_latin(key[-1]),
                    part,
                ),
            )
            if part and not pattern.latin_start:
                self._parts[key] = pattern
            else:
                add_word(key, pattern)
        for key, owner in masked_owners.items():
            if key not in self._masked:  # a spelling of its own wins over a masked one
                ids = [owner] if owner.__class__ is str else owner
                self._masked[key] = (PRIORITY_MASKED, ids)  # type: ignore[assignment]
                pattern_count += 1
        self._masked_lengths = sorted({len(k) for k in self._masked})
        # Lengths of the name parts, by their last character.
        by_last: dict[str, set[int]] = {}
        for part_key in self._parts:
            by_last.setdefault(part_key[-1], set()).add(len(part_key))
        self._part_lengths = {c: sorted(lengths) for c, lengths in by_last.items()}
        self._local = threading.local()
        self.pattern_count = pattern_count
        self.masked_count = len(self._masked)
        self._empty = not pattern_count
        self._automaton_empty = len(self._automaton) == 0
        if not self._automaton_empty:
            self._automaton.make_automaton()
        # Honorifics by first key character: most hits are followed by none.
        self._honorifics_by_first: dict[str, list[tuple[str, bool]]] = {}
        for honorific, latin in [(h, True) for h in HONORIFICS_LATIN] + [
            (normalizer.key(h), False) for h in HONORIFICS_JA
        ]:
            self._honorifics_by_first.setdefault(honorific[0], []).append((honorific, latin))
        ja = sorted({normalizer.key(h) for h in HONORIFICS_JA}, key=len, reverse=True)
        self._honorific_ja_re = re.compile("|".join(map(re.escape, ja)))
        words = {normalizer.key(w) for w in HONORIFIC_WORDS_JA}
        for word in list(words):
            romaji = kana_to_hepburn(word)
            if romaji:
                words.update(romaji_variants(romaji))
        self._honorific_words = frozenset(words)

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
        following = self._honorifics_by_first.get(key[key_end : key_end + 1])
        if following is None:
            return None
        for honorific, latin in following:
            if key.startswith(honorific, key_end):
                end = key_end + len(honorific)
                if not latin:
                    return end
                if latin_end and self._latin_boundary_after(norm, end):
                    return end
        return None

    @staticmethod
    def _part_boundary_before(norm: NormalizedText, key_start: int) -> bool:
        """A name part alone must not be the tail of a longer word in its own script:
        美奈 in 西野美奈, ミナ in ルミナ, みか in ふみか. Particles may precede (のみな)."""
        pos = norm.starts[key_start]
        if pos == 0:
            return True
        before, first = norm.original[pos - 1], norm.original[pos]
        script = _script(first)
        if script == "other":
            return True
        previous = _script(before)
        if before == "ー":
            return script not in ("hira", "kata")
        if previous != script:
            return True
        return script == "hira" and before in _PARTICLES

    def _collect(
        self,
        norm: NormalizedText,
        candidates: list[tuple[int, int, int, NamePattern]],
    ) -> None:
        if self._automaton_empty:
            return
        key = norm.key
        honorific_first = self._honorifics_by_first
        accept = self._accept
        for last, pattern in self._automaton.iter(key):
            key_end = last + 1
            if pattern.needs_context and key[key_end : key_end + 1] not in honorific_first:
                continue  # no honorific can follow: skip the checks
            accept(norm, pattern, key_end - len(pattern.key), key_end, candidates)

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
        if pattern.part and (
            norm.key[key_start:honorific_end] in self._honorific_words
            or not self._part_boundary_before(norm, key_start)
        ):
            return
        span_end = honorific_end or key_end
        candidates.append((key_start, span_end, key_end, pattern))

    def _part_lookup(
        self, norm: NormalizedText, candidates: list[tuple[int, int, int, NamePattern]]
    ) -> None:
        """Japanese name parts alone: look up the key just before each honorific."""
        key = norm.key
        parts = self._parts
        lengths_by_last = self._part_lengths
        accept = self._accept
        for honorific in self._honorific_ja_re.finditer(key):
            end = honorific.start()
            lengths = lengths_by_last.get(key[end - 1 : end])
            if lengths is None:
                continue
            for length in lengths:
                if length > end:
                    break
                pattern = parts.get(key[end - length : end])
                if pattern is not None:
                    accept(norm, pattern, end - length, end, candidates)

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

    # -- wildcard romaji ----------------------------------------------------------
    def _romaji_tokens(self, text: str, offset: int) -> list[tuple[int, str, int]]:
        """(kind, letters, original index) per character of a romaji run."""
        fold = self.normalizer.fold_char
        tokens: list[tuple[int, str, int]] = []
        for i, ch in enumerate(text, offset):
            if ch in _SOFT_MASKS:
                tokens.append((_SOFT, _LETTERS, i))
                continue
            folded = _LEET_SYMBOLS.get(ch) or fold(ch)
            if folded == MASK:
                tokens.append((_ANY, _LETTERS, i))
            elif folded == "x":
                tokens.append((_X, _LETTERS, i))
            elif folded in _LEET_LETTERS:
                tokens.append((_LEET, folded + _LEET_LETTERS[folded], i))
            elif len(folded) == 1 and folded.isascii() and (folded.isalpha() or folded.isdigit()):
                tokens.append((_FIXED, folded, i))
            else:
                tokens.append((_SEP, "", i))
        return tokens

    def _wild_latin(
        self, norm: NormalizedText, candidates: list[tuple[int, int, int, NamePattern]]
    ) -> None:
        """Romaji names with wildcard letters: walk the trie from each word start before
        a wildcard, letting each wildcard be any letter (or the letters a digit looks like)."""
        automaton = self._automaton
        prefix_exists = automaton.match
        original = norm.original
        budget = _WILD_BUDGET
        done_until = -1
        runs = 0
        for near in _WILD_NEAR_LATIN.finditer(original):
            at = near.start()
            if at < done_until:
                continue
            lo = max(0, at - _WILD_REACH)
            run = None
            for found in _ROMAJI_RUN.finditer(original, lo, at + _WILD_REACH):
                if found.start() <= at < found.end():
                    run = found
                    break
            if run is None:
                continue
            done_until = run.end()
            runs += 1
            if runs > _MAX_WILD_RUNS or budget <= 0:
                return
            first = run.start()
            tokens = self._romaji_tokens(run.group(), first)
            n = len(tokens)
            mid_word = first > 0 and _RUN_CHAR.match(original, first - 1) is not None
            for start in range(n):
                kind = tokens[start][0]
                if kind == _SEP or (tokens[start - 1][0] == _FIXED if start else mid_word):
                    continue  # names start at a word start (or after a mask: ★E**a)
                # (token index, trie prefix, wildcards used, any substitution, x read
                # as another letter, last token)
                stack: list[tuple[int, str, int, bool, bool, int]] = [
                    (start, "", 0, False, False, -1)
                ]
                while stack and budget > 0:
                    i, prefix, wild, changed, x_read, last = stack.pop()
                    budget -= 1
                    if (
                        changed
                        and last >= 0
                        and wild <= _wild_allowed(len(prefix))
                        and (not x_read or len(prefix) >= _MIN_X_NAME)
                        and automaton.exists(prefix)
                    ):
                        self._accept_span(
                            norm, automaton.get(prefix), tokens, start, last, candidates
                        )
                    if i >= n:
                        continue
                    kind, letters, _ = tokens[i]
                    if kind == _SEP:
                        if prefix:
                            stack.append((i + 1, prefix, wild, changed, x_read, last))
                        continue
                    if kind == _FIXED:
                        extended = prefix + letters
                        if prefix_exists(extended):
                            stack.append((i + 1, extended, wild, changed, x_read, i))
                        continue
                    if kind == _LEET:
                        literal = letters[0]
                        for c in letters:
                            extended = prefix + c
                            if prefix_exists(extended):
                                read = changed or c != literal
                                stack.append((i + 1, extended, wild, read, x_read, i))
                        continue
                    if kind == _SOFT and prefix:  # a separator after all
                        stack.append((i + 1, prefix, wild, changed, x_read, last))
                    is_x = kind == _X
                    if is_x and prefix_exists(prefix + "x"):
                        stack.append((i + 1, prefix + "x", wild, changed, x_read, i))
                    if wild >= _MAX_WILD_LETTERS:
                        continue
                    for c in _LETTERS:
                        extended = prefix + c
                        if prefix_exists(extended):
                            stack.append((i + 1, extended, wild + 1, True, x_read or is_x, i))

    def _accept_span(
        self,
        norm: NormalizedText,
        pattern: NamePattern,
        tokens: list[tuple[int, str, int]],
        first: int,
        last: int,
        candidates: list[tuple[int, int, int, NamePattern]],
    ) -> None:
        if not pattern.latin_start:
            return
        start, end = tokens[first][2], tokens[last][2] + 1
        key_start = bisect_left(norm.starts, start)
        key_end = bisect_left(norm.starts, end)
        if key_start < key_end:
            self._accept(norm, pattern, key_start, key_end, candidates)

    def find(self, norm: NormalizedText) -> list[NameHit]:
        if self._empty or not norm.key:
            return []
        candidates: list[tuple[int, int, int, NamePattern]] = []
        self._collect(norm, candidates)
        if self._parts:
            self._part_lookup(norm, candidates)
        # Wildcard romaji depends on the original text only: the detector's other views
        # of the same text (masks removed, digits read as letters) need not repeat it.
        local = self._local
        if norm.original is not getattr(local, "wild_done", None):
            local.wild_done = norm.original
            if not self._automaton_empty and _may_hold_wildcards(norm):
                self._wild_latin(norm, candidates)
        if self._masked and MASK in norm.key:
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
