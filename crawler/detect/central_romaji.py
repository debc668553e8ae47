"""Japanese names as European and Indonesian posts spell them with their own letters.

* j for y: Mijazono, Jamada, Jošida (Czech, Slovak, Polish, Swedish, Dutch, German).
* č, cz, ç and tj for ch: Čiaki, Czihiro, Çihiro, Tjihiro; a word-initial Ci for chi
  (Indonesian Cihiro).
* š, sz, ş, sj and syi for sh: Šinoda, Sziori, Şiori, Sjiori, Syiori.
* ž and dž for j (Džun); c before u for ts (Cukasa, Macumoto).
* v for w in Turkish, which has no w: Vatanabe, Miyazava.
* Czech gives a woman's foreign surname -ová and declines it (Watanabeová, Saitóové,
  Onoderové, Takanové): read without the ending, and again with the -a or -o it replaced.

Keys drop the háček, so Čiaki is "ciaki" there and matches nothing. These views read the
letters back as Hepburn, from the original text; only names are looked up in them
(name_views.py): the signal words are matched as written.
"""

from __future__ import annotations

import re

from crawler.detect.normalize import NormalizedText

# Czech texts carry accents: an ASCII text is read for j, cz, sz, sj, syi, tj and Ci only, as
# "cu" (document, focus) and "ov" (love) are everywhere in English.
_J_BEFORE_VOWEL = re.compile("j[aeiou]")
_ACCENTED = re.compile("[čšžçşČŠŽÇŞ]")  # one character class: cheap on every post
_TRIGGER = re.compile(
    r"[jJ][aeiou]|[čšžçşČŠŽÇŞ]|[sScC]z|[sS]j[aeiou]|[sS]yi|[tT]j[aeiou]|(?<=[a-z])cu|\bCi"
    r"|ov(?:á|é|ou|ej)\b"
)
_SINGLE = {"č": "ch", "ç": "ch", "š": "sh", "ş": "sh", "ž": "j"}
# Two letters read as one sound, the second letter then read as empty: cz, sz, sj, tj.
_PAIRS = {"cz": "ch", "sz": "sh", "sj": "sh", "tj": "ch"}
_VOWELS = frozenset("aeiou")
_TURKISH = re.compile("[ğışİçşÇŞ]")
_CZECH_SURNAME_END = re.compile(r"(?<=\w)ov(?:á|é|ou|ej)\b")


def central_romaji_views(norm: NormalizedText) -> list[NormalizedText]:
    """The text read as described above; no view when it has none of those letters, three
    when it has a Czech surname ending (read as nothing, as -a, as -o)."""
    original, key = norm.original, norm.key
    plain = original.isascii()
    # Cheap looks first: most posts hold none of these letters.
    screened_out = not (
        ("j" in key and _J_BEFORE_VOWEL.search(key))
        or ("z" in key and ("cz" in key or "sz" in key))
        or "sj" in key
        or "syi" in key
        or "tj" in key
        or "Ci" in original
    )
    if screened_out and (
        plain or ("cu" not in key and "ov" not in key and not _may_hold_hacek(key, original))
    ):
        return []
    if _TRIGGER.search(original) is None:
        return []
    endings = {i for m in _CZECH_SURNAME_END.finditer(original) for i in range(m.start(), m.end())}
    turkish = not plain and _TURKISH.search(original) is not None
    views = []
    for restored in ("", "a", "o") if endings else ("",):
        view = _read(norm, endings, restored, turkish, plain)
        if view is not None:
            views.append(view)
    return views


def _may_hold_hacek(key: str, original: str) -> bool:
    """č, š, ž, ç and ş fold to c, s and z in the key: a key with none of those letters (a
    Japanese post) needs no search of the original."""
    if "c" not in key and "s" not in key and "z" not in key:
        return False
    return _ACCENTED.search(original) is not None


def _read(
    norm: NormalizedText, endings: set[int], restored: str, turkish: bool, plain: bool
) -> NormalizedText | None:
    original, key, starts, ends = norm.original, norm.key, norm.starts, norm.ends
    n = len(key)
    # Per key letter its reading; None joins the letter to the next one (the d of dž), ""
    # to the one before (the z of cz, a dropped surname ending).
    readings: list[str | None] = list(key)
    i = 0
    while i < n:
        letter = original[starts[i] : ends[i]]
        low = letter.lower()
        two = original[starts[i] : starts[i] + 2].lower()
        after = key[i + 2 : i + 3]
        if starts[i] in endings:
            readings[i] = restored if starts[i] - 1 not in endings else ""
        elif low in _SINGLE:
            readings[i] = _SINGLE[low]
        elif two in _PAIRS and i + 1 < n and (two in ("cz", "sz") or after in _VOWELS):
            readings[i], readings[i + 1] = _PAIRS[two], ""
            i += 1
        elif two == "sy" and i + 1 < n and after == "i":
            readings[i], readings[i + 1] = "sh", ""
            i += 1
        elif two == "dž":
            readings[i] = None
        elif low == "j" and key[i + 1 : i + 2] in _VOWELS:
            readings[i] = "y"
        elif low == "c" and not plain and key[i + 1 : i + 2] == "u":
            readings[i] = "ts"
        elif letter == "C" and key[i + 1 : i + 2] == "i" and not _after_letter(original, starts[i]):
            readings[i] = "ch"  # Indonesian Cihiro
        elif turkish and low == "v":
            readings[i] = "w"
        i += 1
    if readings == list(key):
        return None
    out: list[str] = []
    out_starts: list[int] = []
    out_ends: list[int] = []
    carried: int | None = None
    for i, reading in enumerate(readings):
        if reading is None:
            carried = starts[i] if carried is None else carried
            continue
        if not reading:
            if out_ends:
                out_ends[-1] = max(out_ends[-1], ends[i])
            continue
        start = starts[i] if carried is None else carried
        carried = None
        for char in reading:
            out.append(char)
            out_starts.append(start)
            out_ends.append(ends[i])
    return NormalizedText(original, "".join(out), out_starts, out_ends)


def _after_letter(text: str, position: int) -> bool:
    return position > 0 and text[position - 1].isalpha()
