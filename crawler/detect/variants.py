"""Spelling variants of a person's name: kanji forms, masks, honorifics, romaji.

Everything here is data or a pure function of a watchlist entry; the matcher
(``watchlist.py``) turns the forms into automaton patterns.
"""

from __future__ import annotations

import functools
import re
import threading
from typing import NamedTuple

# Old/variant kanji folded to the form used in everyday print. Curated by hand:
# generic variant tables group unrelated characters (see design.md field notes).
KANJI_VARIANTS: dict[str, str] = {
    "髙": "高",
    "﨑": "崎",
    "嵜": "崎",
    "碕": "崎",
    "齋": "斎",
    "齊": "斎",
    "斉": "斎",
    "邊": "辺",
    "邉": "辺",
    "濵": "浜",
    "濱": "浜",
    "澤": "沢",
    "櫻": "桜",
    "國": "国",
    "廣": "広",
    "槇": "槙",
    "德": "徳",
    "眞": "真",
    "惠": "恵",
    "藏": "蔵",
    "聰": "聡",
    "瀨": "瀬",
    "實": "実",
    "禮": "礼",
    "壽": "寿",
    "來": "来",
    "靜": "静",
    "淺": "浅",
    "圓": "円",
    "萬": "万",
    "與": "与",
    "嶋": "島",
    "嶌": "島",
    "冨": "富",
    "埜": "野",
    "條": "条",
    "峯": "峰",
    "曾": "曽",
    "黑": "黒",
    "澁": "渋",
    "桒": "桑",
    "栁": "柳",
    "淵": "渕",
    "凜": "凛",
    "薰": "薫",
    "亞": "亜",
    "繪": "絵",
    "彌": "弥",
    "萠": "萌",
    "兒": "児",
    "瑤": "瑶",
    "龍": "竜",
    "驒": "騨",
    "絲": "糸",
    "鷗": "鴎",
    "晄": "晃",
    "舩": "船",
    "籔": "薮",
    "藪": "薮",
    "儘": "侭",
    "讃": "賛",
    "遙": "遥",
    "淸": "清",
    "靑": "青",
    "戶": "戸",
}

# Characters sellers put in place of one letter of a name. In the normalised key
# they all become MASK, so one masked pattern per position covers all of them.
MASK = "○"
MASK_CHARS = frozenset("○〇●◯◎＊*×✕✖☓□■◇◆☆★△▲※")

# Decorations double as masks (星野★奈) and as separators (★新作★); the matcher
# tries a text both ways when it holds one.

# Honorifics and nickname suffixes that may follow a name. Short names, and a given
# or family name on its own, only count when one follows (チャン/さーん fold to these).
HONORIFICS_JA = (
    "ちゃん", "さん", "たん", "様", "さま", "くん", "氏", "嬢", "ちゃま", "っち", "りん", "たそ",
    # Titles written like honorifics after a name: 小野寺アナ (announcer), 朝比奈選手.
    "アナ", "選手",
    # Lookalike framing right after a name: ことね似, 美奈っぽい, 星野風, 渡辺系.
    "似", "っぽ", "風", "系",
)  # fmt: skip
HONORIFICS_LATIN = (
    "chan", "san", "sama", "tan", "kun", "chama", "cchi", "tchi",
    # Lookalike framing glued to a name: Harper-esque, Lilou-ish, Marisol-style, dasha-lookalike.
    "esque", "ish", "style", "type", "lookalike",
)  # fmt: skip

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
def romaji_variants(hepburn: str) -> tuple[str, ...]:
    """Spellings of one romanised name part: long vowels as ou/o/oh, Kunrei, n/m before labials."""
    forms = {hepburn}
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
    return tuple(sorted(f for f in forms if f))


_KUNREI_MARKERS = re.compile("sh|ch|ts|fu|j")
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


def masked_variants(key: str) -> list[str]:
    """The key with each single character replaced by the mask (星野美奈 -> 星野○奈, ...)."""
    return [key[:i] + MASK + key[i + 1 :] for i in range(len(key)) if key[i] != MASK]


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


