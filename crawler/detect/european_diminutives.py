"""Diminutives of a woman's given name, and her surname declined alone, as Polish, Czech,
Russian, Ukrainian, Swedish and Dutch fans write them, where English would write Maddie
(latin_nicknames.py).

* Slavic -ka on the name's stem or its first syllable: Klára as Klárka, Oliwia as Oliwka,
  Мирослава as Мирославка and Мирка; Polish -ia on the first syllable: Zuzanna as Zuzia;
  Russian and Ukrainian -ося, -уся and -очка: Мирося, Мируся, Мирославочка.
* Each of those in the cases a sentence puts it in: "zdjęcia Zuzi" (of), "фото Мироси";
  the name itself too (Мирославу, Zuzanny).
* Russian and Ukrainian drop the first vowel of a name in -ся: Олеся as Леся.
* Swedish -is after a doubled consonant (Linnea as Linnis), Dutch -tje after a consonant
  (Fleur as Fleurtje).
* A surname alone in a case (declined_surnames): Wójcikowskiej, Bezděkové, Кендзерської.
* Brazilian -zinha on a short name ending in a vowel (affectionate_forms): Bia as Biazinha,
  Lari as Larizinha. (-inha on a longer name, Luana as Luaninha, is mostly in watchlists'
  aliases already, and its stem would need the stress.)

A pet form stands alone for the person, so each is read as a name part alone is
(bare_names.py), and only for a name of five letters or more. The bare forms of the first
syllable (Zuza, Мира) are left out: too many are words (Spanish "mira", Russian "мира"), as
are Turkish -oş (Defoş) and -is after one consonant: Carla would give Carlos, Klara Klaris.
"""

from __future__ import annotations

_LATIN_VOWELS = frozenset("aeiouy")
_CYRILLIC_VOWELS = frozenset("аеёиоуыэюяіїє")
_SLAVIC_VELARS = frozenset("kgjкгхжшчщ")


def diminutives(given: str) -> list[str]:
    """Pet forms of one given name, lower case, in the name's own script (Latin folded, or
    Cyrillic); none for a name under five letters."""
    if len(given) < 5:
        return []
    cyrillic = "а" <= given[0] <= "я" or given[0] in "іїєё"
    vowels = _CYRILLIC_VOWELS if cyrillic else _LATIN_VOWELS
    syllable = _first_syllable(given, vowels)
    forms: list[str] = []
    if given.endswith(("а", "я") if cyrillic else "a"):
        stem = _stem(given, cyrillic)
        forms.append(stem + ("ка" if cyrillic else "ka"))  # Klárka, Oliwka, Мирославка
        if cyrillic:
            forms.append(stem + "очка")
            if syllable:
                forms += [syllable + "ка", syllable + "ося", syllable + "уся"]
            elif given[0] in vowels and given.endswith("ся"):
                forms.append(given[1:])  # Олеся as Леся (Алиса as Лиса would be a fox)
        elif syllable:
            forms.append(syllable + "ka")  # Mirka
            if syllable[-1] in "sz":
                forms.append(syllable + "ia")  # Zuzia, Kasia
        forms += [case for form in list(forms) for case in _cases(form, cyrillic)]
        # The name itself in a case: "фото Мирославы", "Мирославу", "zdjęcia Zuzanny".
        forms += _cases(given, cyrillic) if cyrillic else _genitives(given)
    if not cyrillic:
        if syllable and syllable[-1] == syllable[-2:-1]:
            forms.append(syllable + "is")  # Linnis
        if given[-1] not in _LATIN_VOWELS:
            forms.append(given + "tje")  # Fleurtje
    return [f for f in dict.fromkeys(forms) if f != given and len(f) >= 4]


def affectionate_forms(short: str) -> list[str]:
    """Brazilian Portuguese -zinha on a short Latin name ending in a vowel: bia -> biazinha."""
    return [short + "zinha"] if short[-1:] in _LATIN_VOWELS and short.isascii() else []


