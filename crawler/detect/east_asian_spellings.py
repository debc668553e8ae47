"""Spellings of a watched person in East Asian scripts and romanisations: Korean names
across Hangul, romanisation and katakana (korean_names.py), Chinese names in pinyin and
katakana (chinese_names.py), Thai nicknames in Latin letters (thai_romanised.py),
Vietnamese names by their last parts. Japanese names in Hangul are in a first-use table of
their own (hangul_names.py)."""

from __future__ import annotations

from typing import Protocol

from crawler.detect.chinese_names import chinese_name_of, chinese_spellings
from crawler.detect.hangul import initial_consonants, is_hangul_word
from crawler.detect.korean_names import korean_name, korean_spellings
from crawler.detect.normalize import fold_latin_word
from crawler.detect.thai_romanised import thai_nickname_spellings
from crawler.detect.watchlist import WatchlistEntry


class FormAdder(Protocol):
    """What spellings.py collects spellings with."""

    def add(self, text: str, priority: int, mask: bool = False) -> None: ...

    def add_part(self, text: str, family: bool) -> None: ...


def east_asian_forms(f: FormAdder, entry: WatchlistEntry, latin: bool, derived: int) -> None:
    """Add the spellings, full names at priority ``derived``, given names as parts."""
    _korean_forms(f, entry, latin, derived)
    chinese = chinese_name_of(entry.name, entry.kana, entry.aliases)
    if chinese is not None:  # 苏婉晴 as Su Wanqing and スー・ワンチン
        _add_spelled(f, chinese_spellings(*chinese), derived)
    for alias in entry.aliases:  # น้ำหวาน as Namwan, แพรว as Praew
        for spelling in thai_nickname_spellings(alias):
            f.add(spelling, derived)
    for written in (entry.name, *entry.aliases):
        _thai_full_name_forms(f, written, derived)
    if latin:
        # The name, or an alias in Vietnamese order (Thảo Vy Nguyễn, alias Nguyễn Thảo Vy).
        for written in (entry.name, *entry.aliases):
            _vietnamese_forms(f, written, derived)


# The most common Vietnamese family names, without their marks: a Latin name that starts
# with one is written family first, and people go by the last name or the last two.
_VIETNAMESE_FAMILIES = frozenset(
    [
        "nguyen",
        "tran",
        "le",
        "pham",
        "hoang",
        "huynh",
        "phan",
        "vu",
        "vo",
        "dang",
        "bui",
        "do",
        "ho",
        "ngo",
        "duong",
        "ly",
        "dinh",
        "doan",
        "truong",
        "lam",
        "mai",
        "trinh",
        "cao",
        "luong",
        "ta",
        "quach",
    ]
)


def _vietnamese_forms(f: FormAdder, name: str, derived: int) -> None:
    """Đặng Thùy Miên as Thùy Miên and, alone, Miên; Nguyễn Thảo Vy as Thảo Vy."""
    parts = name.split()
    if len(parts) < 2 or fold_latin_word(parts[0]) not in _VIETNAMESE_FAMILIES:
        return
    f.add_part(parts[-1], False)
    if len(parts) >= 3:
        f.add(" ".join(parts[-2:]), derived)


def _add_spelled(f: FormAdder, spelled: tuple[list[str], list[str]], derived: int) -> None:
    """Full names, and given names that count alone, from another script's spelling."""
    full, given_alone = spelled
    for spelling in full:
        f.add(spelling, derived)
    for spelling in given_alone:
        f.add_part(spelling, False)


def _korean_forms(f: FormAdder, entry: WatchlistEntry, latin: bool, derived: int) -> None:
    """Korean boards' spellings of a Korean name (romanised, in katakana, its given name
    alone) and a Hangul name's initial consonants (한서연 -> ㅎㅅㅇ; 박지아 -> 박ㅈ아). A Japanese name's
    reading in Hangul is in a table of its own, filled at the first Hangul text
    (hangul_names.py)."""
    korean = korean_name(entry.name, entry.aliases, latin)
    if korean is not None:
        family, given = korean
        _add_spelled(f, korean_spellings(family, given), derived)
        if latin or len(family) == 2:  # Kim Hayeon as 김하연 and 하연; 남궁하린 as 하린
            f.add(family + given, derived)
            f.add_part(given, False)
    for written in (entry.name, *entry.aliases):
        word = written.replace(" ", "")
        if len(word) >= 3 and is_hangul_word(word):
            initials = initial_consonants(word)
            if len(set(initials)) > 1:  # ㅋㅋㅋ and ㅎㅎㅎ are laughter
                f.add(initials, derived)
            if len(word) == 3:  # family name + two-syllable given name: 서율이, 서율 언니
                f.add_part(word[1:], False)
                # one given syllable cut to its consonant, as a mask: 박ㅈ아, 박지ㅇ
                f.add(word[0] + initials[1] + word[2], derived)
                f.add(word[:2] + initials[2], derived)


_THAI_SPELLINGS_PER_PART = 3
_THAI_GIVEN_ALONE = 5  # letters a given name's spelling needs to count alone


def _thai_full_name_forms(f: FormAdder, written: str, derived: int) -> None:
    """A Thai name of two words in Latin letters, either order (ศรีวงศ์ as Sriwong or Siwong:
    พิมพ์ชนก ศรีวงศ์ as Phimchanok Sriwong), and a long given name alone as a part."""
    parts = written.split()
    if len(parts) != 2:
        return
    given, family = (thai_nickname_spellings(p)[:_THAI_SPELLINGS_PER_PART] for p in parts)
    for g in given:
        if len(g) >= _THAI_GIVEN_ALONE:
            f.add_part(g, False)
        for fam in family:
            f.add(f"{g} {fam}", derived)
            f.add(f"{fam} {g}", derived)
