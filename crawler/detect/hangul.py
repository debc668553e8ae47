"""Korean spellings of watched names: Japanese readings in Hangul, and initial consonants.

Korean boards name Japanese idols in Hangul (さいとう れいな -> 사이토 레이나), following the
standard transliteration of Japanese: k, t and ch are written unaspirated at the start of a
word and aspirated inside it (たかはし -> 다카하시), ん and っ close the syllable before
them (けんた -> 겐타), and a long o or u is not written (さいとう -> 사이토). Fans also write
the aspirated form at the start (타카하시), so both are made.

Writers differ on aspiration (다카하시, 타카하시; 카에데, 가에데; 쓰, 츠), so names are
stored, and Korean text is looked up, in one canonical form with k, t, ch and ss read as
g, d, j (``canonical_hangul``): one spelling per order instead of every mix.

Korean posts also abbreviate a name to its initial consonants (한서연 -> ㅎㅅㅇ), the
"choseong" shorthand used to dodge keyword filters.
"""

from __future__ import annotations

_HANGUL_BASE = 0xAC00
_HANGUL_LAST = 0xD7A3
_FINAL_N, _FINAL_S, _FINAL_NG = 4, 19, 21  # ㄴ, ㅅ and ㅇ as a syllable's final consonant
_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"

# Kana -> (at the start of a word, inside a word); one entry when both are the same.
_SYLLABLES: dict[str, tuple[str, str]] = {}


def _table(rows: str) -> None:
    for pair in rows.split():
        kana, hangul = pair.split(":")
        start, _, inside = hangul.partition("/")
        _SYLLABLES[kana] = (start, inside or start)


_table(
    "あ:아 い:이 う:우 え:에 お:오 か:가/카 き:기/키 く:구/쿠 け:게/케 こ:고/코 "
    "さ:사 し:시 す:스 せ:세 そ:소 た:다/타 ち:지/치 つ:쓰 て:데/테 と:도/토 "
    "な:나 に:니 ぬ:누 ね:네 の:노 は:하 ひ:히 ふ:후 へ:헤 ほ:호 "
    "ま:마 み:미 む:무 め:메 も:모 や:야 ゆ:유 よ:요 ら:라 り:리 る:루 れ:레 ろ:로 "
    "わ:와 を:오 が:가 ぎ:기 ぐ:구 げ:게 ご:고 ざ:자 じ:지 ず:즈 ぜ:제 ぞ:조 "
    "だ:다 ぢ:지 づ:즈 で:데 ど:도 ば:바 び:비 ぶ:부 べ:베 ぼ:보 "
    "ぱ:파 ぴ:피 ぷ:푸 ぺ:페 ぽ:포 "
    "きゃ:갸/캬 きゅ:규/큐 きょ:교/쿄 しゃ:샤 しゅ:슈 しょ:쇼 ちゃ:자/차 ちゅ:주/추 ちょ:조/초 "
    "にゃ:냐 にゅ:뉴 にょ:뇨 ひゃ:햐 ひゅ:휴 ひょ:효 みゃ:먀 みゅ:뮤 みょ:묘 "
    "りゃ:랴 りゅ:류 りょ:료 ぎゃ:갸 ぎゅ:규 ぎょ:교 じゃ:자 じゅ:주 じょ:조 "
    "びゃ:뱌 びゅ:뷰 びょ:뵤 ぴゃ:퍄 ぴゅ:퓨 ぴょ:표"
)
# A second vowel that lengthens the one before it and is not written: とう, ゆう, おお.
_O_ROW = "おこそとのほもよろごぞどぼぽょ"
_LONG_AFTER = {"う": _O_ROW + "うくすつぬふむゆるぐずづぶぷゅ", "お": _O_ROW}


def _with_final(syllable: str, final: int) -> str:
    code = ord(syllable) - _HANGUL_BASE
    if code % 28:  # already closed
        return syllable
    return chr(_HANGUL_BASE + code + final)


def final_n_as_ng(syllable: str) -> str:
    """린 -> 링: fans write a nickname's final ん either way."""
    code = ord(syllable) - _HANGUL_BASE
    if not 0 <= code <= _HANGUL_LAST - _HANGUL_BASE or code % 28 != _FINAL_N:
        return syllable
    return chr(_HANGUL_BASE + code - _FINAL_N + _FINAL_NG)