# --- Latin names in katakana ---------------------------------------------------------
#
# Sellers write foreign names in katakana (Emma Hartwell -> エマ・ハートウェル) and the
# watchlist often has no kana for them. latin_name_readings() guesses the usual
# katakana (as hiragana, the key's script) from the spelling with a small set of
# English spelling rules for names. English spelling is ambiguous, so a few
# alternatives are kept where the rules cannot tell (Lily リリー, Ivy アイヴィー; ヴ or
# バ; ケイト or ケート); the key drops ー, so long vowels need no alternatives.
# Known misses: silent middle vowels (Evelyn エヴリン), Greek/French endings
# (Penelope ペネロペ), ea read as two vowels (Eleanor エレノア), silent p (Campbell).

_V_LETTERS = frozenset("aeiou")
# Onset rows: consonant -> kana before a, i, u, e, o.
_ROWS: dict[str, tuple[str, str, str, str, str]] = {
    "": ("あ", "い", "う", "え", "お"),
    "k": ("か", "き", "く", "け", "こ"),
    "g": ("が", "ぎ", "ぐ", "げ", "ご"),
    "s": ("さ", "し", "す", "せ", "そ"),
    "z": ("ざ", "じ", "ず", "ぜ", "ぞ"),
    "sh": ("しゃ", "し", "しゅ", "しぇ", "しょ"),
    "ch": ("ちゃ", "ち", "ちゅ", "ちぇ", "ちょ"),
    "j": ("じゃ", "じ", "じゅ", "じぇ", "じょ"),
    "t": ("た", "てぃ", "とぅ", "て", "と"),
    "d": ("だ", "でぃ", "どぅ", "で", "ど"),
    "n": ("な", "に", "ぬ", "ね", "の"),
    "h": ("は", "ひ", "ふ", "へ", "ほ"),
    "f": ("ふぁ", "ふぃ", "ふ", "ふぇ", "ふぉ"),
    "b": ("ば", "び", "ぶ", "べ", "ぼ"),
    "p": ("ぱ", "ぴ", "ぷ", "ぺ", "ぽ"),
    "m": ("ま", "み", "む", "め", "も"),
    "y": ("や", "い", "ゆ", "いぇ", "よ"),
    "r": ("ら", "り", "る", "れ", "ろ"),
    "l": ("ら", "り", "る", "れ", "ろ"),
    "w": ("わ", "うぃ", "う", "うぇ", "うぉ"),
    "v": ("ゔぁ", "ゔぃ", "ゔ", "ゔぇ", "ゔぉ"),
    "ts": ("つぁ", "つぃ", "つ", "つぇ", "つぉ"),
    "kw": ("くあ", "くい", "く", "くえ", "くお"),
    "th": ("さ", "し", "す", "せ", "そ"),
    "wo": ("うぉ", "うぃ", "う", "うぇ", "うぉ"),
}  # fmt: skip
# Consonants with a second common katakana row: Carver カーヴァー/カーバー,
# Thomas トーマス, Charlotte シャーロット, Ward ワード/ウォード.
_ROW_ALTERNATIVES = {"v": "b", "th": "t", "ch": "sh", "w": "wo"}
# Palatal glide (Andrew アンドリュー, Hugo ヒューゴ): consonant -> kana before "yu".
_GLIDE_U = {
    "": "ゆ", "k": "きゅ", "g": "ぎゅ", "s": "しゅ", "z": "じゅ", "sh": "しゅ", "ch": "ちゅ",
    "j": "じゅ", "t": "ちゅ", "d": "でゅ", "n": "にゅ", "h": "ひゅ", "f": "ふゅ", "b": "びゅ",
    "p": "ぴゅ", "m": "みゅ", "r": "りゅ", "l": "りゅ", "v": "ゔゅ", "th": "しゅ", "w": "ゆ",
    "y": "ゆ", "kw": "きゅ", "ts": "ちゅ",
}  # fmt: skip
# ... and before "ya" (Carol キャロル, Katherine キャサリン): only k and g take it.
_GLIDE_A = {"k": "きゃ", "g": "ぎゃ"}
# A consonant with no vowel after it: the vowel katakana adds (Hart ハート, Nash ナッシュ);
# others take the u column (Mark マーク, Voss ヴォス, Hartwell ハートウェル).
_CODA = {
    "t": "と", "d": "ど", "ch": "ち", "j": "じ", "sh": "しゅ", "ts": "つ", "n": "ん",
    "h": "", "y": "い", "w": "う", "kw": "く", "th": "す",
}  # fmt: skip
_VOWEL_INDEX = {"a": 0, "i": 1, "u": 2, "e": 3, "o": 4}
# Consonants doubled (ッ) at the end of a word after a short vowel: Scott スコット,
# Nash ナッシュ, Brook ブルック (not Voss ヴォス, Jeff ジェフ).
_GEMINATE_AT_END = frozenset({"k", "t", "p", "d", "ch", "j", "sh", "g"})
_STOPS = frozenset({"k", "t", "p", "d", "ch", "j", "s", "g", "z", "sh"})

