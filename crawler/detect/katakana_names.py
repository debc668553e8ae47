"""Latin names in katakana: the usual katakana spellings of a Latin name part.

Sellers write foreign names in katakana (Emma Hartwell -> エマ・ハートウェル) and the
watchlist often has no kana for them. latin_name_readings() guesses the usual
katakana (as hiragana, the key's script) from the spelling with a small set of
English spelling rules for names. English spelling is ambiguous, so a few
alternatives are kept where the rules cannot tell (Lily リリー, Ivy アイヴィー; ヴ or
バ; ケイト or ケート); the key drops ー, so long vowels need no alternatives.
Other languages' names are written as spelt (Marquez マルケス, Giulia ジュリア): one reading
as written (_as_spelt) is kept beside the English ones. Known misses: silent middle vowels
(Evelyn エヴリン), Greek endings (Penelope ペネロペ), ea as two vowels (Eleanor エレノア).
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

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
# Consonants with a second common row: Carver カーヴァー/カーバー, Thomas トーマス, Ward ウォード.
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
    word = "w" + word[2:] if word.startswith("wh") else word
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


def _silent_final_e(tokens: list[_Token], vowels: list[int]) -> int:
    """The token index of a silent last "e", else -1. A last lone "e" (or "es") after a
    consonant is silent: Kate, Lane, Anne, Jones; after "ow" too (Lowe). It lengthens the
    vowel before it over one consonant."""
    if len(vowels) > 1 and tokens[vowels[-1]].value == "e":
        last = vowels[-1]
        after = tokens[last + 1 :]
        before = tokens[last - 1]
        if (not after or after == [_Token("C", "s")]) and (
            before.kind == "C" or before.value.endswith("w")
        ):
            return last
    return -1


def _latin_slots(word: str) -> list[tuple[str, ...]]:
    """Katakana (as hiragana) of one Latin name part, as slots of alternatives."""
    tokens = _latin_tokens(word)
    n = len(tokens)
    vowels = [i for i, t in enumerate(tokens) if t.kind == "V"]
    if not vowels:
        return []
    silent = _silent_final_e(tokens, vowels)
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
    as_spelt = _as_spelt(word)
    # Fewest departures from the usual reading first; at most two departures.
    for departures in range(3):
        for combo in _choices(slots, departures):
            reading = "".join(combo)
            out.setdefault(reading.replace("ー", ""), reading)
            if len(out) == 1 and as_spelt:
                out.setdefault(as_spelt, as_spelt)  # second: parts take only the first few
            if len(out) >= limit:
                return tuple(out.values())
    return tuple(out.values())


# Letter groups of continental spellings, read before the letters one by one (gue, gui: a
# silent u, as in Nogueira ノゲイラ, Miguel ミゲル).
_AS_SPELT_GROUPS = {"eau": "o", "au": "o", "ou": "u", "gue": "ge", "gui": "gi", "qu": "k"}
_AS_SPELT_GROUPS |= {"ph": "f", "th": "t", "ch": "k"}
_AS_SPELT_LETTER = {"c": "k", "q": "k", "x": "s", "w": "v"}
# Spellings English would not have: only these get a reading as spelt, so English names'
# spellings (and the build time) do not grow.
_CONTINENTAL = re.compile(r"qu|gu[ei]|eau|au|ez\Z|z\Z|ov|ev|[io]\Z|ski|cz|gi[aou]")
_ITALIAN_SOFT_G = re.compile("gi(?=[aou])")  # one sound: Giulia ジュリア, Giorgia ジョルジャ


def _as_spelt(word: str) -> str:
    """The letters read as written, vowels pure, as Japanese writes Spanish, French, Italian
    or Slavic names (Marquez マルケス, Rossi ロッシ); empty for names spelt the English way."""
    if not _CONTINENTAL.search(word):
        return ""
    word = _ITALIAN_SOFT_G.sub("j", word)
    for group, sound in _AS_SPELT_GROUPS.items():
        word = word.replace(group, sound)
    if word.endswith("z"):
        word = word[:-1] + "s"  # Marquez, Lopez: ス
    kana: list[str] = []
    consonants = ""
    for i, letter in enumerate(word):
        if letter not in "aeiouy" or (letter == "y" and word[i + 1 : i + 2] in tuple("aeiou")):
            consonants += _AS_SPELT_LETTER.get(letter, letter)
            continue
        onset = consonants[-1:]
        kana.extend(_as_spelt_codas(consonants[:-1], onset))
        consonants = ""
        vowel = "i" if letter == "y" else letter
        if onset == "k" and word[i - 1 : i] == "c" and vowel in "ei":
            onset = "s"  # Lucia, Marcel
        if onset == "v" and vowel == "a" and i == len(word) - 1 and word[i - 2 : i - 1] == "o":
            kana.append("わ")  # Petrova ペトロワ, Ivanova イワノワ
            continue
        kana.append(_kana(onset if onset in _ROWS else "", vowel))
    if not kana:
        return ""
    kana.extend(_as_spelt_codas(consonants, ""))
    return "".join(kana)


def _as_spelt_codas(consonants: str, onset: str) -> list[str]:
    """Consonants before an onset or at the end: doubled, ッ or ン (Rossi, Anna); else kana."""
    out: list[str] = []
    for j, coda in enumerate(consonants):
        following = consonants[j + 1 : j + 2] or onset
        if coda == following:
            out.append("ん" if coda in "mn" else "" if coda in "lr" else "っ")
        else:
            out.append(_coda(coda))
    return out


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
