"""The one-pass name matcher: every spelling of every watched person in one automaton.

Spellings come from spellings.py. A text is scanned once; candidate hits are filtered (word
boundaries for Latin names, an honorific after very short names and after a name part alone)
and resolved longest-leftmost here (小林結衣 does not also report 林結衣): pyahocorasick's
``iter_long`` resolves before filtering, dropping a shorter hit the longest one hid.

Romaji with masked or digit letters (E**a Hartwell, s@kurai, 3mma): wild_romaji.py.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterable
from functools import partial

import ahocorasick

from crawler.detect.bare_names import BARE_MARK, BareNames, bare_part_ok
from crawler.detect.chinese_names import chinese_two_character_names
from crawler.detect.kanji_fuzzy import KanjiFuzzy
from crawler.detect.katakana_fuzzy import FuzzyHit, KatakanaFuzzy
from crawler.detect.latin_fuzzy import LatinFuzzy
from crawler.detect.latin_nicknames import latin_pet_names
from crawler.detect.masked_names import MaskedSpellings, MaskSource
from crawler.detect.name_context import (
    alone_ok,
    clipped_part_ok,
    elongated_ends,
    kana_ends,
    nickname_ending,
    part_boundary_before,
    set_apart,
)
from crawler.detect.name_endings import NameEndings
from crawler.detect.name_hits import NameHit, add_hit_at
from crawler.detect.name_tables import (
    HONORIFIC_WORDS_JA,
    HONORIFICS_JA,
    HONORIFICS_LATIN,
    MASK,
    NICKNAME_ENDINGS_JA,
)
from crawler.detect.normalize import NormalizedText, Normalizer, is_latin
from crawler.detect.prefix_honorifics import prefixed, thai_prefix_ends
from crawler.detect.romaji import kana_to_hepburn, romaji_variants
from crawler.detect.spellings import (
    PRIORITY_EXACT,
    PRIORITY_INITIAL,
    PRIORITY_NICKNAME,
    PRIORITY_PART,
    PRIORITY_SHORT,
    NamePattern,
    declared_nickname,
    needs_context,
    spellings_and_masks,
)
from crawler.detect.watchlist import WatchlistEntry
from crawler.detect.wild_romaji import may_hold_wildcards, wild_latin

Finder = Callable[[str], list[FuzzyHit]]  # text -> people a fuzzy finder reads in it
# Each spelling's best priority and its owners at that priority: one lookup per spelling.
Spelled = dict[str, tuple[int, str | list[str]]]


def _owned_spellings(
    entries: Iterable[WatchlistEntry], normalizer: Normalizer
) -> tuple[Spelled, list[MaskSource]]:
    """Each spelling's best priority and who has it at that priority, and the spellings
    to mask with their owners."""
    spelled: Spelled = {}
    mask_sources: list[MaskSource] = []
    spelled_get = spelled.get
    for entry in entries:
        person = entry.id  # ids are unique, and so are one person's spellings
        forms, sources = spellings_and_masks(entry, normalizer)
        for key, priority in forms.items():
            current = spelled_get(key)
            if current is None or priority < current[0]:
                spelled[key] = (priority, person)
            elif priority == current[0]:
                other = current[1]
                if other.__class__ is str:
                    spelled[key] = (priority, [other, person])  # type: ignore[list-item]
                else:
                    other.append(person)  # type: ignore[union-attr]
        for source, start, stop in sources:
            mask_sources.append((source, start, stop, person))
    return spelled, mask_sources


# Titles among the honorifics: a name part spelled like one (Ana as アナ) is the title.
_TITLES_JA = ("アナ", "選手", "姫", "嬢", "氏")
# Latin honorifics that end ordinary words too (mantan, Sultan, Mariana, Danish, prototype):
# after a name only with a hyphen or space between (Man-tan, Mari ana).
_GLUED_TOO_OFTEN = frozenset({"tan", "ana", "ish", "type", "style"})


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
        latin = LatinFuzzy(self.entries.values())
        fuzzy = (KatakanaFuzzy(self.entries.values()), latin, KanjiFuzzy(self.entries.values()))
        self._fuzzy: list[Finder] = [finder.find for finder in fuzzy if not finder.empty]
        endings = NameEndings(self.entries.values())
        self._loose: list[Finder] = [partial(latin.find, loose=True)] if not latin.empty else []
        self._loose += [endings.find] if not endings.empty else []
        spelled, mask_sources = _owned_spellings(self.entries.values(), normalizer)
        self._automaton = ahocorasick.Automaton()
        # Japanese name parts alone (みな, 美奈, 星野) are looked up only right before an
        # honorific in the text, from a plain dict: they would otherwise fire inside
        # every full name. Romaji parts stay in the automaton (wildcards walk it).
        self._parts: dict[str, NamePattern] = {}
        # One ids tuple per person, shared by all their spellings: a third fewer objects
        # to make, and for the garbage collector to scan once the build is done.
        solo: dict[str, tuple[str]] = {}
        # Masked spellings (星野○奈) are only looked up around a mask in the text, from
        # a plain dict: most texts have no mask, and the automaton stays half the size.
        self._masked = MaskedSpellings(mask_sources, solo)
        self._bare = BareNames()
        self._unmasked_count = self._add_patterns(spelled, solo)
        for form, person in latin_pet_names(self.entries.values(), spelled, normalizer.key).items():
            self._bare.add(form, person)  # Maddie: read as a name part alone is
        for form, person in chinese_two_character_names(self.entries.values(), normalizer.key):
            if spelled.get(form, (0, None))[1] == person:  # no one else spells it so
                self._bare.add(form, person, runs_in=True)  # 苏蔓, no honorific after it
        self._bare.finish()
        # Lengths of the name parts, by their last character.
        by_last: dict[str, set[int]] = {}
        for part_key in self._parts:
            by_last.setdefault(part_key[-1], set()).add(len(part_key))
        self._part_lengths = {c: sorted(lengths) for c, lengths in by_last.items()}
        self._part_lengths_all = sorted({len(k) for k in self._parts})
        self._empty = not self._unmasked_count and self._masked.empty
        self._automaton_empty = len(self._automaton) == 0
        if not self._automaton_empty:
            self._automaton.make_automaton()
        self._index_honorifics(normalizer)

    @property
    def masked_count(self) -> int:
        """How many masked spellings (星野○奈) the watchlist has."""
        return self._masked.count()

    @property
    def pattern_count(self) -> int:
        """How many spellings, masked ones included, name someone."""
        return self._unmasked_count + self._masked.derived_count()

    def _add_patterns(self, spelled: Spelled, solo: dict[str, tuple[str]]) -> int:
        """Every spelling into the automaton, the masked or part dict; returns how many.
        ``solo`` collects the one-person ids tuples, one per person."""
        add_word = self._automaton.add_word
        new_pattern = tuple.__new__  # NamePattern(...) without its Python-level __new__
        pattern_count = 0
        for key, (priority, owner) in spelled.items():
            shared = owner.__class__ is not str
            part = priority in (PRIORITY_PART, PRIORITY_SHORT)
            if shared and (part or priority == PRIORITY_NICKNAME):
                continue  # a given name several watched people share names none of them
            pattern_count += 1
            if shared:
                ids = tuple(owner)
            else:
                ids = solo.get(owner)  # type: ignore[call-overload]
                if ids is None:
                    ids = solo[owner] = (owner,)  # type: ignore[index]
            if MASK in key:
                self._masked.add_spelled(key, (priority, ids))
                continue
            bare = priority in (PRIORITY_PART, PRIORITY_EXACT)
            if bare and not shared and bare_part_ok(key, priority == PRIORITY_PART):
                self._bare.add(key, owner)  # type: ignore[arg-type]
            pattern = new_pattern(
                NamePattern,
                (
                    ids,
                    key,
                    priority,
                    part
                    or (
                        needs_context(key)
                        and not declared_nickname(key, priority)
                        and priority != PRIORITY_INITIAL
                    ),
                    is_latin(key[0]),
                    is_latin(key[-1]),
                    part,
                ),
            )
            if part and not pattern.latin_start:
                self._parts[key] = pattern
            else:
                add_word(key, pattern)
        return pattern_count

    def _index_honorifics(self, normalizer: Normalizer) -> None:
        # Honorifics by first key character: most hits are followed by none.
        self._honorifics_by_first: dict[str, list[tuple[str, bool]]] = {}
        for honorific, latin in [(h, True) for h in HONORIFICS_LATIN] + [
            (normalizer.key(h), False) for h in HONORIFICS_JA
        ]:
            self._honorifics_by_first.setdefault(honorific[0], []).append((honorific, latin))
        self._nickname_endings = frozenset(normalizer.key(e) for e in NICKNAME_ENDINGS_JA)
        for ending in self._nickname_endings:
            self._honorifics_by_first.setdefault(ending, [])
        ja = sorted(
            {normalizer.key(h) for h in (*HONORIFICS_JA, *NICKNAME_ENDINGS_JA)},
            key=len,
            reverse=True,
        )
        self._honorific_ja_re = re.compile("|".join(map(re.escape, ja)))
        words = {normalizer.key(w) for w in HONORIFIC_WORDS_JA}
        for word in list(words):
            romaji = kana_to_hepburn(word)
            if romaji:
                words.update(romaji_variants(romaji))
        self._honorific_words = frozenset(words)
        self._title_keys = frozenset(normalizer.key(h) for h in _TITLES_JA)

    def _latin_boundary_before(self, norm: NormalizedText, key_start: int) -> bool:
        pos = norm.starts[key_start]
        return pos == 0 or not self.normalizer.is_latin_word_char(norm.original[pos - 1])

    def _in_hashtag(self, norm: NormalizedText, pattern: NamePattern, key_start: int) -> bool:
        """A full name of ten letters or more, run together inside a hashtag with other
        words (#elifkaradumanifşa, #leakedputrianggraini): too long to be there by chance."""
        if pattern.part or pattern.needs_context or len(pattern.key) < 10:
            return False
        text, at = norm.original, norm.starts[key_start]
        while at > 0 and self.normalizer.is_latin_word_char(text[at - 1]):
            at -= 1
        return at > 0 and text[at - 1] in "#＃"

    def _latin_boundary_after(
        self, norm: NormalizedText, key_end: int, genitive: bool = False
    ) -> bool:
        """The name ends a word; or a capital starts the next one (#EmmaHartwellFakes); or,
        with ``genitive``, only a genitive -s follows it (Swedish and Dutch "Linneas bilder",
        "Sjiori Jamazakis"): asked for a full name of two words, and for a name part alone,
        which is read only in a text about fakes ("the Hartwells of Leeds" stay a family)."""
        pos, text = norm.ends[key_end - 1], norm.original
        is_word = self.normalizer.is_latin_word_char
        if pos >= len(text) or not is_word(text[pos]):
            return True
        if genitive and text[pos] == "s" and (pos + 1 >= len(text) or not is_word(text[pos + 1])):
            return True
        return text[pos].isupper() and text[pos - 1].islower()

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
                if (
                    latin_end
                    and self._latin_boundary_after(norm, end)
                    and (honorific not in _GLUED_TOO_OFTEN or set_apart(norm, key_end))
                ):
                    return end
        if key[key_end] in self._nickname_endings and nickname_ending(norm, key_end):
            return key_end + 1
        return None

    def _collect(
        self,
        norm: NormalizedText,
        candidates: list[tuple[int, int, int, NamePattern]],
    ) -> None:
        if self._automaton_empty:
            return
        key, starts, ends = norm.key, norm.starts, norm.ends
        honorific_first, accept = self._honorifics_by_first, self._accept
        for last, pattern in self._automaton.iter(key):
            key_end = last + 1
            if (
                pattern.needs_context
                and key[key_end : key_end + 1] not in honorific_first
                # ふーか: a mark the key dropped inside it may make it count (_accept)
                and ends[last] - starts[key_end - len(pattern.key)] == len(pattern.key)
                and not prefixed(norm, key_end - len(pattern.key))
            ):
                continue  # no honorific after it or before it: skip the checks
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
        tagged = self._in_hashtag(norm, pattern, key_start)
        if pattern.latin_start and not tagged and not self._latin_boundary_before(norm, key_start):
            return
        honorific_end = self._honorific_end(norm, key_end, pattern.latin_end)
        if pattern.latin_end and honorific_end is None and not tagged:
            two_words = " " in norm.original[norm.starts[key_start] : norm.ends[key_end - 1]]
            if not self._latin_boundary_after(norm, key_end, genitive=two_words):
                return
        if (
            pattern.needs_context
            and honorific_end is None
            and not alone_ok(norm, key_start, key_end)
        ):
            return
        if pattern.priority == PRIORITY_INITIAL and not self._initial_set_apart(norm, key_end):
            return
        if honorific_end is None and not kana_ends(
            norm, key_end, pattern.priority == PRIORITY_NICKNAME
        ):
            return
        if pattern.part and (
            norm.key[key_start:honorific_end] in self._honorific_words
            or pattern.key in self._title_keys  # アナ (Ana) in 女子アナっぽい is the title
            or not (part_boundary_before(norm, key_start) or prefixed(norm, key_start))
            or (pattern.priority == PRIORITY_SHORT and not clipped_part_ok(norm, key_end))
        ):
            return
        span_end = honorific_end or key_end
        candidates.append((key_start, span_end, key_end, pattern))

    def _initial_set_apart(self, norm: NormalizedText, key_end: int) -> bool:
        """Is the initial written apart from the given name (Mao L., not the word Maol)?"""
        pos = norm.starts[key_end - 1]
        return pos > 0 and not self.normalizer.is_latin_word_char(norm.original[pos - 1])

    def _part_lookup(
        self, norm: NormalizedText, candidates: list[tuple[int, int, int, NamePattern]]
    ) -> None:
        """Japanese name parts alone: look up the key just before each honorific."""
        key = norm.key
        parts = self._parts
        lengths_by_last = self._part_lengths
        accept = self._accept
        for start in thai_prefix_ends(norm):  # น้องพลอย: a Thai honorific before the name
            for length in self._part_lengths_all:
                pattern = parts.get(key[start : start + length])
                if pattern is not None:
                    accept(norm, pattern, start, start + length, candidates)
        ends = [h.start() for h in self._honorific_ja_re.finditer(key)]
        for end in ends + elongated_ends(norm) if "ー" in norm.original else ends:
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
        """Every window around a mask that spells someone, as a candidate hit."""
        for start, end, window, (priority, ids) in self._masked.windows(norm.key):
            pattern = NamePattern(
                tuple(ids),
                window,
                priority,
                needs_context(window),
                is_latin(window[0]),
                is_latin(window[-1]),
            )
            self._accept(norm, pattern, start, end, candidates)

    # -- wildcard romaji ----------------------------------------------------------

    def find(self, norm: NormalizedText, wildcards: bool = True) -> list[NameHit]:
        """``wildcards=False`` for another view of a text already searched: wildcard romaji
        depends on the original text only, so the detector's views (masks removed, digits
        read as letters) need not repeat it."""
        if self._empty or not norm.key:
            return []
        candidates: list[tuple[int, int, int, NamePattern]] = []
        self._collect(norm, candidates)
        if self._parts:
            self._part_lookup(norm, candidates)
        if wildcards and not self._automaton_empty and may_hold_wildcards(norm):
            wild_latin(norm, self._automaton, self.normalizer.fold_char, self._accept, candidates)
        if not self._masked.empty and self._masked.may_hold(norm.key):
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
        if wildcards and self._fuzzy:
            hits += self._fuzzy_hits(norm, hits)
        return hits

    def find_bare(self, norm: NormalizedText) -> list[NameHit]:
        """Name parts alone, with no honorific (bare_names.py): the caller asks only for a
        text that talks about what is watched."""
        hits = []
        for person_id, key, key_start, key_end in self._bare.find(
            norm, self._latin_boundary_before, partial(self._latin_boundary_after, genitive=True)
        ):
            start, end = norm.original_span(key_start, key_end)
            hits.append(NameHit(person_id, BARE_MARK + key, key_start, key_end, start, end))
        return hits

    def find_loose(self, norm: NormalizedText) -> list[NameHit]:
        """Latin full names two letters off or cut short (latin_fuzzy.py), and name parts
        with another ending (name_endings.py): the caller asks only for a text that talks
        about what is watched."""
        return self._fuzzy_hits(norm, [], self._loose)

    def _fuzzy_hits(
        self, norm: NormalizedText, hits: list[NameHit], finders: list[Finder] | None = None
    ) -> list[NameHit]:
        """Full names a letter or two off, in katakana (katakana_fuzzy.py), in Latin letters
        (latin_fuzzy.py) and by one kanji (kanji_fuzzy.py), where no exact spelling already
        named someone."""
        found: list[NameHit] = []
        for find in self._fuzzy if finders is None else finders:
            for fuzzy in find(norm.original):
                if not any(h.start < fuzzy.end and fuzzy.start < h.end for h in hits):
                    add_hit_at(norm, found, fuzzy.person_id, "~", fuzzy.start, fuzzy.end)
        return found