def kana_to_hangul(kana: str, aspirated_start: bool = False) -> str | None:
    """One word of hiragana in Hangul, or None when a kana has no Hangul here."""
    out: list[str] = []
    i = 0
    while i < len(kana):
        pair = kana[i : i + 2]
        if pair in _SYLLABLES:
            kana_unit, i = pair, i + 2
        else:
            kana_unit, i = kana[i], i + 1
        if kana_unit in ("ん", "っ"):
            if not out:
                return None
            out[-1] = _with_final(out[-1], _FINAL_N if kana_unit == "ん" else _FINAL_S)
            continue
        if kana_unit == "ー" or (
            out and kana_unit in _LONG_AFTER and kana[i - 2 : i - 1] in _LONG_AFTER[kana_unit]
        ):
            continue
        forms = _SYLLABLES.get(kana_unit)
        if forms is None:
            return None
        out.append(forms[1] if out or aspirated_start else forms[0])
    return "".join(out) or None


def hangul_readings(kana: str) -> list[str]:
    """The standard Hangul of a hiragana word and, if different, its aspirated-start form
    (and つ as the common 츠 beside the standard 쓰)."""
    found = [kana_to_hangul(kana), kana_to_hangul(kana, aspirated_start=True)]
    found += [h.replace("쓰", "츠") for h in found if h and "쓰" in h]
    return list(dict.fromkeys(h for h in found if h))


# Initial consonant index -> canonical index: ㅋ->ㄱ, ㅌ->ㄷ, ㅊ->ㅈ, ㅆ->ㅈ (쓰/츠/즈 alike).
_CANONICAL_INITIAL = {15: 0, 16: 3, 14: 12, 10: 12}
_CANONICAL = {
    chr(_HANGUL_BASE + initial * 588 + rest): chr(_HANGUL_BASE + canonical * 588 + rest)
    for initial, canonical in _CANONICAL_INITIAL.items()
    for rest in range(588)
}
_CANONICAL_TABLE = str.maketrans(_CANONICAL)


def canonical_hangul(text: str) -> str:
    """Aspiration folded away, character for character (same length, same offsets)."""
    return text.translate(_CANONICAL_TABLE)


def is_hangul_word(text: str) -> bool:
    return bool(text) and all(_HANGUL_BASE <= ord(c) <= _HANGUL_LAST for c in text)


def initial_consonants(word: str) -> str:
    """한서연 -> ㅎㅅㅇ (the word must be Hangul syllables only)."""
    return "".join(_INITIALS[(ord(c) - _HANGUL_BASE) // 588] for c in word)


# Initial consonant index -> the same consonant's index as a final: the consonants that move
# across to a following 이 when spoken (ㄱ ㄴ ㄷ ㄹ ㅁ ㅂ ㅅ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ; ㅇ is silent).
_INITIAL_AS_FINAL = {
    0: 1, 2: 4, 3: 7, 5: 8, 6: 16, 7: 17, 9: 19, 12: 22, 14: 23, 15: 24, 16: 25, 17: 26, 18: 27,
}  # fmt: skip
_MEDIAL_I, _INITIAL_SILENT = 20, 11


def spoken_name_undone(first: str, second: str) -> tuple[str, str] | None:
    """리, 니 -> 린, 이: a name and the affectionate 이 written as they sound (하린이 is
    said and typed 하리니, 지민이 지미니); None unless ``second`` is a consonant that could
    have moved across and ``first`` is open."""
    one, two = ord(first) - _HANGUL_BASE, ord(second) - _HANGUL_BASE
    if not (0 <= one <= _HANGUL_LAST - _HANGUL_BASE and 0 <= two <= _HANGUL_LAST - _HANGUL_BASE):
        return None
    if one % 28 or two % 28 or (two % 588) // 28 != _MEDIAL_I:
        return None
    final = _INITIAL_AS_FINAL.get(two // 588)
    if final is None:
        return None
    silent_i = _HANGUL_BASE + _INITIAL_SILENT * 588 + _MEDIAL_I * 28
    return chr(_HANGUL_BASE + one + final), chr(silent_i)
