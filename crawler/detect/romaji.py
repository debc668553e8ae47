"""Readings of names: kana to Hepburn romaji and its variants, long vowels, masks, and a
reading guessed by SudachiPy when the watchlist gives none."""

from __future__ import annotations

import functools
import re
import threading

from crawler.detect.name_tables import KANJI_VARIANTS, MASK

# Modern Hepburn for hiragana (the key folds katakana to hiragana first).
_HEPBURN: dict[str, str] = {
    "あ": "a", "い": "i", "う": "u", "え": "e", "お": "o",
    "か": "ka", "き": "ki", "く": "ku", "け": "ke", "こ": "ko",
    "さ": "sa", "し": "shi", "す": "su", "せ": "se", "そ": "so",
    "た": "ta", "ち": "chi", "つ": "tsu", "て": "te", "と": "to",
    "な": "na", "に": "ni", "ぬ": "nu", "ね": "ne", "の": "no",
    "は": "ha", "ひ": "hi", "ふ": "fu", "へ": "he", "ほ": "ho",
    "ま": "ma", "み": "mi", "む": "mu", "め": "me", "も": "mo",
    "や": "ya", "ゆ": "yu", "よ": "yo",
    "ら": "ra", "り": "ri", "る": "ru", "れ": "re", "ろ": "ro",
    "わ": "wa", "ゐ": "i", "ゑ": "e", "を": "o", "ん": "n",
    "が": "ga", "ぎ": "gi", "ぐ": "gu", "げ": "ge", "ご": "go",
    "ざ": "za", "じ": "ji", "ず": "zu", "ぜ": "ze", "ぞ": "zo",
    "だ": "da", "ぢ": "ji", "づ": "zu", "で": "de", "ど": "do",
    "ば": "ba", "び": "bi", "ぶ": "bu", "べ": "be", "ぼ": "bo",
    "ぱ": "pa", "ぴ": "pi", "ぷ": "pu", "ぺ": "pe", "ぽ": "po",
    "ゔ": "vu",
    "ぁ": "a", "ぃ": "i", "ぅ": "u", "ぇ": "e", "ぉ": "o",
    "ゃ": "ya", "ゅ": "yu", "ょ": "yo", "ゎ": "wa",
}  # fmt: skip

# Two-kana syllables (consonant + small ya/yu/yo/vowel).
_HEPBURN_DIGRAPHS: dict[str, str] = {}
for _kana, _base in (
    ("き", "k"), ("ぎ", "g"), ("に", "n"), ("ひ", "h"), ("び", "b"),
    ("ぴ", "p"), ("み", "m"), ("り", "r"),
):  # fmt: skip
    for _small, _vowel in (("ゃ", "ya"), ("ゅ", "yu"), ("ょ", "yo")):
        _HEPBURN_DIGRAPHS[_kana + _small] = _base + _vowel
for _kana, _base in (("し", "sh"), ("ち", "ch"), ("じ", "j"), ("ぢ", "j")):
    for _small, _vowel in (("ゃ", "a"), ("ゅ", "u"), ("ょ", "o"), ("ぇ", "e")):
        _HEPBURN_DIGRAPHS[_kana + _small] = _base + _vowel
_HEPBURN_DIGRAPHS.update(
    {"ふぁ": "fa", "ふぃ": "fi", "ふぇ": "fe", "ふぉ": "fo", "てぃ": "ti", "でぃ": "di",
     "うぃ": "wi", "うぇ": "we", "うぉ": "wo", "ゔぁ": "va", "ゔぃ": "vi", "ゔぇ": "ve",
     "ゔぉ": "vo", "つぁ": "tsa", "とぅ": "tu", "どぅ": "du"}
)  # fmt: skip

