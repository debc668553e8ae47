"""Nicknames fans make from a Japanese name's reading (セトチヒ, うさみん, ゆずゆず, きりゅまし,
みやのん, このみん). Each is handed to ``add``, which counts it alone only while no other
watched person has it (spellings.py, name_matcher.py)."""

from __future__ import annotations

import re
from collections.abc import Callable

from crawler.detect.name_tables import COMMON_REDUPLICATIONS_JA, COMMON_SURNAMES_JA, MASK
from crawler.detect.romaji import kana_to_hepburn

KANA_KEY = re.compile(f"[\u3040-\u309f{MASK}]+\\Z")
COMMON_SURNAME_READINGS = frozenset(COMMON_SURNAMES_JA.values())


def fan_nicknames(add: Callable[[str], None], family: str, given: str) -> None:
    """Nicknames fans make from a Japanese name, each counted alone while no one else has it:
    two kana of each part (せとぐち ちひろ -> セトチヒ, おのでら あおい -> オノアオ), the family
    name with ん (うさみ -> うさみん, しおみ -> しおみん), two kana of the given name twice
    (ゆずは -> ゆずゆず, れい -> れいれい). Two kana are cut as two sounds where a small kana
    belongs to the one before (きりゅう ましろ -> きりゅまし, not only きりまし), and a long
    family name keeps three kana before the ん (みやのうち -> みやのん). A family name of four
    kana or more is also cut to its last two (たかもり ひより -> もりひよ), and the given name
    with ん is written in romaji too (konomin)."""
    if not (KANA_KEY.match(family) and KANA_KEY.match(given)):
        return
    if len(family) >= 2 and len(given) >= 2:
        add(family[:2] + given[:2])
        if len(family + given) >= 4:
            _add_romaji(add, family[:2] + given[:2])  # おのさき -> onosaki, あさりん -> asarin
        by_sound = _first_sounds(family) + _first_sounds(given)
        if len(by_sound) > 4:
            add(by_sound)
        if len(family) >= 4:
            # A long family name is cut to its last kanji's sound: たかもり ひより -> もりひよ,
            # わたなべ ひなた -> なべひな, voiced as in the compound (やまさき りこ -> ざきりこ).
            for tail in family_tails(family):
                add(tail + given[:2])
    if len(family) >= 3 and not family.endswith("ん"):
        add(family + "ん")
    if len(family) >= 4 and family[2] != "ん" and family not in COMMON_SURNAME_READINGS:
        add(family[:3] + "ん")
    if len(given) >= 2 and given[:2] * 2 not in COMMON_REDUPLICATIONS_JA:
        add(given[:2] * 2)  # れい -> れいれい too
    if len(given) >= 3 and not given.endswith("ん"):
        _add_romaji(add, given + "ん")  # このみん, konomin


# The unvoiced kana (か to ほ rows) and their voiced forms, one code point on.
_VOICEABLE = frozenset("かきくけこさしすせそたちつてとはひふへほ")


def family_tails(family: str) -> list[str]:
    """A long family name's last two kana, as fans cut it (わたなべ -> なべ), and voiced as
    its second kanji sounds in most names (やまさき -> ざき, as 山崎 is mostly read)."""
    tail = family[-2:]
    if tail[0] in _VOICEABLE:
        return [tail, chr(ord(tail[0]) + 1) + tail[1:]]
    return [tail]


def titled_nicknames(add: Callable[[str], None], family: str, title: str) -> None:
    """An announcer or athlete called by her family name's tail and title: ザキアナ,
    なべちゃんアナ (やまさき, わたなべ)."""
    if len(family) >= 4 and KANA_KEY.match(family):
        for tail in family_tails(family):
            add(tail + title)
            add(tail + "ちゃん" + title)


def _add_romaji(add: Callable[[str], None], kana: str) -> None:
    romaji = kana_to_hepburn(kana)
    if romaji:
        add(romaji)


_SMALL_KANA = frozenset("ゃゅょぁぃぅぇぉゎ")


def _first_sounds(kana: str, count: int = 2) -> str:
    """The first ``count`` sounds (morae) of a kana word, a small kana with the one before."""
    end = 0
    for _ in range(count):
        if end >= len(kana):
            break
        end += 1
        while end < len(kana) and kana[end] in _SMALL_KANA:
            end += 1
    return kana[:end]
