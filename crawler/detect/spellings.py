"""Every spelling of one watched person, as normalised keys with a priority.

From a watchlist entry: the name as written, its reading in hiragana and romaji (both
orders, Kunrei and long-vowel variants), mixed scripts (星野みな), katakana of Latin names,
initials (Tessa L., K沢N緒), a given or family name alone (only before an honorific or in a
text about fakes, see name_matcher.py), the aliases, Korean and Chinese names in Latin letters
and katakana. Masked forms (星野○奈) come from the keys marked for it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from crawler.detect.cyrillic_names import has_cyrillic
from crawler.detect.cyrillic_spellings import cyrillic_name_forms
from crawler.detect.east_asian_spellings import east_asian_forms
from crawler.detect.fan_nicknames import (
    COMMON_SURNAME_READINGS,
    KANA_KEY,
    fan_nicknames,
    titled_nicknames,
)
from crawler.detect.group_positions import group_position_forms
from crawler.detect.initial_kanji import initial_kanji_forms
from crawler.detect.katakana_names import latin_name_readings
from crawler.detect.name_tables import (
    COMMON_SURNAMES_JA,
    COMMON_SURNAMES_LATIN,
    MASK,
)
from crawler.detect.normalize import Normalizer, is_latin
from crawler.detect.readings import kana_parts_of, name_parts_of, split_name
from crawler.detect.romaji import (
    both_orders,
    kana_long_vowel_variant,
    kana_to_hepburn,
    masked_variants,
    romaji_variants,
)
from crawler.detect.slavic_cases import slavic_case_keys
from crawler.detect.watchlist import WatchlistEntry

# Pattern priorities: when two people share a spelling, the more direct form wins.
PRIORITY_EXACT = 0
PRIORITY_DERIVED = 1
PRIORITY_MASKED = 2
# A given or family name on its own (みな, 星野, Emma, ハートウェル): it counts only
# before an honorific, and only when no one else on the watchlist has it.
PRIORITY_PART = 3
# A given name and the family name's initial (Ava L., Tessa L.): a seller's deliberate form,
# so it counts without an honorific even when it is as short as a nickname.
PRIORITY_INITIAL = 4
# A nickname derived from the given name (ましろ -> ましろん): it counts alone, but only while
# no other watched person has it (name_matcher.py).
PRIORITY_NICKNAME = 5
# A given name cut short (りんか -> りん, Rin; Larissa -> Lari): like a part, it counts only
# before an honorific (Rin-chan, Lari-chan), and never alone (bare_names.py).
PRIORITY_SHORT = 6

LATIN_KEY = re.compile(r"[a-z0-9]+\Z")
_PLAIN_KEY = re.compile("(?:[a-z0-9]+|[\u3041-\u3096]+)\\Z")
_LATIN_WORD = re.compile(r"[a-z]+\Z")
_THAI = re.compile("[\u0e00-\u0e7f]")
# Scripts of names written given name first (Cyrillic, Devanagari, Arabic): a Latin alias's
# second word is the family name.
_GIVEN_FIRST_SCRIPT = re.compile("[\u0400-\u04ff\u0900-\u097f\u0600-\u06ff]")
# A three-character Chinese, Japanese or Korean name (林語晴, 林美奈, 서다온) is masked after
# its family character only (林○晴, 蒋梓○, 서○온): the family character and one more still
# point to one person.
_THREE_SYLLABLES = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{3}|[\uac00-\ud7a3]{3}")

# Latin name parts get at most this many katakana readings each (the full name
# takes every pairing of them, in both orders).
_READINGS_PER_PART = 4
_READINGS_ALONE = 6


def needs_context(key: str) -> bool:
    """Very short spellings are ordinary words too: they only count before an honorific.
    Three kana (a nickname such as なーみん or いろぴ) are specific enough alone."""
    if len(key) > 4:
        return False
    if LATIN_KEY.match(key):
        return True
    if KANA_KEY.match(key):
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


def declared_nickname(key: str, priority: int) -> bool:
    """A four-letter Latin name or alias written in the watchlist (Emmy, Lils, Izzy) is how
    that person is called: it counts alone. Derived and shorter keys still need an honorific."""
    return priority == PRIORITY_EXACT and len(key) == 4 and is_latin(key[0])


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
    if LATIN_KEY.match(key):
        if not _LATIN_WORD.match(key):
            return False
        return len(key) >= 4 and key not in COMMON_SURNAMES_LATIN if family else len(key) >= 2
    if KANA_KEY.match(key):
        return len(key) >= 3 and key not in COMMON_SURNAME_READINGS if family else len(key) >= 2
    if MASK in key:
        return False
    return len(key) >= 2 and key not in COMMON_SURNAMES_JA if family else len(key) >= 1


class _Forms:
    """The spellings found so far (key -> best priority), and the keys to mask."""

    def __init__(self, normalizer: Normalizer) -> None:
        self.forms: dict[str, int] = {}
        # Each key with the positions a mask may take in it: (key, start, stop).
        self.mask_sources: list[tuple[str, int, int]] = []
        self._slow_key = normalizer.key

    def key_of(self, text: str) -> str:
        # Romaji and plain hiragana are already keys; the normaliser is for the rest.
        return text if _PLAIN_KEY.match(text) else self._slow_key(text)

    def add(self, text: str, priority: int, mask: bool = False) -> None:
        key = self.key_of(text)
        if not key:
            return
        if self.forms.get(key, 99) > priority:
            self.forms[key] = priority
        # Latin masks (h*shino) are resolved at match time instead, by a walk of the
        # automaton: cheaper than ~20 masked patterns per person.
        if mask and not LATIN_KEY.match(key):
            if len(key) >= 4:
                self.mask_sources.append((key, 0, len(key)))
            elif _THREE_SYLLABLES.fullmatch(key):
                self.mask_sources.append((key, 1, 3))

    def add_masked_tail(self, head: str, tail: str, priority: int) -> None:
        """A mixed spelling (宮崎ひなの) masked only in its tail (宮崎ひ○の): a seller hides
        a letter of the kana, seldom of the kanji family name written out before it."""
        key = self.key_of(head + tail)
        if not key:
            return
        if self.forms.get(key, 99) > priority:
            self.forms[key] = priority
        tail_length = len(self.key_of(tail))
        if len(key) >= 4 and 0 < tail_length < len(key):
            self.mask_sources.append((key, len(key) - tail_length, len(key)))

    def add_romaji(self, key: str, priority: int) -> None:  # generated romaji is a key already
        if self.forms.get(key, 99) > priority:
            self.forms[key] = priority

    def add_nickname(self, key: str) -> None:
        if key not in self.forms:
            self.forms[key] = PRIORITY_NICKNAME

    def add_part(self, text: str, family: bool, priority: int = PRIORITY_PART) -> None:
        key = self.key_of(text)
        known = self.forms.get(key)
        # A cut-short name gives way to the same key as a whole name part (Lari, Lari Q.).
        if key and (known is None or known == PRIORITY_SHORT) and _part_key_ok(key, family):
            self.forms[key] = min(priority, known or priority)


def spellings(entry: WatchlistEntry, normalizer: Normalizer) -> dict[str, int]:
    """Every key-form spelling of one person, mapped to its priority."""
    forms, mask_sources = spellings_and_masks(entry, normalizer)
    for key, start, stop in mask_sources:
        for masked in masked_variants(key, start, stop):
            forms.setdefault(masked, PRIORITY_MASKED)
    return forms


def spellings_and_masks(
    entry: WatchlistEntry, normalizer: Normalizer
) -> tuple[dict[str, int], list[tuple[str, int, int]]]:
    """The spellings, and the keys whose one-character masks (星野○奈) also count, each
    with the positions a mask may take in it."""
    f = _Forms(normalizer)
    name_parts = name_parts_of(entry)
    f.add(entry.name, PRIORITY_EXACT, mask=True)
    if len(name_parts) >= 2 and has_cyrillic(entry.name):  # Anna Sokolova, Анной Соколовой
        for form in cyrillic_name_forms(name_parts):
            f.add(form, PRIORITY_DERIVED)
    latin_name = bool(LATIN_KEY.match(f.key_of(entry.name)))
    if latin_name and len(name_parts) >= 2:
        f.add(" ".join(reversed(name_parts)), PRIORITY_DERIVED)
        if len(name_parts) >= 3:  # Mary Jane Watson: also Mary Watson / Watson Mary
            f.add(name_parts[0] + name_parts[-1], PRIORITY_DERIVED)
            f.add(name_parts[-1] + name_parts[0], PRIORITY_DERIVED)
    kana_parts, romaji_parts = _reading_forms(f, entry, name_parts, latin_name)
    latin_keys = [f.key_of(p) for p in name_parts] if latin_name else []
    katakana: list[tuple[str, ...]] = []
    if latin_name and len(name_parts) >= 2:
        katakana = _katakana_forms(f, latin_keys)
    _initial_forms(f.add, latin_keys, romaji_parts, katakana, latin_name)
    if not latin_name and len(kana_parts) == 2:
        fan_nicknames(f.add_nickname, *kana_parts)
    for masked in initial_kanji_forms(name_parts, kana_parts, romaji_parts):
        f.add(masked, PRIORITY_DERIVED)  # K沢N緒 for 黒澤七緒
    if len(name_parts) == 2 or (latin_name and len(name_parts) >= 2):
        _part_forms(f, name_parts, kana_parts, romaji_parts, katakana, latin_keys, latin_name)
    for alias in entry.aliases:
        f.add(alias, PRIORITY_EXACT, mask=True)  # 蓝q语 for the alias 蓝晴语 too
        _alias_romaji(f, alias)
        alias_parts = split_name(alias)
        if len(alias_parts) == 2:
            f.add(" ".join(reversed(alias_parts)), PRIORITY_DERIVED)  # ヴォス クララ
            if not LATIN_KEY.match(f.key_of(alias)):  # a group and a position: サクスクの青
                f.add(alias_parts[0] + "の" + alias_parts[1], PRIORITY_DERIVED)
            if latin_name and len(name_parts) >= 2 and LATIN_KEY.match(f.key_of(alias_parts[0])):
                f.add(f"{alias_parts[0]} {name_parts[-1]}", PRIORITY_DERIVED)  # Jess Moreau
            if LATIN_KEY.match(f.key_of(alias)):
                f.add_part(alias_parts[0], False)  # Em Hartwell: Em-chan
                if _GIVEN_FIRST_SCRIPT.search(entry.name):  # Алиса Вершинина as Vershinina
                    f.add_part(alias_parts[1], True)
            elif _THAI.match(alias):  # กัญญาภัทร ศิริวงศ์สกุล: given name first, then family
                f.add_part(alias_parts[0], False)
                f.add_part(alias_parts[1], True)
        elif latin_name and len(name_parts) >= 2 and LATIN_KEY.match(f.key_of(alias)):
            # A nickname with the family name, as fans write it: Izzy Moreau, Moreau Izzy.
            f.add(f"{alias} {name_parts[-1]}", PRIORITY_DERIVED, mask=True)
            f.add(f"{name_parts[-1]} {alias}", PRIORITY_DERIVED)
    name_keys = {f.key_of(p) for p in (*name_parts, *kana_parts)}
    for form in group_position_forms(entry.aliases, name_keys, f.key_of):
        f.add(form, PRIORITY_DERIVED)
    east_asian_forms(f, entry, latin_name, PRIORITY_DERIVED)
    for key in slavic_case_keys(latin_keys, romaji_parts, latin_name):
        f.add_romaji(key, PRIORITY_DERIVED)  # Zuzanny Wierzbickiej, Hinaty Yamasaki
    if entry.category in _TITLED_CATEGORIES and not latin_name and len(name_parts) == 2:
        # Announcers, politicians and athletes are called by family name and title
        # (高橋アナ), however common the family name: the title narrows it to one person.
        title = _TITLED_CATEGORIES[entry.category]
        for family in {name_parts[0], *(kana_parts[:1] if len(kana_parts) == 2 else [])}:
            f.add(family + title, PRIORITY_DERIVED, mask=True)
        if len(kana_parts) == 2:  # ザキアナ
            titled_nicknames(lambda k: f.add(k, PRIORITY_DERIVED), kana_parts[0], title)
        if len(name_parts[0]) == 2 and romaji_parts and romaji_parts[0]:
            f.add(romaji_parts[0][0] + name_parts[0][1] + title, PRIORITY_DERIVED)  # N海アナ
    for key in [k for k in f.forms if "แ" in k]:  # แพรว typed as เเพรว: two เ for one แ
        f.forms.setdefault(key.replace("แ", "เเ"), f.forms[key])
    return f.forms, f.mask_sources


# Titles that follow a family name on air, in a chamber or in a match report (高橋アナ,
# 真壁議員, 久住選手).
_TITLED_CATEGORIES = {"announcer": "アナ", "politician": "議員", "athlete": "選手"}


def _alias_romaji(f: _Forms, alias: str) -> None:
    """A kana nickname written in romaji (みおりん -> miorin): fans type it either way."""
    key = f.key_of(alias)
    if len(key) >= 3 and KANA_KEY.match(key) and MASK not in key:
        hepburn = kana_to_hepburn(key)
        short = hepburn.replace("ou", "o").replace("uu", "u") if hepburn else ""
        for romaji in {hepburn, short} if hepburn else ():
            if len(romaji) >= 5:  # shorter ones are words (rina, yui) and need an honorific
                f.add_romaji(romaji, PRIORITY_DERIVED)


def _reading_forms(
    f: _Forms, entry: WatchlistEntry, name_parts: list[str], latin_name: bool
) -> tuple[list[str], list[str | None]]:
    """The reading in kana and romaji, both orders, mixed with the written name."""
    kana_parts, guessed = kana_parts_of(entry, name_parts, latin_name)
    if len(kana_parts) == 1 and len(name_parts) == 1 and len(kana_parts[0]) >= 4:
        # No space to tell family from given name: every split, at lowest priority,
        # so given-name-first romaji (mina hoshino) is still found.
        whole = kana_parts[0]
        for cut in range(2, len(whole) - 1):
            rotated = kana_to_hepburn(whole[cut:] + whole[:cut])
            if rotated:
                f.add_romaji(rotated, PRIORITY_MASKED)
    reading_priority = PRIORITY_DERIVED if guessed else PRIORITY_EXACT
    romaji_parts: list[str | None] = []
    if not kana_parts:
        return kana_parts, romaji_parts
    f.add("".join(kana_parts), reading_priority, mask=True)
    f.add(kana_long_vowel_variant("".join(kana_parts)), PRIORITY_DERIVED)
    if len(kana_parts) == 2:
        f.add(kana_parts[1] + kana_parts[0], PRIORITY_DERIVED)  # ヒヨリ・ミナセ
    if len(kana_parts) == 2 and len(name_parts) == 2:
        # Mixed scripts as sellers write them: 星野みな (and 宮崎ひ●の), ほしの美奈.
        f.add_masked_tail(name_parts[0], kana_parts[1], PRIORITY_DERIVED)
        f.add(kana_parts[0] + name_parts[1], PRIORITY_DERIVED)
    romaji_parts = [kana_to_hepburn(p) for p in kana_parts]
    if len(name_parts) == 2 and len(romaji_parts) == 2 and romaji_parts[1]:
        f.add(name_parts[0] + romaji_parts[1], PRIORITY_DERIVED)  # 高城miharu
    if all(romaji_parts):
        for joined in both_orders([r for r in romaji_parts if r]):
            f.add(joined, reading_priority, mask=True)
        with_kana = zip(romaji_parts, kana_parts, strict=True)
        per_part = [romaji_variants(r or "", k) for r, k in with_kana]
        for combo in _combos(per_part):
            for joined in both_orders(combo):
                f.add_romaji(joined, PRIORITY_DERIVED)
    return kana_parts, romaji_parts


def _katakana_forms(f: _Forms, latin_keys: list[str]) -> list[tuple[str, ...]]:
    """Katakana of a Latin name (Emma Hartwell -> エマ・ハートウェル, ハートウェル エマ)."""
    katakana = [
        tuple(f.key_of(r) for r in latin_name_readings(k, _READINGS_ALONE)) for k in latin_keys
    ]
    first, last = katakana[0][:_READINGS_PER_PART], katakana[-1][:_READINGS_PER_PART]
    for given in first:
        for family in last:
            f.add(given + family, PRIORITY_DERIVED)
            f.add(family + given, PRIORITY_DERIVED)
    return katakana


def _part_forms(
    f: _Forms,
    name_parts: list[str],
    kana_parts: list[str],
    romaji_parts: list[str | None],
    katakana: list[tuple[str, ...]],
    latin_keys: list[str],
    latin_name: bool,
) -> None:
    """A name part alone, before an honorific: みなちゃん, 美奈ちゃん, Mina-chan,
    星野さん, エマちゃん, ハートウェルさん. Japanese names are family-first, Latin
    names given-first (the kana column follows the name's order)."""
    given_at, family_at = (0, -1) if latin_name else (-1, 0)
    for at, family in ((given_at, False), (family_at, True)):
        kana = kana_parts[at] if len(kana_parts) == len(name_parts) else ""
        if family and (
            f.key_of(name_parts[at]) in COMMON_SURNAMES_JA
            or kana in COMMON_SURNAME_READINGS
            or f.key_of(name_parts[at]) in COMMON_SURNAMES_LATIN
        ):
            continue  # 佐藤さん, さとうさん, Satou-san, Smith-san: too many people
        f.add_part(name_parts[at], family)
        if latin_name and not family and len(latin_keys[at]) >= 6:
            for cut in (3, 4):  # Larissa -> Lari-chan, Valentina -> Val-chan
                f.add_part(latin_keys[at][:cut], family, PRIORITY_SHORT)
        if latin_name and not family and len(latin_keys[at]) >= 4:
            # Spanish and Portuguese diminutives: Ximena -> Ximenita, Luana -> Luaninha,
            # Thaís -> Thaisinha; each counted alone while no one else has it.
            stem = latin_keys[at].rstrip("aeo")
            for ending in ("ita", "inha"):
                f.add_nickname(stem + ending)
        if kana:
            f.add_part(kana, family)
            if family and len(kana) >= 3 and KANA_KEY.match(kana):
                # Fans cut a family name to its first two kana too, before a nickname
                # ending (さくらば -> さくぴ, ゆぎはら -> ゆぎぴ).
                f.add_part(kana[:2], False, PRIORITY_SHORT)
            if not family and len(kana) >= 3 and kana.endswith("り"):
                f.add_part(kana + "ん", family)  # ひより -> ひよりん選手, しおり -> しおりんさん
            if not family and len(kana) >= 3 and KANA_KEY.match(kana):
                # Fans shorten a given name to its first two kana before a nickname
                # suffix (ことは -> ことっち, りんか -> りんちゃん), or add ん (ましろん);
                # each kept only while no other watched person has it (name_matcher.py).
                f.add_part(kana[:2], family, PRIORITY_SHORT)
                f.add_part(kana_to_hepburn(kana[:2]) or "", family, PRIORITY_SHORT)  # Rin-chan
                if not kana.endswith("ん"):
                    f.add_nickname(kana + "ん")
            short = kana_long_vowel_variant(kana)
            if short != kana:
                f.add_part(short, family)
            romaji = romaji_parts[at] if romaji_parts else None
            if romaji:  # Hepburn, short vowels and Kunrei (yuuko, yuko; tsumugi, tumugi)
                for spelling in romaji_variants(romaji, kana):
                    f.add_part(spelling, family)
        if katakana and katakana[at] and (not family or _part_key_ok(latin_keys[at], True)):
            # Only the usual reading: the others alone are often words (Voss -> ボス).
            f.add_part(katakana[at][0], family)
    if latin_name and len(name_parts) == 3:
        # Spanish names carry the father's family name in the middle (Ximena Arreola Quiroz),
        # and it is the one used alone: "la Arreola". Elsewhere a long middle part is a
        # second given name (Ana Beatriz Souza), also used alone. Short ones (Mae, Thảo,
        # van) are too often words or half of a name.
        middle = latin_keys[1]
        if (
            name_parts[1][:1].isupper()
            and len(middle) >= _MIDDLE_NAME
            and middle not in COMMON_SURNAMES_LATIN
        ):
            f.add_part(name_parts[1], True)


_MIDDLE_NAME = 6  # letters

# A Latin family name this long that is no common surname is specific enough alone
# ("the kowalczyk deepfakes", "the Hartwell one").
_DISTINCT_FAMILY_NAME = 7


def _initial_forms(
    add: Callable[[str, int], None],
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
            add(given + family[0], PRIORITY_INITIAL)
        if len(family) >= 4:
            add(given[0] + family, PRIORITY_DERIVED)
        if len(family) >= _DISTINCT_FAMILY_NAME and family not in COMMON_SURNAMES_LATIN:
            add(family, PRIORITY_DERIVED)
        if katakana and katakana[0] and len(katakana[0][0]) >= 2:
            add(katakana[0][0] + family[0], PRIORITY_DERIVED)  # エマ・H
    elif len(romaji_parts) == 2 and all(romaji_parts):
        family, given = romaji_parts[0] or "", romaji_parts[1] or ""
        if len(given) >= 3:
            add(given + family[0], PRIORITY_INITIAL)  # Kotone Y., Mio.K
        if len(family) >= 4:
            add(given[0] + family, PRIORITY_DERIVED)  # s.sawabe
            add(family + given[0], PRIORITY_INITIAL)  # Kobayakawa S., family name first


def _combos(options: list[list[str]] | list[tuple[str, ...]]) -> list[list[str]]:
    result: list[list[str]] = [[]]
    for opts in options:
        result = [[*r, o] for r in result for o in opts]
    return result
