"""Text normalisation with a map back to the original offsets.

The matcher works on one *key* string: NFKC, case-folded, katakana folded to
hiragana, old kanji folded to new, masks folded to one mask character, and with
every separator a seller can slip between characters removed (spaces, zero-width
characters, punctuation, long-vowel marks, dashes, decorative symbols).
``starts[i]``/``ends[i]`` give the original span of key character ``i``, so a
match on the key is reported at its real place in the text.

neologdn is not used on the text itself: it returns no offset map, joins
spaced-out Japanese only between Japanese characters, and mangles ``Ｒ－１８``.
The per-character rules below are a superset of what it does to the key
(a test checks that applying neologdn first does not change the key).
jaconv does the kana folding.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import partial
from itertools import compress, repeat

import jaconv

from crawler.detect.leetspeak import LEET_IN_WORD, leet_in_written_word, letters_read
from crawler.detect.name_tables import KANJI_VARIANTS, MASK, MASK_CHARS

# Longest text we normalise; longer input is cut here (classify_text must stay fast
# on hostile input, and no real post or bio is this long).
MAX_TEXT_CHARS = 50_000

_MAX_CACHED_CHARS = 200_000
# key() remembers the keys of short texts (name parts while a watchlist is built).
_MAX_KEYED_TEXT = 16
_MAX_CACHED_KEYS = 100_000
_PLUS_ONE = (1).__add__
# What the fast path of normalize() reads for a character it has no plain fold of. No fold
# holds it: control characters fold to nothing.
_UNKNOWN = "\x00"

_VOICED = "\u3099"
_SEMI_VOICED = "\u309a"
# Markers in the per-character cache for characters that depend on their neighbour.
_MARK_VOICED = 1
_MARK_SEMI = 2
_ITER_REPEAT = 3  # ゝ ヽ 々 〻: repeat previous character
_ITER_VOICED = 4  # ゞ ヾ: repeat previous character, voiced

_MAYBE_LONG_VOWEL = 5  # 一 used as ー between kana (ヌ一ド), a kanji elsewhere

# Cyrillic and Greek letters that look Latin (Nоra with a Cyrillic о), Vietnamese đ (no
# decomposition takes it to d: Lê Bảo Ngân is written Le Bao Ngan just as often), and the
# small capitals of "fancy text" generators (ᴋɪʀɪᴛᴀɴɪ), which NFKC leaves as they are.
_CONFUSABLES = str.maketrans(
    # Turkish dotless ı as i (typed either way), and Arabic-Indic digits as digits
    # (عمرها ١٤, ٥٠ ريال), so ages and prices read the same in any script.
    "аеорсухіјѕԁһӏвкмнтαενιοκτρχυđᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢı٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹",
    "aeopcyxijsdhlbkmhtaevioktpxudabcdefghijklmnoprstuvwyzi01234567890123456789",
)
# Katakana that look like kanji (浜ロ柚葉 for 浜口柚葉), read as the kanji when one stands
# alone between two kanji, where no katakana word would.
_KANJI_LOOKALIKES = {
    "ロ": "口",
    "エ": "工",
    "カ": "力",
    "ニ": "二",
    "ハ": "八",
    "タ": "夕",
    "ト": "卜",
}
_KANJI_CLASS = "\u3400-\u4dbf\u4e00-\u9fff々"
_LOOKALIKE_BETWEEN_KANJI = re.compile(
    f"(?<=[{_KANJI_CLASS}])[{''.join(_KANJI_LOOKALIKES)}](?=[{_KANJI_CLASS}])"
)

_ITERATION_MARKS = {
    "ゝ": _ITER_REPEAT,
    "ヽ": _ITER_REPEAT,
    "々": _ITER_REPEAT,
    "〻": _ITER_REPEAT,
    "ゞ": _ITER_VOICED,
    "ヾ": _ITER_VOICED,
}
# Currency and a few symbols carry meaning (prices, hashtags) and stay in the key.
_KEPT_SYMBOLS = frozenset("$¥€£₩#%@&")
# Long-vowel marks: dropped, so ディープ, ディ－プ and ディプ share one key.
_LONG_VOWEL = frozenset("ーｰ〜～~")


# Latin letters with a stroke or ligature, which no decomposition takes to plain letters:
# Polish ł (Kołodziejczyk is typed Kolodziejczyk as often), Danish and Norwegian ø, æ, œ.
_UNDECOMPOSABLE = {"ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ħ": "h", "ŧ": "t", "ŀ": "l"}


def _strip_latin_diacritics(ch: str) -> str:
    plain = _UNDECOMPOSABLE.get(ch)
    if plain is not None:
        return plain
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base if base.isascii() and base else ch


def fold_latin_letter(ch: str) -> str:
    """A look-alike Latin letter as itself, and accented Latin without its marks: Latin-1 to
    Latin Extended-B, and Latin Extended Additional, where Vietnamese keeps its letters with
    two marks (ả, ệ, ồ). Signal patterns are folded the same way (families.py)."""
    ch = ch.translate(_CONFUSABLES)
    if not ch.isascii() and ch.isalpha() and (ch < "\u0250" or "\u1e00" <= ch <= "\u1eff"):
        return _strip_latin_diacritics(ch)
    return ch


def fold_latin_word(word: str) -> str:
    """A word as the key writes it: lower case, accents and punctuation gone (Nguyễn: nguyen,
    d'Isa: disa)."""
    lowered = word.lower()
    if lowered.isascii():  # nothing to fold: ASCII maps to itself (a watchlist is mostly so)
        return lowered if lowered.isalnum() else "".join(c for c in lowered if c.isalnum())
    return "".join(fold_latin_letter(c) for c in lowered if c.isalnum())


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """The key string and, per key character, its [start, end) in the original."""

    original: str
    key: str
    starts: list[int]
    ends: list[int]

    def original_span(self, key_start: int, key_end: int) -> tuple[int, int]:
        return self.starts[key_start], self.ends[key_end - 1]


def _without(norm: NormalizedText, keep: list[int]) -> NormalizedText:
    """The same text with only the key characters at ``keep``, offsets kept."""
    key, starts, ends = norm.key, norm.starts, norm.ends
    return NormalizedText(
        norm.original,
        "".join(key[i] for i in keep),
        [starts[i] for i in keep],
        [ends[i] for i in keep],
    )


def _kanji_name_follows(text: str, at: int) -> bool:
    """一ノ瀬, 一の宮: 一 then ノ or の then a kanji is a name's first kanji, whatever kana
    precedes it (ただいた一ノ瀬さくら), not a long-vowel mark."""
    return (
        text[at + 1 : at + 2] in ("ノ", "の", "ﾉ") and "\u4e00" <= text[at + 2 : at + 3] <= "\u9fff"
    )


class Normalizer:
    """Builds keys; caches the fold of every character it has seen (thread-safe under the GIL)."""

    def __init__(self, keep_symbols: frozenset[str] | set[str] = frozenset()) -> None:
        self._keep_symbols = frozenset(keep_symbols) | _KEPT_SYMBOLS
        # Emoji the signal files use (🔞, 🍑) stay in the key, so a name written with them
        # between its letters (浜🔞田🔞杏🔞珠) is also read without them (``alternates``).
        pictographs = sorted(c for c in keep_symbols if unicodedata.category(c) == "So")
        self._kept_pictographs = (
            re.compile("[" + "".join(map(re.escape, pictographs)) + "]") if pictographs else None
        )
        self._cache: dict[str, str | int] = {}
        # Characters whose fold is not 0 or 1 plain characters: marks, iteration
        # marks, expansions (㍻). Texts without them take the fast path.
        self._special: set[str] = set()
        # The other characters' folds (0 or 1 character): normalize() reads a text through
        # this one dict, with no set of the text's characters built first.
        self._plain: dict[str, str] = {}
        self._latin_word: dict[str, bool] = {}
        self._keys: dict[str, str] = {}
        for code in range(0x20, 0x7F):
            self._fold_cached(chr(code))
        for code in range(0x3040, 0x3100):
            self._fold_cached(chr(code))

    # -- per character -------------------------------------------------------
    def _fold_cached(self, ch: str) -> str | int:
        folded = self._cache.get(ch)
        if folded is None:
            folded = self._fold(ch)
            if len(self._cache) < _MAX_CACHED_CHARS:  # hostile text must not grow it forever
                self._cache[ch] = folded
                if folded.__class__ is not str or len(folded) > 1:
                    self._special.add(ch)
                else:
                    self._plain[ch] = folded  # type: ignore[assignment]
        return folded

    def _fold(self, ch: str) -> str | int:
        """Key text for one original character, or a marker for context-dependent ones."""
        if ch in MASK_CHARS:
            return MASK
        if ch in _ITERATION_MARKS:
            return _ITERATION_MARKS[ch]
        if ch == "一":
            return _MAYBE_LONG_VOWEL
        try:
            nfkc = unicodedata.normalize("NFKC", ch)
            # Case-fold, then NFKC again: casefold can emit combining marks (İ -> i̇)
            # that a second pass over the key would otherwise treat differently.
            folded_case = unicodedata.normalize("NFKC", nfkc.casefold())
        except (TypeError, ValueError):
            return ""
        if nfkc in MASK_CHARS:
            return MASK
        if nfkc.endswith(_VOICED) and not nfkc[:-1].strip():
            return _MARK_VOICED
        if nfkc.endswith(_SEMI_VOICED) and not nfkc[:-1].strip():
            return _MARK_SEMI
        out: list[str] = []
        for c in folded_case:
            if c in _LONG_VOWEL:
                continue
            category = unicodedata.category(c)
            major = category[0]
            if major in "ZC" or (major == "M" and not "\u0e00" <= c <= "\u0e7f"):
                # Spaces, controls, zero-width, variation selectors, combining marks; but
                # Thai vowel and tone marks are letters of the word (โป๊ nude, โปร pro-).
                continue
            if major == "P":
                continue  # punctuation: ・ . _ - / and friends are the usual dodges
            if major == "S" and c not in self._keep_symbols and category != "Sc":
                continue  # decorative symbols (❤ ★ ♡) between letters
            c = jaconv.kata2hira(fold_latin_letter(c))
            c = "".join(KANJI_VARIANTS.get(x, x) for x in c)
            out.append(c)
        return "".join(out)

    def fold_char(self, ch: str) -> str:
        """Key text of one character on its own (markers count as Japanese, i.e. non-Latin)."""
        folded = self._fold_cached(ch)
        return folded if isinstance(folded, str) else "ゝ"

    # -- whole text ----------------------------------------------------------
    def normalize(self, text: str) -> NormalizedText:
        if len(text) > MAX_TEXT_CHARS:
            text = text[:MAX_TEXT_CHARS]
        # Fast path, one C loop per list: every character seen before and folding to "" or
        # one character (nearly every post once a crawl has run a while).
        folded = list(map(self._plain.get, text, repeat(_UNKNOWN)))
        key = "".join(folded)
        if _UNKNOWN not in key:
            length = len(text)
            return NormalizedText(
                text,
                key,
                list(compress(range(length), folded)),
                list(compress(range(1, length + 1), folded)),
            )
        return self._normalize_new(text)

    def _normalize_new(self, text: str) -> NormalizedText:
        """A text with characters not folded yet, or whose fold depends on their neighbours."""
        cache = self._cache
        for ch in set(text).difference(cache):
            self._fold_cached(ch)
        if self._special.isdisjoint(text) and len(cache) < _MAX_CACHED_CHARS:
            # Fast path, all in C loops: every character folds to "" or one character.
            try:
                folded = list(map(cache.__getitem__, text))
            except KeyError:  # cache filled up by another thread meanwhile
                return self._normalize_slow(text)
            starts = list(compress(range(len(text)), folded))
            return NormalizedText(text, "".join(folded), starts, list(map(_PLUS_ONE, starts)))
        return self._normalize_slow(text)

    def _normalize_slow(self, text: str) -> NormalizedText:
        cache = self._cache
        out: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        for i, ch in enumerate(text):
            folded = cache.get(ch)
            if folded is None:
                folded = self._fold_cached(ch)
            if folded.__class__ is str:
                if len(folded) == 1:
                    out.append(folded)
                    starts.append(i)
                    ends.append(i + 1)
                else:
                    for c in folded:
                        out.append(c)
                        starts.append(i)
                        ends.append(i + 1)
                continue
            if not out:
                if folded == _MAYBE_LONG_VOWEL:
                    out.append("一")
                    starts.append(i)
                    ends.append(i + 1)
                continue
            if folded in (_MARK_VOICED, _MARK_SEMI):
                mark = _VOICED if folded == _MARK_VOICED else _SEMI_VOICED
                composed = unicodedata.normalize("NFC", out[-1] + mark)
                if len(composed) == 1:
                    out[-1] = composed
                    ends[-1] = i + 1
                continue
            previous = out[-1]
            if folded == _MAYBE_LONG_VOWEL:
                if "\u3041" <= previous <= "\u309f" and not _kanji_name_follows(text, i):
                    continue  # ヌ一ド: a long-vowel mark in disguise
                previous = "一"
            elif folded == _ITER_VOICED:
                voiced = unicodedata.normalize("NFC", previous + _VOICED)
                previous = voiced if len(voiced) == 1 else previous
            out.append(previous)
            starts.append(i)
            ends.append(i + 1)
        return NormalizedText(text, "".join(out), starts, ends)

    def alternates(self, norm: NormalizedText) -> list[NormalizedText]:
        """Other readings of the same text, same offsets: with mask characters read
        as separators (星*野*美*奈), without the emoji the key keeps (浜🔞田🔞杏🔞珠),
        and with digits inside Latin words read as letters (n0ra, p0rn)."""
        views: list[NormalizedText] = []
        key = norm.key
        if MASK in key:
            views.append(_without(norm, [i for i, c in enumerate(key) if c != MASK]))
        pictographs = self._kept_pictographs
        if pictographs is not None and pictographs.search(key):
            views.append(_without(norm, [i for i, c in enumerate(key) if not pictographs.match(c)]))
        if LEET_IN_WORD.search(key):
            leet = LEET_IN_WORD.sub(partial(leet_in_written_word, norm), key)
            views.append(NormalizedText(norm.original, leet, norm.starts, norm.ends))
        if "@" in norm.original or "!" in norm.original or "¢" in norm.original:
            symbols_read = letters_read(norm.original)
            if symbols_read != norm.original:
                read = self.normalize(symbols_read)
                views.append(NormalizedText(norm.original, read.key, read.starts, read.ends))
        if _LOOKALIKE_BETWEEN_KANJI.search(norm.original):
            views.append(_kanji_lookalikes_read(norm))
        return views

    def key(self, text: str) -> str:
        """The key alone (no offsets): used to build patterns."""
        known = self._keys.get(text)
        if known is not None:
            return known
        key = "".join(map(self._plain.get, text, repeat(_UNKNOWN)))
        if _UNKNOWN in key:
            key = self.normalize(text).key
        if len(text) <= _MAX_KEYED_TEXT and len(self._keys) < _MAX_CACHED_KEYS:
            self._keys[text] = key  # name parts recur across a watchlist (美奈, 佐藤)
        return key

    def is_latin_word_char(self, ch: str) -> bool:
        """Does ``ch`` continue a Latin word (so a Latin match next to it is no word)?"""
        known = self._latin_word.get(ch)
        if known is None:
            folded = self.fold_char(ch)
            known = bool(folded) and folded[-1].isascii() and folded[-1].isalnum()
            if len(self._latin_word) < _MAX_CACHED_CHARS:
                self._latin_word[ch] = known
        return known


# Key characters are already folded, so Latin means lowercase ASCII letters and digits.
is_latin = frozenset("abcdefghijklmnopqrstuvwxyz0123456789").__contains__


# A lone digit touching kana or kanji stands for a kanji numeral in a name: 7瀬 (七瀬),
# 1ノ瀬 (一ノ瀬), 5十嵐 (五十嵐). Not before a counter no name holds: "1枚500円", the most
# common lone digit in adverts, would otherwise make the view (and a second name search)
# for a tenth of all posts.
_COUNTERS = "枚円点件回歳才秒個体曲枠冊着杯台週番位"
_DIGIT_IN_NAME = re.compile(
    f"(?<![0-9])[1-9](?=[\u3041-\u309f\u4e00-\u9fff])(?![0-9{_COUNTERS}])"
    f"|(?<=[\u3041-\u309f\u4e00-\u9fff])[1-9](?![0-9{_COUNTERS}])"
)
_KANJI_NUMERALS = str.maketrans("123456789", "一二三四五六七八九")


def kanji_numeral_view(norm: NormalizedText) -> NormalizedText | None:
    """The key with lone digits beside Japanese letters read as kanji numerals, or None when
    it has none (same offsets: one character for one)."""
    if _DIGIT_IN_NAME.search(norm.key) is None:
        return None
    key = _DIGIT_IN_NAME.sub(lambda m: m.group().translate(_KANJI_NUMERALS), norm.key)
    return NormalizedText(norm.original, key, norm.starts, norm.ends)


_STRETCHED = re.compile(r"([a-z])\1\1+")


def squeezed_view(norm: NormalizedText) -> NormalizedText | None:
    """The key with a Latin letter stretched three times or more read once (Nadyaaa as Nadya),
    or None when it has none; offsets kept."""
    if _STRETCHED.search(norm.key) is None:
        return None
    key, starts, ends = [], [], []
    position = 0
    for run in _STRETCHED.finditer(norm.key):
        for i in range(position, run.start() + 1):
            key.append(norm.key[i])
            starts.append(norm.starts[i])
            ends.append(norm.ends[i])
        ends[-1] = norm.ends[run.end() - 1]  # the one letter kept spans the whole run
        position = run.end()
    for i in range(position, len(norm.key)):
        key.append(norm.key[i])
        starts.append(norm.starts[i])
        ends.append(norm.ends[i])
    return NormalizedText(norm.original, "".join(key), starts, ends)


def _kanji_lookalikes_read(norm: NormalizedText) -> NormalizedText:
    """The key with each katakana look-alike between two kanji read as the kanji."""
    key = list(norm.key)
    for found in _LOOKALIKE_BETWEEN_KANJI.finditer(norm.original):
        i = bisect_left(norm.starts, found.start())
        if i < len(key) and norm.starts[i] == found.start():
            key[i] = _KANJI_LOOKALIKES[found.group()]
    return NormalizedText(norm.original, "".join(key), norm.starts, norm.ends)
