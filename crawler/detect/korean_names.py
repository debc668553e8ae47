"""Korean names as other scripts write them: 한서윤 as Han Seoyun, Seo-yun Han, Han Seo Yoon
and ハン・ソユン; Kim Hayeon as 김하연 and キム・ハヨン.

Watchlists list a Korean person in Hangul or in one romanisation, and posts name them in
another: English posts romanise (the Revised Romanization, or the older spellings families
keep: Yoon, Park, Lee), Japanese posts write katakana, Korean posts Hangul. A Hangul name is
romanised syllable by syllable, with the usual alternative spellings; a romanised name whose
family name is a Korean surname is read back into Hangul (the given name split into
syllables) and spelled from there. Katakana follows Japanese media's transcription: the
syllable's consonant and vowel, ン for ㄴ and ㅇ, ム, ル, ク, プ for the other finals; a
consonant at the start of a name is written both unvoiced and voiced (キム, ダビン/タビン).
"""

from __future__ import annotations

import itertools
import re
from functools import cache

_BASE, _LAST = 0xAC00, 0xD7A3
_INITIAL_RR = [
    "g",
    "kk",
    "n",
    "d",
    "tt",
    "r",
    "m",
    "b",
    "pp",
    "s",
    "ss",
    "-",
    "j",
    "jj",
    "ch",
    "k",
    "t",
    "p",
    "h",
]
_MEDIAL_RR = [
    "a",
    "ae",
    "ya",
    "yae",
    "eo",
    "e",
    "yeo",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
    "wo",
    "we",
    "wi",
    "yu",
    "eu",
    "ui",
    "i",
]
# Final consonant (index 0-27) as romanised and as katakana.
_FINAL_RR = [
    "-",
    "k",
    "k",
    "k",
    "n",
    "n",
    "n",
    "t",
    "l",
    "k",
    "m",
    "p",
    "l",
    "l",
    "p",
    "l",
    "m",
    "p",
    "p",
    "t",
    "t",
    "ng",
    "t",
    "t",
    "k",
    "t",
    "p",
    "t",
]
_FINAL_KANA = [
    "-",
    "ク",
    "ク",
    "ク",
    "ン",
    "ン",
    "ン",
    "ッ",
    "ル",
    "ク",
    "ム",
    "プ",
    "ル",
    "ル",
    "プ",
    "ル",
    "ム",
    "プ",
    "プ",
    "ッ",
    "ッ",
    "ン",
    "ッ",
    "ッ",
    "ク",
    "ッ",
    "プ",
    "-",
]
_VOWELS = {  # medial -> vowel column for katakana
    "a": "a", "ae": "e", "ya": "ya", "yae": "ye", "eo": "o", "e": "e", "yeo": "yo",
    "ye": "ye", "o": "o", "wa": "wa", "wae": "we", "oe": "we", "yo": "yo", "u": "u",
    "wo": "wo", "we": "we", "wi": "wi", "yu": "yu", "eu": "u", "ui": "wi", "i": "i",
}  # fmt: skip
_COLUMNS = ["a", "i", "u", "e", "o", "ya", "yu", "yo", "ye", "wa", "wi", "we", "wo"]
_ROWS = {
    "": "ア イ ウ エ オ ヤ ユ ヨ イェ ワ ウィ ウェ ウォ",
    "k": "カ キ ク ケ コ キャ キュ キョ キェ クァ クィ クェ クォ",
    "g": "ガ ギ グ ゲ ゴ ギャ ギュ ギョ ギェ グァ グィ グェ グォ",
    "n": "ナ ニ ヌ ネ ノ ニャ ニュ ニョ ニェ ヌァ ヌィ ヌェ ヌォ",
    "t": "タ ティ トゥ テ ト ティャ テュ ティョ ティェ トゥァ トゥィ トゥェ トゥォ",
    "d": "ダ ディ ドゥ デ ド ディャ デュ ディョ ディェ ドゥァ ドゥィ ドゥェ ドゥォ",
    "r": "ラ リ ル レ ロ リャ リュ リョ リェ ルァ ルィ ルェ ルォ",
    "m": "マ ミ ム メ モ ミャ ミュ ミョ ミェ ムァ ムィ ムェ ムォ",
    "p": "パ ピ プ ペ ポ ピャ ピュ ピョ ピェ プァ プィ プェ プォ",
    "b": "バ ビ ブ ベ ボ ビャ ビュ ビョ ビェ ブァ ブィ ブェ ブォ",
    "s": "サ シ ス セ ソ シャ シュ ショ シェ スァ スィ スェ スォ",
    "ch": "チャ チ チュ チェ チョ チャ チュ チョ チェ チュァ チュィ チュェ チュォ",
    "j": "ジャ ジ ジュ ジェ ジョ ジャ ジュ ジョ ジェ ジュァ ジュィ ジュェ ジュォ",
    "h": "ハ ヒ フ ヘ ホ ヒャ ヒュ ヒョ ヒェ ファ フィ フェ フォ",
}
_KANA = {row: dict(zip(_COLUMNS, kana.split(), strict=True)) for row, kana in _ROWS.items()}
# Initial consonant -> katakana row (unvoiced, voiced): ㄱ ㄷ ㅂ ㅈ are voiced inside a word.
_INITIAL_ROWS = {
    "g": ("k", "g"), "kk": ("k", "k"), "k": ("k", "k"), "n": ("n", "n"), "d": ("t", "d"),
    "tt": ("t", "t"), "t": ("t", "t"), "r": ("r", "r"), "m": ("m", "m"), "b": ("p", "b"),
    "pp": ("p", "p"), "p": ("p", "p"), "s": ("s", "s"), "ss": ("s", "s"), "-": ("", ""),
    "j": ("ch", "j"), "jj": ("ch", "ch"), "ch": ("ch", "ch"), "h": ("h", "h"),
}  # fmt: skip

