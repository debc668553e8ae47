"""Spellings of a watched person whose name is written in Cyrillic (Анна Соколова).

Posts abroad write her in Latin letters, by the BGN/PCGN rules or the looser English habit
(Anna Sokolova, Sokolova Anna; Anastasiya / Anastasia, Kharitonova / Haritonova), and
Ukrainian, Czech and Polish posts transliterate by their own rules (Myroslava, Tesljuk).
Russian and Ukrainian posts decline her name as the sentence needs: "с Анной Соколовой"
(with), "фото Анны Соколовой" (of), "Анну Соколову" (object), in Cyrillic and in the Latin
letters Russian is typed in online ("Annu Sokolovu"). Each case is spelt with both parts in
that case, in either order (in Latin letters, in the order written).
"""

from __future__ import annotations

_BGN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}  # fmt: skip
# The English habit: х h, й i, ия ia, ё yo (Anastasia, Haritonova, Alexei, Fyodor).
_LOOSE = {**_BGN, "х": "h", "й": "i", "ё": "yo"}
# Ukraine's own rules read и as y and г as h (Myroslava Hnatiuk); Czech, Polish, Swedish and
# Dutch posts write я, ю, й with j (Tesljuk, Julija, Jana), х as ch, ч and ш with a háček the
# keys drop (Čajka as cajka), ц as c.
_UKRAINIAN = {**_BGN, "и": "y", "г": "h", "й": "i", "ю": "iu", "я": "ia", "є": "ie", "ї": "i"}
_CENTRAL = {
    **_BGN, "я": "ja", "ю": "ju", "й": "j", "ё": "jo", "є": "je", "ї": "ji", "х": "ch",
    "ж": "z", "ч": "c", "ш": "s", "щ": "sc", "ц": "c",
}  # fmt: skip
# A Ukrainian name keeps its и as y and г as h in those letters too (Myroslava Hnatjuk).
_CENTRAL_UKRAINIAN = {**_CENTRAL, "и": "y", "г": "h"}
# And the English habit with a Ukrainian name: Myroslava Teslyuk.
_UKRAINIAN_LOOSE = {**_BGN, "и": "y", "г": "h"}
_TABLES = (_BGN, _LOOSE, _UKRAINIAN, _UKRAINIAN_LOOSE, _CENTRAL, _CENTRAL_UKRAINIAN)
# Ukraine's rules write these with y at the start of a word: Yuliia, Yevheniia.
_UKRAINIAN_INITIAL = {"ю": "yu", "я": "ya", "є": "ye", "ї": "yi", "й": "y"}
_SOFT_STEM_ENDINGS = "кгхжшчщ"  # these take -и, not -ы: Ринка, Ринки
_FAMILY_ENDINGS = ("ова", "ева", "ёва", "ов", "ев", "ёв", "ская", "ский", "цкая", "цкий")


def cyrillic_name_forms(parts: list[str]) -> list[str]:
    """Latin spellings and declined Cyrillic spellings of a name of two or more parts."""
    words = [p.lower() for p in parts]
    forms: list[str] = []
    for table in _TABLES:
        latin = [_transliterated(w, table) for w in words]
        forms += [" ".join(latin), " ".join(reversed(latin))]
    # The family name is last (Анна Соколова) unless only the first part has a surname's
    # ending (Соколова Анна); -ина alone says nothing (Марина, Дарина are given names).
    family_at = len(words) - 1
    if not words[-1].endswith(_FAMILY_ENDINGS) and words[0].endswith(_FAMILY_ENDINGS):
        family_at = 0
    family = words[family_at]
    if family.endswith(("ова", "ева", "ёва", "ина", "ына", "ая")):
        female = True
    elif family.endswith(("ов", "ев", "ёв", "ин", "ын", "ий", "ый", "ой")):
        female = False  # Илья Петров: a man's given name may end in -я
    else:
        female = any(w.endswith(("а", "я")) for i, w in enumerate(words) if i != family_at)
    cases = [_cases(w, family=i == family_at, female=female) for i, w in enumerate(words)]
    for case in range(1, len(cases[0])):
        declined = [c[case] for c in cases]
        forms += [" ".join(declined), " ".join(reversed(declined))]
        # Russian typed in Latin letters declines too: "nyudsy Olesi Kovalenchuk" (of).
        forms.append(" ".join(_transliterated(w, _BGN) for w in declined))
    return list(dict.fromkeys(f for f in forms if f))


def _transliterated(word: str, table: dict[str, str]) -> str:
    text = word.replace("ия", "ia") if table is _LOOSE else word
    if table is _UKRAINIAN and text[:1] in _UKRAINIAN_INITIAL:
        return _UKRAINIAN_INITIAL[text[0]] + "".join(table.get(c, c) for c in text[1:])
    return "".join(table.get(c, c) for c in text)


def _cases(word: str, *, family: bool, female: bool) -> list[str]:
    """Nominative, then the Russian genitive, dative, accusative, instrumental and
    prepositional, then the Ukrainian ones (Анни, Анні, Анну, Анною; Соколової, Соколовою)."""
    russian = _russian_cases(word, family=family, female=female)
    return russian + _ukrainian_cases(word, family=family, russian=russian)


def _ukrainian_cases(word: str, *, family: bool, russian: list[str]) -> list[str]:
    if word.endswith("а") and not word.endswith("ая"):
        stem = word[:-1]
        if family and word.endswith(("ова", "ева", "єва", "ина", "іна")):
            return [stem + "ої", stem + "ій", stem + "у", stem + "ою", stem + "ій"]
        return [stem + "и", stem + "і", stem + "у", stem + "ою", stem + "і"]
    if word.endswith(("ія", "ия")):  # Анастасія, Анастасии
        stem = word[:-2]
        return [stem + "ії", stem + "ії", stem + "ію", stem + "ією", stem + "ії"]
    return russian[1:]


def _russian_cases(word: str, *, family: bool, female: bool) -> list[str]:
    if word.endswith(("ая", "яя")):  # Новая, -ская
        stem = word[:-2]
        return [word, stem + "ой", stem + "ой", stem + "ую", stem + "ой", stem + "ой"]
    if word.endswith("а"):
        stem = word[:-1]
        if family and word.endswith(("ова", "ева", "ёва", "ина", "ына")):
            return [word, stem + "ой", stem + "ой", stem + "у", stem + "ой", stem + "ой"]
        genitive = stem + ("и" if stem[-1:] in _SOFT_STEM_ENDINGS else "ы")
        return [word, genitive, stem + "е", stem + "у", stem + "ой", stem + "е"]
    if word.endswith("я"):
        stem = word[:-1]
        dative = stem + ("и" if stem.endswith("и") else "е")  # Марии, Тане
        return [word, stem + "и", dative, stem + "ю", stem + "ей", dative]
    if female or not word[-1:].isalpha() or word[-1] in "еиоуыэюё":
        return [word] * 6  # a woman's consonant-ending family name is not declined
    if family and word.endswith(("ий", "ый", "ой")):  # Достоевский
        stem = word[:-2]
        return [word, stem + "ого", stem + "ому", stem + "ого", stem + "им", stem + "ом"]
    if word.endswith(("й", "ь")):
        stem = word[:-1]
        return [word, stem + "я", stem + "ю", stem + "я", stem + "ем", stem + "е"]
    instrumental = "ым" if family and word.endswith(("ов", "ев", "ёв", "ин", "ын")) else "ом"
    return [word, word + "а", word + "у", word + "а", word + instrumental, word + "е"]