# Readings of vowel letter groups, most usual first. "Y" is a palatal glide on the
# consonant before it, "ー" a long vowel (dropped in the key).
_VOWEL_GROUPS: dict[str, tuple[str, ...]] = {
    "ee": ("iー",), "ea": ("iー", "e"), "ai": ("ei", "eー", "ai"), "ay": ("ei", "eー", "ai"),
    "ei": ("ei", "iー"), "ey": ("ei",), "oa": ("oー",), "oi": ("oi",), "oy": ("oi",),
    "au": ("oー",), "aw": ("oー",), "ew": ("Yuー", "uー"), "eu": ("Yuー",),
    "ou": ("au", "uー", "ou", "a"), "ow": ("ou", "au"), "oo": ("uー",), "ie": ("ie", "iー"),
    "igh": ("ai",), "eigh": ("ei",), "augh": ("oー",), "ough": ("oー",), "ae": ("ae", "e"),
}  # fmt: skip
_FINAL_VOWEL_GROUPS: dict[str, tuple[str, ...]] = {
    "ey": ("iー", "ei", "eー"), "ie": ("iー",), "ea": ("ia", "ea"), "ue": ("uー",),
    "oe": ("oe", "oーi"), "ee": ("iー",),
}  # fmt: skip
_R_VOWEL_GROUPS: dict[str, tuple[str, ...]] = {
    "oo": ("uーa", "oー"), "ai": ("ea",), "ea": ("aー", "iーa"), "ee": ("iーa",),
    "ou": ("aua", "oー"),
}  # fmt: skip
_FIRST_LONG = {"a": ("a", "ei", "Ya"), "e": ("e", "iー"), "i": ("i", "ai"), "u": ("u", "Yuー")}
_MAGIC = {"a": ("ei", "eー"), "e": ("iー",), "i": ("ai",), "o": ("oー", "ou"), "u": ("uー", "Yuー")}
_MAGIC_LATER = {"a": ("ei", "a"), "e": ("iー",), "i": ("i", "ai"), "o": ("oー", "ou")}


class _Token(NamedTuple):
    kind: str  # "C" consonant sound, "V" vowel letters
    value: str
    double: bool = False  # written double (tt, ll, ck, tch): the vowel before is short


def _is_vowel_letter(word: str, i: int) -> bool:
    c = word[i]
    if c in _V_LETTERS:
        return True
    if c == "y":  # a vowel unless it starts a word or a syllable (Maya, Yvonne)
        return i > 0 and not (i + 1 < len(word) and word[i + 1] in _V_LETTERS)
    return False


_DIGRAPHS = {"sh": "sh", "th": "th", "ph": "f", "qu": "kw", "gh": "g"}