# Kunrei-shiki spellings some people type instead of Hepburn.
_KUNREI_SWAPS = (
    ("sha", "sya"), ("shu", "syu"), ("sho", "syo"), ("shi", "si"),
    ("cha", "tya"), ("chu", "tyu"), ("cho", "tyo"), ("chi", "ti"),
    ("tsu", "tu"), ("fu", "hu"),
    ("ja", "zya"), ("ju", "zyu"), ("jo", "zyo"), ("ji", "zi"),
)  # fmt: skip

_VOWEL_OF_KANA_END = {"a": "あ", "i": "い", "u": "う", "e": "え", "o": "お"}


@functools.lru_cache(maxsize=65536)
def kana_to_hepburn(kana: str) -> str | None:
    """Modern Hepburn for a hiragana/katakana string; None if it holds other characters."""
    import jaconv  # local: keeps module import cheap for tools that only need the tables

    text = jaconv.kata2hira(kana).replace("ー", "")
    out: list[str] = []
    i = 0
    geminate = False
    while i < len(text):
        pair = text[i : i + 2]
        if pair in _HEPBURN_DIGRAPHS:
            syllable = _HEPBURN_DIGRAPHS[pair]
            i += 2
        elif text[i] == "っ":
            geminate = True
            i += 1
            continue
        elif text[i] in _HEPBURN:
            syllable = _HEPBURN[text[i]]
            i += 1
        else:
            return None
        if geminate:
            # Hepburn doubles the consonant, except "tch" before ch.
            if syllable.startswith("ch"):
                syllable = "t" + syllable
            elif syllable[0] not in "aiueon":
                syllable = syllable[0] + syllable
            geminate = False
        out.append(syllable)
    return "".join(out)


@functools.lru_cache(maxsize=65536)
def romaji_variants(hepburn: str, kana: str = "") -> tuple[str, ...]:
    """Spellings of one romanised name part: long vowels as ou/o/oh, Kunrei, n/m before
    labials, a family name's last sound voiced or not, a final n doubled; and with the
    ``kana`` given, づ and ぢ as du and di (Nihon-shiki, as keyboards type them: Yuduki)."""
    forms = {hepburn}
    if "づ" in kana or "ぢ" in kana:
        typed = kana_to_hepburn(kana.replace("づ", "どぅ").replace("ぢ", "でぃ"))
        if typed:
            forms.update(romaji_variants(typed))
    short = hepburn.replace("ou", "o").replace("uu", "u").replace("oo", "o")
    forms.add(short)
    forms.add(hepburn.replace("ou", "oh").replace("oo", "oh").replace("uu", "u"))
    forms.add(hepburn.replace("ii", "i"))
    if _KUNREI_MARKERS.search(hepburn):
        for base in list(forms):
            kunrei = base
            for hep, kun in _KUNREI_SWAPS:
                kunrei = kunrei.replace(hep, kun)
            forms.add(kunrei)
    if _LABIAL_N.search(hepburn):
        for base in list(forms):
            forms.add(base.replace("nb", "mb").replace("nm", "mm").replace("np", "mp"))
    voicing = _RENDAKU.search(hepburn)
    if voicing:  # 山崎 is Yamazaki to one writer and Yamasaki to the next
        other = _RENDAKU_PAIRS[voicing.group(1)]
        forms.update(
            [base[: voicing.start(1)] + other for base in forms if base.endswith(voicing.group(1))]
        )
    if hepburn.endswith("n"):  # a final ん as typed into a Japanese keyboard: ann, kanonn
        forms.update([base + "n" for base in forms])
    return tuple(sorted(f for f in forms if f))


_KUNREI_MARKERS = re.compile("sh|ch|ts|fu|j")
# A family name's last kanji read voiced or not (崎 saki/zaki, 島 shima/jima, 川 kawa/gawa,
# 沢 sawa/zawa), after at least two letters of the name.
_RENDAKU_PAIRS = {
    "zaki": "saki", "saki": "zaki", "jima": "shima", "shima": "jima",
    "gawa": "kawa", "kawa": "gawa", "zawa": "sawa", "sawa": "zawa",
}  # fmt: skip
_RENDAKU = re.compile("[a-z]{2}(zaki|saki|jima|shima|gawa|kawa|zawa|sawa)$")
_LABIAL_N = re.compile("n[bmp]")
_LENGTHENER = re.compile("[うおいあえ]")


