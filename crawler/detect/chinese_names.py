"""Chinese names as other scripts write them: 苏婉晴 as Su Wanqing, Wanqing Su and
スー・ワンチン; 林雨萱 as Lin Yuxuan and リン・ユーシュエン.

Watchlists list a Chinese person in hanzi, and posts name them in pinyin (English posts,
either order, tone marks or none) or in katakana (Japanese posts). The pinyin comes from
pypinyin (a maintained dictionary of readings, simplified and traditional); the family name
keeps its two most common readings, as surnames often read otherwise (曾 zeng, 单 shan).
Katakana follows Japanese media's transcription of pinyin (習近平 シー・ジンピン, 林 リン,
晴 チン); b, d, g, j, z are written both voiced and unvoiced (鄭 ジェン and チェン), and the
long vowel mark is not needed because the matcher's key drops it. Posts from Taiwan and
Hong Kong write traditional characters, from the mainland simplified ones: the name is also
spelled in the other set (OpenCC's tables), and in Taiwan's Wade-Giles (Lin Yu-hsuan) as
well as pinyin. Fans shorten a name to 小蔓, 阿蔓, 蔓蔓, 蔓姐 or 小苏; these are name parts,
read alone only in a text about fakes (bare_names.py).

Only names that look Chinese are spelled this way: two to four hanzi (a space between family
and given name allowed), and no Japanese reading in the kana column (empty, or katakana with
・ as foreign names are written), so the 10,000 Japanese names of a large watchlist cost
nothing here.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import Any

from crawler.detect.watchlist import WatchlistEntry

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,4}\Z")
_HIRAGANA = re.compile("[\u3041-\u3096]")
_COMPOUND_FAMILY = frozenset(
    [
        "欧阳",
        "歐陽",
        "司马",
        "司馬",
        "上官",
        "诸葛",
        "諸葛",
        "东方",
        "東方",
        "皇甫",
        "尉迟",
        "尉遲",
        "公孙",
        "公孫",
        "慕容",
        "夏侯",
        "令狐",
        "司徒",
    ]
)
_MAX_FORMS = 16

_INITIALS = [
    "zh",
    "ch",
    "sh",
    "b",
    "p",
    "m",
    "f",
    "d",
    "t",
    "n",
    "l",
    "g",
    "k",
    "h",
    "j",
    "q",
    "x",
    "r",
    "z",
    "c",
    "s",
]
# Pinyin initial -> katakana rows: the usual one, then the other voicing if written too.
_ROWS = {
    "b": ("b", "p"), "p": ("p",), "m": ("m",), "f": ("f",), "d": ("d", "t"), "t": ("t",),
    "n": ("n",), "l": ("r",), "g": ("g", "k"), "k": ("k",), "h": ("h",), "j": ("j", "ch"),
    "q": ("ch",), "x": ("sh",), "zh": ("j", "ch"), "ch": ("ch",), "sh": ("sh",), "r": ("r",),
    "z": ("z", "ts"), "c": ("ts",), "s": ("s",), "": ("",),
}  # fmt: skip
_KANA_ROWS = {
    "": "ア イ ウ エ オ ユ",
    "b": "バ ビ ブ ベ ボ ビュ",
    "p": "パ ピ プ ペ ポ ピュ",
    "m": "マ ミ ム メ モ ミュ",
    "f": "ファ フィ フ フェ フォ フュ",
    "d": "ダ ディ ドゥ デ ド デュ",
    "t": "タ ティ トゥ テ ト テュ",
    "n": "ナ ニ ヌ ネ ノ ニュ",
    "r": "ラ リ ル レ ロ リュ",
    "g": "ガ ギ グ ゲ ゴ ギュ",
    "k": "カ キ ク ケ コ キュ",
    "h": "ハ ヒ フ ヘ ホ ヒュ",
    "j": "ジャ ジ ジュ ジェ ジョ ジュ",
    "ch": "チャ チ チュ チェ チョ チュ",
    "sh": "シャ シ シュ シェ ショ シュ",
    "z": "ザ ジ ズ ゼ ゾ ズ",
    "ts": "ツァ ツィ ツ ツェ ツォ ツ",
    "s": "サ シ ス セ ソ シュ",
}
_COLUMN = {"a": 0, "i": 1, "u": 2, "e": 3, "o": 4, "ü": 5}
_KANA = {row: kana.split() for row, kana in _KANA_ROWS.items()}
_PLAIN = {"a": "ア", "i": "イ", "u": "ウ", "e": "エ", "o": "オ", "n": "ン", "ü": "ユ"}
_SMALL_Y = {"a": "ャ", "u": "ュ", "o": "ョ"}  # リャン for liang, チャオ for qiao
# Finals as the vowels Japanese writes for them ("n" is ン), alternatives after "|".
_FINALS = {
    "a": "a", "o": "o", "e": "o|a", "ai": "ai", "ei": "ei", "ao": "ao", "ou": "ou",
    "an": "an", "en": "en", "ang": "an", "eng": "on|en", "ong": "on", "er": "aru",
    "i": "i", "ia": "ia", "ie": "ie", "iao": "iao", "iu": "iu", "ian": "ien|en",
    "in": "in", "iang": "ian", "ing": "in", "iong": "ion", "u": "u", "ua": "ua|oa",
    "uo": "uo", "uai": "uai", "ui": "ui|ei", "uan": "uan", "un": "un", "uang": "uan",
    "ü": "ü", "üe": "üe", "üan": "üen", "ün": "ün",
}  # fmt: skip
# Syllables with no initial, as Japanese writes them.
_BARE = {
    "yi": "イ", "ya": "ヤ", "yan": "イエン|エン", "yang": "ヤン", "yao": "ヤオ", "ye": "イエ",
    "you": "ヨウ|ユー", "yin": "イン", "ying": "イン", "yong": "ヨン", "yu": "ユ", "yue": "ユエ",
    "yuan": "ユエン|ユアン", "yun": "ユン", "wu": "ウ", "wa": "ワ", "wo": "ウォ", "wai": "ワイ",
    "wei": "ウェイ|ウエイ", "wan": "ワン", "wen": "ウェン|ウエン", "wang": "ワン", "weng": "ウォン",
    "a": "ア", "ai": "アイ", "an": "アン", "ang": "アン", "ao": "アオ", "e": "オ|ア", "ei": "エイ",
    "en": "エン", "er": "アル", "o": "オ", "ou": "オウ",
}  # fmt: skip


def chinese_name_of(name: str, kana: str, aliases: tuple[str, ...]) -> tuple[str, str] | None:
    """(family, given) of a watched person whose name, or for a romanised name (Yuwen Qiao)
    whose alias, looks Chinese."""
    found = chinese_name(name, kana)
    if found is None and name.isascii():
        found = next(filter(None, (chinese_name(a, "") for a in aliases)), None)
    return found


def chinese_two_character_names(
    entries: Iterable[WatchlistEntry], key_of: Callable[[str], str]
) -> Iterator[tuple[str, str]]:
    """(key, person) for a Chinese person's two-character name or alias (苏蔓, 蘇蔓, 芷妍):
    read alone, as a two-kanji Japanese name (森愛) is a word too often, a Chinese one
    seldom."""
    for entry in entries:
        if chinese_name_of(entry.name, entry.kana, entry.aliases) is None:
            continue
        for written in (entry.name, *entry.aliases):
            key = key_of(written)
            if len(key) == 2 and _HAN.match(key):
                yield key, entry.id


def chinese_name(name: str, kana: str) -> tuple[str, str] | None:
    """(family, given) of a name that looks Chinese, else None. 林 雨萱 is split where
    written."""
    parts = name.split()
    if len(parts) == 2 and _HAN.match(name.replace(" ", "")):
        if _HIRAGANA.search(kana) or (kana and "・" not in kana):
            return None
        return parts[0], parts[1]
    if not _HAN.match(name) or _HIRAGANA.search(kana) or (kana and "・" not in kana):
        return None
    cut = 2 if len(name) >= 4 or name[:2] in _COMPOUND_FAMILY else 1
    return name[:cut], name[cut:]


def _syllable_kana(syllable: str) -> list[str]:
    """One pinyin syllable (no tone) in katakana, in the spellings Japanese uses for it."""
    syllable = syllable.replace("v", "ü")
    if syllable in _BARE:
        return _BARE[syllable].split("|")
    initial = next((i for i in _INITIALS if syllable.startswith(i)), "")
    final = syllable[len(initial) :]
    if not initial or (final not in _FINALS and final.replace("u", "ü", 1) not in _FINALS):
        return []
    if initial in ("j", "q", "x") and final.startswith("u"):
        final = "ü" + final[1:]  # ju, qu, xu, xuan: the u is ü
    found = []
    for vowels in _FINALS[final].split("|"):
        if initial in ("z", "c", "s") and final == "i":
            vowels = "u"  # si, zi, ci: スー, ズー, ツー
        for row in _ROWS[initial]:
            kana = _KANA[row]
            found.append(kana[_COLUMN[vowels[0]]] + "".join(_PLAIN[v] for v in vowels[1:]))
            if vowels[0] == "i" and vowels[1:2] in _SMALL_Y:
                found.append(kana[1] + _SMALL_Y[vowels[1]] + "".join(_PLAIN[v] for v in vowels[2:]))
    return list(dict.fromkeys(found))


def _readings(text: str, family: bool) -> list[list[str]]:
    # Imported here: its dictionaries take 0.15 s, and most watchlists hold no Chinese name.
    from pypinyin import Style, lazy_pinyin, pinyin

    if family:
        return [
            list(dict.fromkeys(pinyin(c, style=Style.NORMAL, heteronym=True)[0][:2])) for c in text
        ]
    return [[p] for p in lazy_pinyin(text, style=Style.NORMAL)]


def chinese_spellings(family: str, given: str) -> tuple[list[str], list[str]]:
    """(full names, given names alone): in pinyin, in katakana, in the other of simplified
    and traditional characters (郭語彤 and 郭语彤), and the nicknames fans make of the given
    name's last character or the family name: 小蔓, 阿蔓, 蔓蔓, 蔓姐, 小苏."""
    scripts = _both_scripts(family + given)
    variants = [(name[: len(family)], name[len(family) :]) for name in scripts]
    nicknames = [
        nickname
        for fam, giv in variants
        for nickname in ("小" + giv[-1], "阿" + giv[-1], giv[-1] * 2, giv[-1] + "姐", "小" + fam)
    ]
    full, given_alone = _romanised(family, given)
    full += [fam + giv for fam, giv in variants]
    return full, given_alone + [giv for _, giv in variants] + nicknames