def _latin_tokens(word: str) -> list[_Token]:
    if word.startswith(("kn", "wr", "gn")) and len(word) > 3:
        word = word[1:]  # silent first letter: Knox, Wren
    if word.startswith("wh"):
        word = "w" + word[2:]
    tokens: list[_Token] = []
    i, n = 0, len(word)
    while i < n:
        if _is_vowel_letter(word, i):
            j = i
            while j < n and _is_vowel_letter(word, j):
                j += 1
            if word.startswith("gh", j):  # Wright, Leigh, Vaughn
                j += 2
            elif (
                j < n
                and word[j] == "w"
                and (j + 1 == n or not _is_vowel_letter(word, j + 1) or word[j + 1 :] == "e")
            ):
                j += 1  # Lowe, Shaw, Andrew: w closes the vowel
            tokens.append(_Token("V", word[i:j]))
            i = j
            continue
        rest = word[i:]
        nxt = rest[1:2]
        if rest.startswith("tch"):
            tokens.append(_Token("C", "ch", True))
            i += 3
        elif rest.startswith("dge"):
            tokens.append(_Token("C", "j", True))
            i += 2  # the e stays: silent at the end
        elif rest.startswith("sch"):
            tokens.append(_Token("C", "sh"))
            i += 3
        elif rest.startswith("ch"):
            hard = word[i + 2 : i + 3] in ("r", "l")  # Christopher, Chloe
            tokens.append(_Token("C", "k" if hard else "ch"))
            i += 2
        elif rest.startswith("ck"):
            tokens.append(_Token("C", "k", True))
            i += 2
        elif rest[:2] in _DIGRAPHS:
            tokens.append(_Token("C", _DIGRAPHS[rest[:2]]))
            i += 2
        elif rest[0] == "x":
            tokens += [_Token("C", "k"), _Token("C", "s")]
            i += 1
        elif rest[0] == nxt:  # written double: one sound (Emma, Hartwell, Scott)
            tokens.append(_Token("C", {"c": "k", "q": "k"}.get(nxt, nxt), True))
            i += 2
        else:
            c = rest[0]
            soft = nxt in ("e", "i", "y")
            if c == "c":
                c = "s" if soft else "k"
            elif c == "g":
                c = "j" if soft and i > 0 else "g"  # George ジョージ; Gibson ギブソン is rarer
            elif c == "q":
                c = "k"
            tokens.append(_Token("C", c))
            i += 1
    return tokens


def _vowel_options(
    letters: str,
    first: bool,
    final: bool,
    r_coloured: bool,
    magic: bool,
    open_: bool,
    dark_l: bool,
) -> tuple[str, ...]:
    """Japanese vowel sounds for one vowel group, most usual first."""
    if len(letters) > 1:
        plain = "".join("i" if c == "y" else c for c in letters if c in "aeiouy")
        if r_coloured:
            return _R_VOWEL_GROUPS.get(letters, (plain + "ー",))
        if final and letters in _FINAL_VOWEL_GROUPS:
            return _FINAL_VOWEL_GROUPS[letters]
        if letters in _VOWEL_GROUPS:
            return _VOWEL_GROUPS[letters]
        if first and letters[0] in "iy" and letters[1] in "ao":
            return (plain, "a" + plain)  # Maria マリア; Diana ダイアナ, Violet ヴァイオレット
        return (plain,)
    v = letters
    if dark_l:
        return ("oー", "a")  # Hall ホール, Walker ウォーカー
    if r_coloured:
        if v == "o":
            return ("oー",) if first else ("aー", "oー")  # Ford フォード, Taylor テイラー
        return ("aー",)  # Hart ハート, Carver カーヴァー, Bird バード, Turner ターナー
    if final:
        return ("iー",) if v == "y" else (v,)
    if magic:  # Kate ケイト, Steve スティーヴ, Pike パイク, Stone ストーン; Alice アリス
        return (_MAGIC if first else _MAGIC_LATER).get(v, ("ai",))
    if open_ and first:  # Nora ノラ or Baker ベイカー; Lily リリー or Ivy アイヴィー
        return ("ai", "i") if v == "y" else _FIRST_LONG.get(v, (v,))
    if v == "u" and not open_:
        return ("a", "u")  # Duncan ダンカン, Russell ラッセル
    if v == "a" and first:
        return ("a", "Ya")  # Campbell キャンベル (the glide only follows k and g)
    return ("i",) if v == "y" else (v,)