def kana_long_vowel_variant(kana: str) -> str:
    """Drop vowel kana that only lengthen the previous one (ゆうこ -> ゆこ).

    The normaliser drops ー, so ユーコ in a text becomes ゆこ; this variant lets
    it meet the reading ゆうこ from the watchlist.
    """
    if not _LENGTHENER.search(kana, 1):
        return kana
    out: list[str] = []
    for ch in kana:
        if out and ch in "うおいあえ":
            prev = kana_to_hepburn(out[-1]) or ""
            vowel = prev[-1:] if prev else ""
            lengthens = (
                (ch == "う" and vowel in ("o", "u"))
                or (ch == "お" and vowel == "o")
                or (ch == "い" and vowel in ("e", "i"))
                or (ch == "あ" and vowel == "a")
                or (ch == "え" and vowel == "e")
            )
            if lengthens:
                continue
        out.append(ch)
    return "".join(out)


def expand_long_vowel_marks(kana: str) -> str:
    """ゆーこ -> ゆうこ: a kana column written with ー, spelled out so that both the
    long-vowel-dropped key and the romaji variants come from the full reading."""
    if "ー" not in kana:
        return kana
    out: list[str] = []
    for ch in kana:
        if ch == "ー" and out:
            vowel = (kana_to_hepburn(out[-1]) or "")[-1:]
            out.append({"a": "あ", "i": "い", "u": "う", "e": "い", "o": "う"}.get(vowel, ""))
        else:
            out.append(ch)
    return "".join(out)


def masked_variants(key: str, start: int = 0, stop: int | None = None) -> list[str]:
    """The key with each single character from start to stop replaced by the mask
    (星野美奈 -> 星野○奈, ...)."""
    positions = range(start, len(key) if stop is None else stop)
    return [key[:i] + MASK + key[i + 1 :] for i in positions if key[i] != MASK]


def both_orders(parts: list[str]) -> list[str]:
    """Family-name-first and given-name-first joins (no separator: the key has none)."""
    if len(parts) < 2:
        return ["".join(parts)]
    return ["".join(parts), "".join(reversed(parts))]


_sudachi_lock = threading.Lock()
_sudachi_tokenizer = None


def guess_reading(name_part: str) -> str | None:
    """Katakana reading of a name part with no kana given, from SudachiPy (core dict).

    Only a fallback: the watchlist's kana column is authoritative. Old kanji are
    folded first (髙﨑 has no entry of its own, 高崎 has). None when the
    dictionary has no reading or SudachiPy is not installed.
    """
    global _sudachi_tokenizer
    part = "".join(KANJI_VARIANTS.get(c, c) for c in name_part)
    try:
        with _sudachi_lock:
            if _sudachi_tokenizer is None:
                from sudachipy import Dictionary

                _sudachi_tokenizer = Dictionary(dict="core").tokenizer()
            morphemes = _sudachi_tokenizer.tokenize(part)
    except Exception:  # a missing or broken dictionary must not stop the crawl
        return None
    reading = "".join(m.reading_form() for m in morphemes)
    if not reading or kana_to_hepburn(reading) is None:
        return None
    return reading


_DOUBLED = re.compile(r"(.)\1+")


def sound_skeleton(romaji: str, folds: tuple[tuple[str, str], ...]) -> str:
    """Romaji brought down to the sounds another script tells apart: each (old, new) fold
    in order, then a doubled letter once (thai_names.py, arabic_names.py)."""
    text = romaji.lower()
    for old, new in folds:
        text = text.replace(old, new)
    return _DOUBLED.sub(r"\1", text)
