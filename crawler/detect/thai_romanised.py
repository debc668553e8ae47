"""Thai nicknames in Latin letters, as fans and sellers write them: น้ำหวาน as Namwan,
ฟ้าใส as Fasai, แพรว as Praew or Prae, ใบข้าว as Baikhao, ปิ่น as Pin.

Thais go by a nickname, and posts in English, Indonesian or Japanese write it in Latin
letters by the Royal Thai General System or close to it: ph, th and kh written with or
without the h, a final ว as o or w, a final ย as i or y. A watchlist gives the nickname in
Thai (an alias of one word), so its Latin spellings are made here.

The reading follows Thai spelling far enough for nicknames of one to three syllables:
vowels written before their consonant (เ แ โ ใ ไ), จ as ch or j, initial clusters (พร, กล, ปล),
a silent ห or อ before a sonorant, consonants under ์ left unread, finals by their sound
class, and the inherent o between two consonants with no vowel written.
"""

from __future__ import annotations

import itertools
import re

_INITIAL = {
    "ก": "k", "ข": "kh", "ฃ": "kh", "ค": "kh", "ฅ": "kh", "ฆ": "kh", "ง": "ng", "จ": "J",
    "ฉ": "ch", "ช": "ch", "ซ": "s", "ฌ": "ch", "ญ": "y", "ฎ": "d", "ฏ": "t", "ฐ": "th",
    "ฑ": "th", "ฒ": "th", "ณ": "n", "ด": "d", "ต": "t", "ถ": "th", "ท": "th", "ธ": "th",
    "น": "n", "บ": "b", "ป": "p", "ผ": "ph", "ฝ": "f", "พ": "ph", "ฟ": "f", "ภ": "ph",
    "ม": "m", "ย": "y", "ร": "r", "ล": "l", "ว": "w", "ศ": "s", "ษ": "s", "ส": "s",
    "ห": "h", "ฬ": "l", "อ": "", "ฮ": "h",
}  # fmt: skip
_FINAL = {
    **dict.fromkeys("กขคฆ", "k"),
    **dict.fromkeys("จชซฌฎฏฐฑฒดตถทธศษส", "t"),
    **dict.fromkeys("บปพฟภ", "p"),
    **dict.fromkeys("ญณนรลฬ", "n"),
    "ง": "ng", "ม": "m", "ย": "Y", "ว": "W",  # J, Y and W: spelled two ways (below)
}  # fmt: skip
_AFTER = {
    "ะ": "a", "า": "a", "ั": "a", "ิ": "i", "ี": "I", "ึ": "ue", "ื": "ue", "ุ": "u",
    "ู": "u", "ำ": "am",
}  # fmt: skip
_BEFORE = {"เ": "e", "แ": "ae", "โ": "o", "ใ": "ai", "ไ": "ai"}
_IGNORED = "่้๊๋็"  # tone marks and the shortener
_KILLER = "์"
_CLUSTER_SECOND = frozenset("รลว")
_CLUSTER_FIRST = frozenset("กขคปพผตบฟด")
_SONORANT = frozenset("งญนมยรลว")
_SILENT_LEAD = frozenset("หอ")
_SILENT_R_LEAD = frozenset("ศส")
_W_CLUSTER_FIRST = frozenset("กขค")
_NICKNAME = re.compile("[\u0e01-\u0e4e]{2,12}")
_ASPIRATE = re.compile("(?<=[ptk])h")
_MAX_SPELLINGS = 6


def _read(word: str) -> str | None:
    """One reading, with J, Y and W for the sounds spelled two ways; None if not read."""
    chars = "".join(c for c in word if c not in _IGNORED)
    out: list[str] = []
    i = 0
    while i < len(chars):
        syllable, i = _syllable(chars, i)
        if syllable is None:
            return None
        out.append(syllable)
    return "".join(out) or None


