"""Names written in another script than the watchlist's, matched by their consonants.

Russian and Ukrainian posts write a Polish or Italian name in Cyrillic as it sounds, and in
whatever case the sentence needs (Олівією Бжезінською, Людовіку Феррарезі); Polish, Czech
and Turkish posts write a Russian or Ukrainian name in their own letters and cases (Sołomii
Hajdamachy, Milana Vorotıntseva); Arabic posts write a Western name by ear (لودوفيكا
فيراريزي), and Western posts an Arab one (Yasmina El Kassar). No table of spellings keeps
up with every pair of languages and every case ending, so each side is read into Latin
letters and brought down to its consonants, the ones the languages trade for one another
made one (w and v; s, z, sh, zh, sz, rz; c, k, g, h, ch, kh, cz, ts; against Arabic also
p and b, v and f, d and t): a case ending is a vowel, and vanishes. A full name, given and
family in either order, is then looked for in two neighbouring words; a Cyrillic name too,
in a Cyrillic case its spellings do not hold (Соломию Гайдамаху).

Only names long enough not to be met by chance count: seven consonants or more (six for an
Arabic name, or a Latin one with a part of four), two in each part. A shorter Latin or
Cyrillic name (Oliwia Brzezicka: lv bsk) is matched by its sounds instead, vowels kept and
each vowel run read as its last vowel (ia as я, ie as е), with only the case ending off:
Олівію Бжезицьку reads oliv bsesik, as Oliwia Brzezicka does. That is nearly as strict as
a spelling, so the floor there is four consonants.
Two sounds Latin letters write that the other scripts do not: an English W is a vowel in
Russian and Arabic (Whitaker, Уитакер), and a French name's last consonant is silent
(Margaux, مارغو). A Latin name is indexed with and without them.
The index is made at the first text that needs it; Latin texts are read only when the
watchlist has Cyrillic or Arabic names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from crawler.detect.name_hits import add_hit_at
from crawler.detect.name_matcher import NameHit
from crawler.detect.normalize import NormalizedText, fold_latin_word
from crawler.detect.watchlist import WatchlistEntry

CROSS_SCRIPT_MARK = "≈"  # the pattern says the name was matched by sound across scripts

_CYRILLIC_WORD = re.compile("[\u0400-\u04ff]{2,}")
_LATIN_WORD = re.compile("[A-Za-z\u00c0-\u024f]{2,}")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_ARABIC = re.compile("[\u0621-\u064a]")
_ARABIC_WORD = re.compile("[\u0621-\u064a\u0671-\u06d3]{2,}")
_PROCLITICS = "لبوكف"
_ARTICLES = frozenset(["El", "Al", "el", "al", "Al-", "El-"])
_LATIN_NAME = re.compile("[A-Za-z\u00c0-\u024f]+(?:[ -][A-Za-z\u00c0-\u024f]+)+")
_MIN_CONSONANTS = 7
_CZECH_ENDING = re.compile("ov(?:á|é|ou)$")
# Sounds the languages spell in too many ways are one class each: k for c, k, g, h, ch, kh,
# cz, ts, ч, х, г, ц (English ch is ч, Polish ch is х, Italian c is к, Ukrainian г is h), s
# for s, z, sh, zh, sz, rz, ш, ж, з. Vowels, and j and y, are dropped with the case endings.
_READ_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "k", "ґ": "k", "д": "d", "е": "e", "ё": "o", "є": "e",
    "ж": "s", "з": "s", "и": "i", "і": "i", "ї": "i", "й": "", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "k",
    "ц": "k", "ч": "k", "ш": "s", "щ": "s", "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "u",
    "я": "a",
}  # fmt: skip
_LATIN_FOLDS = (
    ("shch", "s"), ("sch", "s"), ("rz", "s"), ("zh", "s"), ("sz", "s"), ("sh", "s"),
    ("wh", "w"), ("cz", "k"), ("ch", "k"), ("kh", "k"), ("ts", "k"), ("tz", "k"), ("ph", "f"), ("th", "t"),
    ("w", "v"), ("x", "ks"), ("z", "s"), ("c", "k"), ("q", "k"), ("g", "k"), ("h", "k"),
)  # fmt: skip
_VOWELS = re.compile("[aeiouyj]+")
_DOUBLED = re.compile(r"(.)\1+")
_MIN_SOUND_CONSONANTS = 4
_VOWEL_RUN = re.compile("[aeiouy]*([aeiouy])")
_ENDING = re.compile("[aeiou]+$")
_SILENT_FRENCH_END = re.compile("(?<=[aeiouyéè])(?:x|s|t|d|z|ts|ds)$")


def latin_consonants(word: str) -> str:
    """Ludovica: ldvk; Brzezińska: brssnsk; Hajdamachy: kdmk."""
    text = fold_latin_word(word.replace("ł", "l").replace("Ł", "L"))
    for old, new in _LATIN_FOLDS:
        text = text.replace(old, new)
    return _DOUBLED.sub(r"\1", _VOWELS.sub("", text))


def _sounds(letters: str) -> str:
    """Consonant classes with the vowels between them: a run of vowels is its last one
    (Polish ia, ie, Ukrainian ія, є), and a final run, the case ending, is dropped."""
    letters = _VOWEL_RUN.sub(r"\1", letters.replace("y", "i").replace("j", ""))
    return _ENDING.sub("", _DOUBLED.sub(r"\1", letters))


def latin_sounds(word: str) -> str:
    """Oliwia: oliv; Brzezicka: bsesik (the Czech -ová of a foreign woman taken off)."""
    text = fold_latin_word(_CZECH_ENDING.sub("", word).replace("ł", "l").replace("Ł", "L"))
    for old, new in _LATIN_FOLDS:
        text = text.replace(old, new)
    return _sounds(text)


def cyrillic_sounds(word: str) -> str:
    """Олівію: oliv; Бжезицьку: bsesik."""
    return _sounds("".join(_READ_CYRILLIC.get(c, c) for c in word.lower()))


# Arabic letters, read into the same classes; Arabic has no p, v or e, and writes d and t,
# g and k, j and z with letters writers trade: those are made one on the Latin side too
# (_coarse). Long vowels, and و and ي, which are vowels in most foreign names, are dropped.
_READ_ARABIC = {
    "ب": "b", "ت": "t", "ط": "t", "د": "t", "ض": "t", "ث": "t", "ذ": "t", "ج": "k", "ح": "k",
    "خ": "k", "ه": "k", "ق": "k", "ك": "k", "غ": "k", "س": "s", "ص": "s", "ز": "s", "ش": "s",
    "ظ": "s", "ف": "f", "ڤ": "f", "ر": "r", "ل": "l", "م": "m", "ن": "n",
}  # fmt: skip
_COARSE = str.maketrans("pvd", "bft")


def arabic_consonants(word: str) -> str:
    """لودوفيكا: ldfk; القصار: ksr (the article ال taken off)."""
    if word.startswith("ال") and len(word) > 3:
        word = word[2:]
    return _DOUBLED.sub(r"\1", "".join(_READ_ARABIC.get(c, "") for c in word))


def _coarse(consonants: str) -> str:
    return _DOUBLED.sub(r"\1", consonants.translate(_COARSE))


def _latin_coarse(word: str) -> str:
    return _coarse(latin_consonants(word))


def _latin_text_consonants(word: str) -> str:
    """As latin_consonants, with the -ová Czech gives a foreign woman's surname taken off
    (Hajdamachová, Hajdamachové as Hajdamacha)."""
    return latin_consonants(_CZECH_ENDING.sub("", word))


def cyrillic_consonants(word: str) -> str:
    """Людовіку: ldvk; Бжезінською: bssnsk; Гайдамаха: kdmk."""
    text = "".join(_READ_CYRILLIC.get(c, c) for c in word.lower())
    return _DOUBLED.sub(r"\1", _VOWELS.sub("", text))


class CrossScriptNames:
    """Watched people with a name of two or more words in Latin, Cyrillic or Arabic letters,
    by the consonants of their given and family name."""

    def __init__(self, entries: Iterable[WatchlistEntry]) -> None:
        self._entries = list(entries)
        self._tables: dict[str, dict[tuple[str, str], set[str]]] | None = None

    def _index(self) -> dict[str, dict[tuple[str, str], set[str]]]:
        tables: dict[str, dict[tuple[str, str], set[str]]] = {
            "latin": {}, "latin_coarse": {}, "cyrillic": {}, "arabic": {},
            "latin_sounds": {}, "cyrillic_sounds": {},
        }  # fmt: skip
        for entry in self._entries:
            name = entry.name.strip()
            if _CYRILLIC.search(name):
                parts = [cyrillic_consonants(p) for p in name.split()]
                _add(tables["cyrillic"], entry.id, parts)
                if _short(parts, _MIN_CONSONANTS):
                    sounds = [cyrillic_sounds(p) for p in name.split()]
                    _add(tables["cyrillic_sounds"], entry.id, sounds, _MIN_SOUND_CONSONANTS)
            elif _ARABIC.search(name):
                # Arabic names run shorter in consonants (Yasmina El Kassar: smn ksr).
                parts = [arabic_consonants(p) for p in name.split()]
                _add(tables["arabic"], entry.id, parts, _MIN_CONSONANTS - 1)
            elif _LATIN_NAME.fullmatch(name):
                for words in _as_heard(name.replace("-", " ").split()):
                    _index_latin(tables, entry.id, words)
        self._tables = tables
        return tables

    def find_in_cyrillic(self, norm: NormalizedText) -> list[NameHit]:
        """Latin-lettered watched people named in Cyrillic words of the text, and Cyrillic
        ones in a case the spellings do not hold (Соломию Гайдамаху)."""
        tables = self._tables if self._tables is not None else self._index()
        found = _pairs(norm, _CYRILLIC_WORD, cyrillic_consonants, tables["latin"])
        found += _pairs(norm, _CYRILLIC_WORD, cyrillic_sounds, tables["latin_sounds"])
        return found + _pairs(norm, _CYRILLIC_WORD, cyrillic_consonants, tables["cyrillic"])

    def reads_latin(self) -> bool:
        """Has the watchlist anyone a Latin text could name in another script?"""
        tables = self._tables if self._tables is not None else self._index()
        return bool(tables["cyrillic"] or tables["arabic"] or tables["cyrillic_sounds"])

    def find_in_latin(self, norm: NormalizedText) -> list[NameHit]:
        """Cyrillic- and Arabic-lettered watched people named in Latin words of the text."""
        tables = self._tables if self._tables is not None else self._index()
        found: list[NameHit] = []
        if tables["cyrillic"]:
            found += _pairs(norm, _LATIN_WORD, _latin_text_consonants, tables["cyrillic"])
        if tables["cyrillic_sounds"]:
            found += _pairs(norm, _LATIN_WORD, latin_sounds, tables["cyrillic_sounds"])
        if tables["arabic"]:  # Yasmina El Kassar: the article may stand between
            found += _pairs(norm, _LATIN_WORD, _latin_coarse, tables["arabic"], _ARTICLES)
        return found

    def find_in_arabic(self, norm: NormalizedText) -> list[NameHit]:
        """Latin-lettered watched people named in Arabic words (لودوفيكا فيراريزي)."""
        tables = self._tables if self._tables is not None else self._index()
        if not tables["latin_coarse"]:
            return []
        return _pairs(norm, _ARABIC_WORD, arabic_consonants, tables["latin_coarse"], cased=False)


def _as_heard(words: list[str]) -> list[list[str]]:
    """The name as written, and as ears outside English and French take it: with a W that
    begins a word read as a vowel (Whitaker as Уитакер) and a French final consonant
    unheard (Margaux as مارغو)."""
    first, last = words[0], words[-1]
    firsts, lasts = [first], [last]
    for options, word in ((firsts, first), (lasts, last)):
        if word[:1] in "Ww" and len(word) > 4:
            options.append(word[2:] if word[:2].lower() == "wh" else word[1:])
        unheard = _SILENT_FRENCH_END.sub("", word)
        if unheard != word and len(unheard) >= 4:
            options.append(unheard)
    return [[f, *words[1:-1], la] for f in firsts for la in lasts]


def _index_latin(
    tables: dict[str, dict[tuple[str, str], set[str]]], person: str, words: list[str]
) -> None:
    parts = [latin_consonants(p) for p in words]
    # Turkish and French names run short (Elif Karataş: lf krts; Élodie Marchetti: ld
    # mrkt), read in Cyrillic or Arabic letters.
    _add(tables["latin"], person, parts, _least_for_latin(parts))
    if _short(parts, _least_for_latin(parts)):
        _add(
            tables["latin_sounds"], person, [latin_sounds(p) for p in words], _MIN_SOUND_CONSONANTS
        )
    coarse = [_coarse(p) for p in parts]
    _add(tables["latin_coarse"], person, coarse, _least_for_latin(coarse))


def _least_for_latin(parts: list[str]) -> int:
    """Six consonants are enough when one part has four of them: a long surname is rare
    by chance, two short parts are not."""
    return _MIN_CONSONANTS - 1 if max(map(len, parts), default=0) >= 4 else _MIN_CONSONANTS


def _short(parts: list[str], least: int) -> bool:
    """Below the consonant floor, but not below the sounds' floor: a name to match by its
    sounds instead."""
    if len(parts) < 2 or not parts[0] or not parts[-1]:
        return False
    return _MIN_SOUND_CONSONANTS <= len(parts[0]) + len(parts[-1]) < least


def _add(
    table: dict[tuple[str, str], set[str]],
    person: str,
    parts: list[str],
    least: int = _MIN_CONSONANTS,
) -> None:
    if len(parts) < 2:
        return
    first, last = parts[0], parts[-1]
    if len(first) < 2 or len(last) < 2 or len(first) + len(last) < least:
        return
    for pair in ((first, last), (last, first)):
        table.setdefault(pair, set()).add(person)


def _pairs(
    norm: NormalizedText,
    word_pattern: re.Pattern[str],
    consonants: Callable[[str], str],
    people: dict[tuple[str, str], set[str]],
    skip: frozenset[str] = frozenset(),
    cased: bool = True,
) -> list[NameHit]:
    """Two neighbouring words (names are written with capitals, in the scripts that have
    them) that read as one watched person's given and family name; a word in ``skip`` (an
    article) may stand between them."""
    found: list[NameHit] = []
    if not people:
        return found
    original = norm.original
    words = [w for w in word_pattern.finditer(original) if not cased or w.group()[0].isupper()]
    for i, first in enumerate(words[:-1]):
        second = words[i + 1]
        if second.group() in skip and i + 2 < len(words):
            second = words[i + 2]
        if original[first.end() : second.start()].strip(" \u00a0-_" + "".join(skip)):
            continue  # two words side by side, as a name is written
        for start, reading in _readings(first, consonants):
            owners = people.get((reading, consonants(second.group())))
            if owners and len(owners) == 1:
                add_hit_at(norm, found, next(iter(owners)), CROSS_SCRIPT_MARK, start, second.end())
                break
    return found


def _readings(word: re.Match[str], consonants: Callable[[str], str]) -> list[tuple[int, str]]:
    """The word's consonants, and for an Arabic word without a glued one-letter preposition
    (للودوفيكا: "for Ludovica")."""
    text = word.group()
    readings = [(word.start(), consonants(text))]
    if len(text) > 3 and text[0] in _PROCLITICS:
        readings.append((word.start() + 1, consonants(text[1:])))
    return readings
