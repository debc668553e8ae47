"""Japanese names written in Cyrillic: Такахаси Серина, Оно Ринка, Цуда Аяне, Сайондзи Токо.

Russian and Ukrainian posts write Japanese names in Polivanov's system (し си, ち ти, つ цу,
じ дзи, わ ва) or the popular English-like one (ши, чи, дж). Read back letter by letter, both
give romaji the watchlist matcher already knows in all its systems (Kunrei's "takahasi" as
well as Hepburn's "takahashi"), so the text is matched again through that reading: names
only, the signal words are matched as written.

A female given name in -а is declined in a sentence (Сериной, Серины, Серину: "with Serina",
"of Serina", Serina as the object); a second reading puts word-final -ой/-ою, -ы and -у after a
consonant back to -а, a third -ки (Ринки) too. No Japanese name ends in -ы, and one that does end in -ой or -ки (Аой, Саки) is still
read as written in the first view.
"""

from __future__ import annotations

import re
from itertools import pairwise

from crawler.detect.normalize import NormalizedText

_VOWELS = frozenset("аеёиоуыэюяії")

_CYRILLIC = re.compile("[\u0400-\u04ff]")
# Two letters read as one sound first (дз of дзи, дж of джи), then one letter each. л is read
# r: Japanese has no l, and a Russian ear hears ら as ла now and then. ы never stands in a
# Japanese name, so it is read y: "рынка" (of the market) is no Rinka.
_DIGRAPHS = {"дз": "z", "дж": "j", "дь": "d", "ть": "t"}
# Ukrainian has no ё: よ is йо (Хійорі, Йосіда), where Russian й before a vowel is the い of
# さい (Сайондзи). A view of its own reads it the Ukrainian way.
_GLIDES = {**_DIGRAPHS, "йо": "yo", "йа": "ya", "йу": "yu", "йе": "ye"}
_LETTERS = {
    "а": "a", "б": "b", "в": "w", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "r", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}  # fmt: skip


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


def cyrillic_name_views(norm: NormalizedText) -> list[NormalizedText]:
    """The text with its Cyrillic read as romaji, again with й before a vowel read as y when
    there is one, and with declined endings put back to -а when there are any; offsets point
    at the Cyrillic letters read.

    The letters are read from the original text: the key has already folded Cyrillic
    letters that look Latin (о, р, с, н) into those Latin letters, against disguises."""
    letters = [_original_letter(norm, i) for i in range(len(norm.key))]
    views = [_romanised(norm, letters)]
    if any(a + b in _GLIDES for a, b in pairwise(letters) if a == "й"):
        views.append(_romanised(norm, letters, _GLIDES))
    folded = _folded_endings(norm, letters, velar=False)
    if folded != letters:
        views.append(_romanised(norm, folded))
    # Ринка's genitive is Ринки, but Саки and Судзуки end so as written: a view of its own.
    velar = _folded_endings(norm, letters, velar=True)
    if velar != folded:
        views.append(_romanised(norm, velar))
    return views


def _original_letter(norm: NormalizedText, i: int) -> str:
    """The key's i-th letter, or the Cyrillic letter of the original it was folded from."""
    original = norm.original[norm.starts[i] : norm.ends[i]].lower()
    return original if len(original) == 1 and _CYRILLIC.match(original) else norm.key[i]


def _folded_endings(norm: NormalizedText, letters: list[str], *, velar: bool) -> list[str]:
    """Word-final -ой, -ою, -ы and -у after a consonant as -а (an empty string stands for a
    dropped letter), and
    with ``velar`` -и after к, г or х too. The key has no spaces, so where a word ends is
    read from the original text."""
    original = norm.original
    folded = list(letters)
    for i, letter in enumerate(letters):
        after = norm.ends[i]
        if after < len(original) and original[after].isalpha():
            continue
        if letter == "ы" or (velar and letter == "и" and i > 0 and letters[i - 1] in "кгх"):
            folded[i] = "а"
        elif letter == "у" and i > 0 and letters[i - 1] not in _VOWELS:
            folded[i] = "а"  # the object: Реону Хамаду (Miu, Миу, keeps its -у)
        elif letter in "йю" and i > 0 and letters[i - 1] == "о":
            folded[i - 1], folded[i] = "а", ""
    return folded


def _romanised(
    norm: NormalizedText, letters: list[str], digraphs: dict[str, str] = _DIGRAPHS
) -> NormalizedText:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(letters)
    while i < n:
        reading = digraphs.get(letters[i] + letters[i + 1]) if i + 1 < n else None
        width = 2
        if reading is None:
            reading = _LETTERS.get(letters[i], letters[i])
            width = 1
        start, end = norm.starts[i], norm.ends[i + width - 1]
        if not reading and ends:
            ends[-1] = end  # ь, or the й of a folded -ой, belongs to the letter before
        for letter in reading:
            out.append(letter)
            starts.append(start)
            ends.append(end)
        i += width
    return NormalizedText(norm.original, "".join(out), starts, ends)


def inside_cyrillic_word(text: str, start: int, end: int) -> bool:
    """Does [start, end) of ``text`` begin or end inside a Cyrillic word? A reading of
    "роздягання" holds "annya" (the nickname あんにゃ), but no one is named there."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return bool(
        (before and before.isalpha() and _CYRILLIC.match(before))
        or (after and after.isalpha() and _CYRILLIC.match(after))
    )