def _syllable(chars: str, i: int) -> tuple[str | None, int]:
    """The syllable starting at ``i`` and where the next one starts."""

    def at(k: int) -> str:
        return chars[k] if k < len(chars) else ""

    before = _BEFORE.get(at(i), "")
    i += bool(before)
    initial = at(i)
    if initial not in _INITIAL:
        return None, i
    i += 1
    if initial in _SILENT_LEAD and at(i) in _SONORANT and (at(i) != "ว" or at(i + 1) in _AFTER):
        initial = at(i)  # ห and อ before a sonorant only carry the tone: หวาน, อยาก
        i += 1
    onset = _INITIAL[initial]
    if initial in _SILENT_R_LEAD and at(i) == "ร" and at(i + 1) in _AFTER:
        onset, i = "sR", i + 1  # ศรี: Sri in names, Si as said
    elif (
        initial in _CLUSTER_FIRST
        and at(i) in _CLUSTER_SECOND
        and (at(i) != "ว" or initial in _W_CLUSTER_FIRST)  # กว, not ปว (ปวีณา: pa-wi-na)
        and (before or at(i + 1) in _AFTER or at(i + 1) == "อ")
    ):
        onset += _INITIAL[at(i)]  # แพรว, พลอย
        i += 1
    vowel = ""
    while at(i) in _AFTER:
        vowel += _AFTER[at(i)]
        i += 1
    if before == "e" and vowel == "a":  # เ-า
        before, vowel = "", "ao"
    elif before == "e" and vowel == "i":  # เ-ิ
        before, vowel = "", "oe"
    if before == "e" and not vowel and at(i) == "ย" and at(i + 1) not in _AFTER:
        before, vowel = "", "oe"  # เ-ย: เตย is toei
    if not (before or vowel) and at(i) == "ร" and at(i + 1) == "ร":
        vowel, i = "a", i + 2  # รร: วรรณ is wan, สรร san
        if not (at(i) in _FINAL and at(i + 1) not in _AFTER):
            return onset + "an", i
    if not (before or vowel) and _opens_before_closed(chars, i):
        return onset + "a", i  # ชนก: cha-nok
    if not (before or vowel) and at(i) == "อ":
        vowel, i = "o", i + 1  # พลอย, ก้อง: อ as the vowel
    elif not (before or vowel) and at(i) == "ว" and at(i + 1) and at(i + 1) not in _AFTER:
        vowel, i = "ua", i + 1  # สวน: ว between consonants (not ปวี, where ว starts one)
    final = ""
    for _ in range(2):  # เฟิร์น: the final comes after a consonant under ์
        while at(i) == _KILLER or at(i + 1) == _KILLER:
            i += 1  # consonants under ์ are not read
        if (
            not final
            and at(i) in _FINAL
            and at(i + 1) not in _AFTER
            and before != "ai"
            and at(i + 3) != _KILLER  # ศรีวงศ์: ว starts วงศ์
            and chars[i + 1 : i + 3] != "รร"  # สุวรรณ: ว starts วรรณ
        ):
            final, i = _FINAL[at(i)], i + 1
    if not (before or vowel):
        vowel = "o" if final else "a"
    return onset + before + vowel + final, i


def _opens_before_closed(chars: str, i: int) -> bool:
    """Two consonants without a vowel end the word after a bare one (ชนก, พิมพ์ชนก): the
    bare one is a syllable of its own with a, the two make one with o."""
    rest = chars[i : i + 3]
    return (
        len(rest) == 2 and all(c in _INITIAL and c in _FINAL for c in rest) and rest[0] not in "อว"
    )


def thai_nickname_spellings(alias: str) -> list[str]:
    """Latin spellings of a one-word Thai alias (none for anything else)."""
    if not _NICKNAME.fullmatch(alias):
        return []
    reading = _read(alias)
    if reading is None:
        return []
    finals = {"Y": ("i", "y"), "W": ("o", "w", ""), "J": ("ch", "j"), "R": ("r", ""),
              "I": ("i", "ee")}  # fmt: skip
    slots = re.split("([JYWRI])", reading)
    choices = [finals.get(s, (s,)) for s in slots]
    spelled: list[str] = []
    for combo in itertools.product(*choices):
        full = "".join(combo)
        for form in (full, _ASPIRATE.sub("", full)):
            if form not in spelled and len(form) >= 3:
                spelled.append(form)
    return spelled[:_MAX_SPELLINGS]