# Family names as families romanise them; the first is the Revised Romanization's.
SURNAMES: dict[str, tuple[str, ...]] = {
    "김": ("gim", "kim"), "이": ("i", "lee", "yi", "rhee"), "박": ("bak", "park"),
    "최": ("choe", "choi"), "정": ("jeong", "jung", "chung"), "강": ("gang", "kang"),
    "조": ("jo", "cho"), "윤": ("yun", "yoon"), "장": ("jang", "chang"), "임": ("im", "lim"),
    "한": ("han",), "오": ("o", "oh"), "서": ("seo", "suh"), "신": ("sin", "shin"),
    "권": ("gwon", "kwon"), "황": ("hwang",), "안": ("an", "ahn"), "송": ("song",),
    "류": ("ryu", "yoo"), "유": ("yu", "yoo"), "홍": ("hong",), "전": ("jeon", "jun", "chun"),
    "고": ("go", "ko"), "문": ("mun", "moon"), "양": ("yang",), "손": ("son", "sohn"),
    "배": ("bae",), "백": ("baek", "paik"), "허": ("heo", "huh"), "남": ("nam",),
    "노": ("no", "noh"), "하": ("ha",), "곽": ("gwak", "kwak"), "성": ("seong", "sung"),
    "차": ("cha",), "주": ("ju", "joo"), "우": ("u", "woo"), "구": ("gu", "koo"),
    "민": ("min",), "진": ("jin",), "나": ("na",), "지": ("ji",), "엄": ("eom", "um"),
    "채": ("chae",), "원": ("won",), "천": ("cheon", "chun"), "방": ("bang",),
    "공": ("gong", "kong"), "현": ("hyeon", "hyun"), "함": ("ham",), "변": ("byeon", "byun"),
    "염": ("yeom",), "여": ("yeo",), "추": ("chu", "choo"), "도": ("do",), "소": ("so",),
    "석": ("seok",), "선": ("seon", "sun"), "설": ("seol",), "마": ("ma",), "길": ("gil", "kil"),
    "연": ("yeon",), "위": ("wi",), "표": ("pyo",), "명": ("myeong", "myung"),
    "기": ("gi", "ki"), "반": ("ban",), "왕": ("wang",), "금": ("geum", "keum"),
    "옥": ("ok",), "육": ("yuk", "yook"), "인": ("in",), "맹": ("maeng",), "제": ("je",),
    "모": ("mo",), "탁": ("tak",), "국": ("guk", "kook"), "은": ("eun",), "편": ("pyeon",),
    "용": ("yong",), "예": ("ye",), "봉": ("bong",), "부": ("bu", "boo"),
    "남궁": ("namgung", "namgoong"), "황보": ("hwangbo",), "제갈": ("jegal",), "선우": ("seonu", "sunwoo"),
    "독고": ("dokgo",),
}  # fmt: skip
_SURNAME_BY_LATIN = {latin: hangul for hangul, spellings in SURNAMES.items() for latin in spellings}
_MAX_VARIANTS = 8