def _kana(onset: str, vowels: str) -> str:
    """Kana for an onset consonant and a vowel string such as "ei" or "Yuー"."""
    if vowels.startswith("Ya"):
        head, rest = _GLIDE_A.get(onset) or _ROWS.get(onset, _ROWS[""])[0], vowels[2:]
    elif vowels.startswith("Y"):
        head, rest = _GLIDE_U.get(onset, "ゆ"), vowels[2:]
    else:
        head, rest = _ROWS.get(onset, _ROWS[""])[_VOWEL_INDEX[vowels[0]]], vowels[1:]
    return head + "".join("ー" if c == "ー" else _ROWS[""][_VOWEL_INDEX[c]] for c in rest)


def _coda(consonant: str) -> str:
    if consonant in _CODA:
        return _CODA[consonant]
    return _ROWS.get(consonant, _ROWS[""])[2]  # k -> く, s -> す, l -> る, m -> む


def _latin_slots(word: str) -> list[tuple[str, ...]]:
    """Katakana (as hiragana) of one Latin name part, as slots of alternatives."""
    tokens = _latin_tokens(word)
    n = len(tokens)
    vowels = [i for i, t in enumerate(tokens) if t.kind == "V"]
    if not vowels:
        return []
    # A last lone "e" (or "es") after a consonant is silent: Kate, Lane, Anne, Jones;
    # after "ow" too (Lowe). It lengthens the vowel before it over one consonant.
    silent = -1
    if len(vowels) > 1 and tokens[vowels[-1]].value == "e":
        last = vowels[-1]
        after = tokens[last + 1 :]
        before = tokens[last - 1]
        if (not after or after == [_Token("C", "s")]) and (
            before.kind == "C" or before.value.endswith("w")
        ):
            silent = last
    spoken = [v for v in vowels if v != silent]
    slots: list[tuple[str, ...]] = []
    # Consonants before the first vowel: all but the last get their own kana (Frost フロスト).
    for tok in tokens[: spoken[0]][:-1]:
        slots.append((_coda(tok.value),))
    for k, v in enumerate(spoken):
        letters = tokens[v].value
        nxt = spoken[k + 1] if k + 1 < len(spoken) else -1
        cluster = [t for t in tokens[v + 1 : nxt if nxt >= 0 else n] if t.kind == "C"]
        before_silent = [t for t in tokens[v + 1 : silent]] if silent > v else []
        final = not cluster and nxt < 0
        head = cluster[0] if cluster else None
        r_coloured = (
            head is not None
            and head.value == "r"
            and not head.double
            and (len(cluster) > 1 or nxt < 0)
        )
        magic = (
            nxt < 0 and len(before_silent) == 1 and not before_silent[0].double and not r_coloured
        )
        open_ = len(cluster) == 1 and not cluster[0].double and nxt >= 0
        dark_l = (
            letters == "a"
            and head is not None
            and head.value == "l"
            and ((head.double and nxt < 0) or (len(cluster) > 1 and cluster[1].value in "kt"))
        )
        options = _vowel_options(letters, k == 0, final, r_coloured, magic, open_, dark_l)
        oo_short = letters == "oo" and head is not None and head.value in ("k", "d")
        if oo_short:
            options = ("u",)  # Brook ブルック, Wood ウッド
        onset = tokens[v - 1].value if v > 0 and tokens[v - 1].kind == "C" else ""
        rows = [onset]
        if onset in _ROW_ALTERNATIVES:
            rows.append(_ROW_ALTERNATIVES[onset])
        if onset == "s" and v >= 2 and tokens[v - 2].kind == "V" and not tokens[v - 1].double:
            rows.append("z")  # Isabella イザベラ, Rose ローズ
        slots.append(tuple(dict.fromkeys(_kana(r, o) for o in options for r in rows)))
        short = oo_short or (
            not (r_coloured or magic or final or dark_l)
            and (len(letters) == 1 or letters not in _VOWEL_GROUPS)
        )
        if r_coloured or (dark_l and cluster[1:2] == [_Token("C", "k")]):
            cluster = cluster[1:]  # r and the l of -alk colour the vowel (Hart, Walker)
        codas = cluster if nxt < 0 else cluster[:-1]
        for j, coda in enumerate(codas):
            at_end = nxt < 0 and j == len(codas) - 1
            spoken_e = (
                at_end and silent > v and len(before_silent) >= 2 and coda.value in "dtkgbp"
            )  # Grande グランデ, Dante ダンテ
            alone = (  # Scott スコット, Brooks ブルックス, Fox フォックス
                short
                and nxt < 0
                and j == 0
                and (len(codas) == 1 or (len(codas) == 2 and codas[1].value == "s"))
            )
            following = codas[j + 1 :] + (cluster[-1:] if nxt >= 0 else [])
            slots.append(_coda_alternatives(coda, following, alone, at_end, spoken_e))
        if nxt >= 0 and cluster and not codas and short and cluster[-1].double:
            sound = cluster[-1].value
            if sound == "n":  # Anna アンナ, Hannah ハンナ; Jennifer ジェニファー
                last_a = nxt == spoken[-1] and tokens[nxt].value == "a"
                slots.append(("ん", "") if last_a else ("", "ん"))
            elif sound in _STOPS:  # Tucker タッカー, Mitchell ミッチェル; Betty ベティ
                slots.append(("っ", "") if sound in ("k", "ch", "j") else ("", "っ"))
    return slots