def first_vowels(word: str, vowels: frozenset[str]) -> tuple[int, int]:
    """Where the word's first run of vowels starts and ends (Zuzanna: 1, 2); latin_nicknames
    closes an English pet form on the consonant after it (Mad-d-ie)."""
    i = 0
    while i < len(word) and word[i] not in vowels:
        i += 1
    j = i
    while j < len(word) and word[j] in vowels:
        j += 1
    return i, j


def _first_syllable(given: str, vowels: frozenset[str]) -> str | None:
    """The first syllable closed on its consonants: Zuz of Zuzanna, Linn of Linnea, Мир of
    Мирослава; None for a name that starts with a vowel or is one syllable."""
    i, j = first_vowels(given, vowels)
    k = j
    while k < len(given) and given[k] not in vowels:
        k += 1
    if i == 0 or j == k or k >= len(given):
        return None
    return given[:k]


def _stem(given: str, cyrillic: bool) -> str:
    """The name without its ending: Oliw of Oliwia, Klar of Klara, Мирослав of Мирослава."""
    for ending in ("ия", "ія", "я", "а") if cyrillic else ("ia", "ya", "a"):
        if given.endswith(ending):
            return given[: -len(ending)]
    return given


def _genitives(given: str) -> list[str]:
    """Zuzanny, Oliwii, Kingi: a Latin name in -a as Polish and Czech write "of her"."""
    if given.endswith("ia"):
        return [given[:-1] + "i"]
    stem = given[:-1]
    return [stem + g for g in (["i", "y"] if stem[-1] in _SLAVIC_VELARS else ["y"])]


def _cases(form: str, cyrillic: bool) -> list[str]:
    """The genitive, accusative and dative of a pet form in -a or -я: Zuzi, Zuzię (read zuzie),
    Mirki, Klárky; Мироси, Миросю, Мирки, Мирку."""
    stem, last = form[:-1], form[-1]
    if cyrillic:
        if last == "я":
            return [stem + "и", stem + "ю", stem + "і"]
        # Russian -ы (-и after a velar), Ukrainian -и: Мирославы, Мирослави.
        genitives = ["и"] if stem[-1] in _SLAVIC_VELARS else ["ы", "и"]
        return [stem + g for g in genitives] + [stem + "у", stem + "і", stem + "е"]
    if form.endswith("ia"):
        return [form[:-2] + "i", form[:-1] + "e"]
    # Polish writes -i after k and g (Zuzki), Czech -y (Klárky).
    genitives = ["i", "y"] if stem[-1] in _SLAVIC_VELARS else ["y"]
    return [stem + g for g in genitives] + [stem + "e", stem + "u"]


def declined_surnames(family: str) -> list[str]:
    """A woman's adjectival or -ová surname alone in the cases Polish, Czech, Slovak, Russian
    and Ukrainian put it in: "sobowtór Wójcikowskiej" (of), "fotky Bezděkové", "с Ивановой",
    "фото Кендзерської". Lower case, Latin folded or Cyrillic; the nominative is the name."""
    if len(family) < 6:
        return []
    if family.endswith(("ska", "cka", "zka")):
        stem = family[:-1]
        return [stem + "iej", stem + "e", stem + "ou"]  # Polish -iej, Czech -é and -ou
    if family.endswith("ova"):
        stem = family[:-1]
        return [stem + "e", stem + "ou", stem + "ej"]  # Czech -ové, -ovou; Slovak -ovej
    if family.endswith(("ська", "цька", "зька")):
        stem = family[:-1]
        return [stem + "ої", stem + "ій", stem + "у", stem + "ою"]
    if family.endswith(("ская", "цкая")):
        stem = family[:-2]
        return [stem + "ой", stem + "ую"]
    if family.endswith(("ова", "ева", "ина", "іна")):
        stem = family[:-1]
        return [stem + "ой", stem + "у", stem + "ої", stem + "ою"]
    return []