def is_hangul(text: str) -> bool:
    return bool(text) and all(_BASE <= ord(c) <= _LAST for c in text)


def _jamo(syllable: str) -> tuple[int, int, int]:
    code = ord(syllable) - _BASE
    return code // 588, (code % 588) // 28, code % 28


def split_hangul_name(word: str) -> tuple[str, str] | None:
    """한서윤 -> (한, 서윤); 남궁민아 -> (남궁, 민아). None when it is no two-part name."""
    if not is_hangul(word) or not 2 <= len(word) <= 5:
        return None
    cut = 2 if len(word) >= 4 and word[:2] in SURNAMES else 1
    return word[:cut], word[cut:]


@cache
def _syllable_rr(syllable: str) -> tuple[str, ...]:
    """One syllable romanised, the Revised Romanization first, then common spellings."""
    initial, medial, final = _jamo(syllable)
    head = _INITIAL_RR[initial].replace("-", "")
    tail = _FINAL_RR[final].replace("-", "")
    rr = head + _MEDIAL_RR[medial] + tail
    variants = [rr]
    if "eo" in rr:
        variants.append(rr.replace("eo", "u"))  # jeong -> jung, hyeon -> hyun
    if rr.endswith("eong"):
        variants.append(rr[:-4] + "oung")  # yeong -> young
    if "u" in rr and "eu" not in rr and "ui" not in rr:
        variants.append(rr.replace("u", "oo", 1))  # yun -> yoon, ju -> joo
    if head in ("g", "d", "b", "j"):
        variants.append({"g": "k", "d": "t", "b": "p", "j": "ch"}[head] + rr[len(head) :])
    if rr == "hui":
        variants.append("hee")
    if head == "r":
        variants.append("l" + rr[1:])  # rin -> lin
    return tuple(dict.fromkeys(variants))


def romanised(given: str) -> list[str]:
    """A Hangul given name's romanisations, at most a few, the standard one first."""
    combos = itertools.product(*(_syllable_rr(s) for s in given))
    return ["".join(c) for c in itertools.islice(combos, _MAX_VARIANTS)]


def katakana(word: str) -> list[str]:
    """Hangul in katakana: the first consonant unvoiced and, if it differs, voiced."""
    found = []
    for voiced_start in (False, True):
        out = []
        for i, syllable in enumerate(word):
            initial, medial, final = _jamo(syllable)
            rows = _INITIAL_ROWS[_INITIAL_RR[initial]]
            row = rows[1] if (i > 0 or voiced_start) else rows[0]
            out.append(_KANA[row][_VOWELS[_MEDIAL_RR[medial]]])
            out.append(_FINAL_KANA[final].replace("-", ""))
        found.append("".join(out))
    return list(dict.fromkeys(found))


# -- romanised names back into Hangul ---------------------------------------------------