def _coda_alternatives(
    coda: _Token, following: list[_Token], alone_after_short: bool, at_end: bool, spoken_e: bool
) -> tuple[str, ...]:
    if coda.value == "m" and following[:1] and following[0].value in ("b", "p"):
        return ("ん",)  # Campbell キャンベル, Thompson トンプソン
    alternatives = [_coda(coda.value)]
    if coda.value in _ROW_ALTERNATIVES:
        alternatives.append(_coda(_ROW_ALTERNATIVES[coda.value]))
    if coda.value == "s" and at_end:
        alternatives.append("ず")  # Davis デイヴィス, Jones ジョーンズ
    if spoken_e:
        alternatives.append(_kana(coda.value, "e"))
    if alone_after_short and coda.value in _GEMINATE_AT_END:
        doubled = ["っ" + a for a in alternatives]
        if coda.value == "g":  # Greg グレッグ but Meg メグ
            return tuple(alternatives + doubled)
        return tuple(doubled + alternatives)
    return tuple(alternatives)


def latin_name_readings(word: str, limit: int = 6) -> tuple[str, ...]:
    """Likely katakana spellings (in hiragana, with ー) of one Latin name part.

    Most usual first; at most ``limit`` that differ once ー is dropped. Empty for
    anything but two or more ASCII letters.
    """
    return _latin_name_readings(word.lower(), limit)


@functools.lru_cache(maxsize=16384)
def _latin_name_readings(word: str, limit: int) -> tuple[str, ...]:
    if not word.isascii() or not word.isalpha() or len(word) < 2:
        return ()
    slots = _latin_slots(word)
    if not slots:
        return ()
    out: dict[str, str] = {}
    # Fewest departures from the usual reading first; at most two departures.
    for departures in range(3):
        for combo in _choices(slots, departures):
            reading = "".join(combo)
            out.setdefault(reading.replace("ー", ""), reading)
            if len(out) >= limit:
                return tuple(out.values())
    return tuple(out.values())


def _choices(slots: list[tuple[str, ...]], departures: int) -> list[list[str]]:
    """Every pick of one alternative per slot with exactly ``departures`` non-first picks."""
    results: list[list[str]] = []
    picked: list[str] = []

    def walk(i: int, left: int) -> None:
        if i == len(slots):
            if left == 0:
                results.append(list(picked))
            return
        options = slots[i]
        picked.append(options[0])
        walk(i + 1, left)
        picked.pop()
        if left:
            for option in options[1:]:
                picked.append(option)
                walk(i + 1, left - 1)
                picked.pop()

    walk(0, departures)
    return results


# --- a name part on its own ------------------------------------------------------------
#
# A given name or a family name alone (みなちゃん, 星野さん, Em-chan) is ambiguous, so it
# only counts before an honorific, and not for the family names below: the most common
# ~100 Japanese surnames (from 佐藤 down to about 桜井) name thousands of people each,
# and "高橋さん" in a post is rarely the watched 高橋. Rarer family names (星野,
# 水瀬) with an honorific are nearly always a reference to that person.


def _words(text: str) -> list[str]:
    return text.split()