def _both_scripts(name: str) -> list[str]:
    return list(
        dict.fromkeys([name, _converter("t2s").convert(name), _converter("s2t").convert(name)])
    )


@cache
def _converter(config: str) -> Any:
    from opencc import OpenCC  # imported here, as pypinyin is: few watchlists need it

    return OpenCC(config)


def _romanised(family: str, given: str) -> tuple[list[str], list[str]]:
    """(full names, given names alone) in pinyin and katakana."""
    family_pinyin = ["".join(c) for c in itertools.product(*_readings(family, True))][:2]
    given_syllables = [p for [p] in _readings(given, False)]
    given_pinyin = "".join(given_syllables)
    full = [f + given_pinyin for f in family_pinyin] + [given_pinyin + f for f in family_pinyin]
    # Taiwan writes names in Wade-Giles more often than in pinyin: Lin Yu-hsuan, Meng Chih-ching.
    family_wg, given_wg = _wade_giles(family), _wade_giles(given)
    full += [family_wg + given_wg, given_wg + family_wg]
    given_kana = _kana_of(_readings(given, False))
    family_kana = _kana_of(_readings(family, True))
    for f, g in itertools.islice(itertools.product(family_kana, given_kana), _MAX_FORMS // 2):
        full += [f + g, g + f]
    # The doubled last character in pinyin too: 彤彤 as Tongtong.
    return full, [given_pinyin, given_syllables[-1] * 2, *given_kana]


def _kana_of(readings: list[list[str]]) -> list[str]:
    per_char = [[k for r in options for k in _syllable_kana(r)] for options in readings]
    if not all(per_char):
        return []
    return ["".join(c) for c in itertools.islice(itertools.product(*per_char), _MAX_FORMS)]


def _wade_giles(text: str) -> str:
    """Wade-Giles as posts write it: no apostrophes, hyphens or umlauts (hsüan as hsuan)."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(text, style=Style.WADEGILES)
    return "".join(syllables).replace("'", "").replace("v", "u").replace("ü", "u")