_MEDIAL_SPELLINGS = {rr: i for i, rr in enumerate(_MEDIAL_RR)} | {"oo": 13, "ee": 20, "yoo": 17}
_INITIAL_SPELLINGS = {rr: i for i, rr in enumerate(_INITIAL_RR) if rr != "-"} | {"l": 5}
_FINAL_SPELLINGS = {"": 0, "k": 1, "n": 4, "t": 7, "l": 8, "m": 16, "p": 17, "ng": 21}


@cache
def _syllable_table() -> dict[str, str]:
    """Every romanised syllable (initial, medial and final spellings) -> its Hangul."""
    table: dict[str, str] = {}
    initials = {"": 11, **_INITIAL_SPELLINGS}
    for head, i in initials.items():
        for vowel, m in _MEDIAL_SPELLINGS.items():
            for tail, f in _FINAL_SPELLINGS.items():
                spelled = head + vowel + tail
                table.setdefault(spelled, chr(_BASE + i * 588 + m * 28 + f))
    table.update({"young": "영", "hee": "희"})
    return table


def hangul_of_romanised(given: str) -> str | None:
    """seoyun -> 서윤, hayeon -> 하연: split into syllables, a consonant between two vowels
    starting the next syllable; None when the letters are no Korean syllables."""
    table = _syllable_table()
    word = given.lower().replace("-", "").replace(" ", "")
    if not word.isascii() or not word.isalpha():
        return None
    # best[i]: (finals used, syllables) for word[:i]; fewer finals = onsets preferred.
    best: list[tuple[int, list[str]] | None] = [None] * (len(word) + 1)
    best[0] = (0, [])
    for i in range(len(word)):
        if best[i] is None:
            continue
        finals, syllables = best[i]  # type: ignore[misc]
        for j in range(i + 1, min(len(word), i + 7) + 1):
            hangul = table.get(word[i:j])
            if hangul is None:
                continue
            cost = finals + (1 if _jamo(hangul)[2] else 0)
            current = best[j]
            if current is None or (cost, len(syllables) + 1) < (current[0], len(current[1])):
                best[j] = (cost, [*syllables, hangul])
    found = best[len(word)]
    if found is None or not 1 <= len(found[1]) <= 3:
        return None
    return "".join(found[1])


def hangul_name_of_latin(parts: list[str]) -> tuple[str, str] | None:
    """Kim Hayeon, Seo-yul Han, Dabin Yoon -> (family, given) in Hangul, when one end of the
    name is a Korean family name and the rest reads as Korean syllables."""
    if len(parts) != 2:
        return None
    lowered = [p.lower().replace("-", "") for p in parts]
    for family_at, given_at in ((0, 1), (1, 0)):
        family = _SURNAME_BY_LATIN.get(lowered[family_at])
        if family is None:
            continue
        given = hangul_of_romanised(lowered[given_at])
        if given is not None and len(given) >= 2:
            return family, given
    return None


def korean_spellings(family: str, given: str) -> tuple[list[str], list[str]]:
    """(full names, given names alone) for a Hangul name in Latin letters and katakana."""
    full: list[str] = []
    given_rr = romanised(given)
    for family_rr in SURNAMES.get(family, tuple(romanised(family)[:2])):
        for name in given_rr:
            full += [family_rr + name, name + family_rr]
    given_kana = katakana(given)
    for family_kana in katakana(family):
        for name in given_kana:
            full += [family_kana + name, name + family_kana]
    return full, given_rr + given_kana


_SEPARATORS = re.compile(r"[\s・･·,、]+")


def korean_name(name: str, aliases: tuple[str, ...], latin: bool) -> tuple[str, str] | None:
    """A Korean person's family and given name in Hangul: from a Hangul name or alias, or
    read from a romanised name whose family name is Korean."""
    for written in (name, *aliases):
        word = written.replace(" ", "")
        split = split_hangul_name(word) if len(word) >= 3 else None  # 하린 alone: a given name
        if split is not None:
            return split
    return hangul_name_of_latin([p for p in _SEPARATORS.split(name) if p]) if latin else None