COMMON_SURNAMES_JA: dict[str, str] = dict(
    pair.split(":")
    for pair in _words(
        "佐藤:さとう 鈴木:すずき 高橋:たかはし 田中:たなか 伊藤:いとう 渡辺:わたなべ 山本:やまもと "
        "中村:なかむら 小林:こばやし 加藤:かとう 吉田:よしだ 山田:やまだ 佐佐木:ささき 山口:やまぐち "
        "松本:まつもと 井上:いのうえ 木村:きむら 林:はやし 斎藤:さいとう 清水:しみず 山崎:やまざき "
        "森:もり 池田:いけだ 橋本:はしもと 阿部:あべ 石川:いしかわ 山下:やました 中島:なかじま "
        "石井:いしい 小川:おがわ 前田:まえだ 岡田:おかだ 長谷川:はせがわ 藤田:ふじた 後藤:ごとう "
        "近藤:こんどう 村上:むらかみ 遠藤:えんどう 青木:あおき 坂本:さかもと 福田:ふくだ 太田:おおた "
        "西村:にしむら 藤井:ふじい 金子:かねこ 岡本:おかもと 藤原:ふじわら 中野:なかの 三浦:みうら "
        "原田:はらだ 中川:なかがわ 松田:まつだ 竹内:たけうち 小野:おの 田村:たむら 中山:なかやま "
        "和田:わだ 石田:いしだ 森田:もりた 上田:うえだ 原:はら 内田:うちだ 柴田:しばた 酒井:さかい "
        "宮崎:みやざき 横山:よこやま 高木:たかぎ 安藤:あんどう 宮本:みやもと 大野:おおの 小島:こじま "
        "谷口:たにぐち 今井:いまい 工藤:くどう 高田:たかだ 増田:ますだ 丸山:まるやま 杉山:すぎやま "
        "村田:むらた 大塚:おおつか 新井:あらい 小山:こやま 平野:ひらの 藤本:ふじもと 河野:こうの "
        "上野:うえの 野口:のぐち 武田:たけだ 松井:まつい 千葉:ちば 菅原:すがわら 岩崎:いわさき "
        "木下:きのした 久保:くぼ 佐野:さの 野村:のむら 松尾:まつお 市川:いちかわ 菊地:きくち "
        "菊池:きくち 杉本:すぎもと 古川:ふるかわ 大西:おおにし 島田:しまだ 水野:みずの 桜井:さくらい"
    )
)
COMMON_SURNAMES_LATIN = frozenset(
    _words(
        "smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez "
        "lopez gonzalez wilson anderson thomas taylor moore jackson martin white harris clark "
        "lewis robinson walker young allen king wright scott green baker adams nelson hill "
        "campbell mitchell roberts carter phillips evans turner parker collins edwards stewart "
        "morris murphy cook rogers morgan cooper peterson bailey reed kelly howard cox ward "
        "richardson watson brooks wood james bennett gray hughes price sanders long ross "
        "kim park chen wang zhang liu yang huang zhao tanaka sato suzuki takahashi"
    )
)

# Words that are a name part plus an honorific in everyday Japanese: 皆さん (みな +
# さん, "everyone"), たくさん ("many"), 神様, お姫様, Marilyn (まり + りん). A name part
# followed by an honorific never counts when the two together spell one of these.
HONORIFIC_WORDS_JA = frozenset(
    _words(
        "みなさん みなさま 皆さん 皆様 たくさん かみさま 神様 おうさま 王様 ひめさま 姫様 "
        "おくさん おくさま 奥さん 奥様 おきゃくさま 客様 ほとけさま 仏様 とのさま 殿様 おひさま "
        "おつかれさま おかげさま ごちそうさま おじさん おばさん おじさま おばさま にいさん ねえさん "
        "かあさん とうさん かあちゃん とうちゃん にいちゃん ねえちゃん じいちゃん ばあちゃん "
        "あかちゃん 赤ちゃん ぼっちゃん 坊ちゃん おじょうさん おじょうさま まりりん "
        "みな様 皆さま 神さま 王さま 姫さま 奥さま 客さま"
    )
)
