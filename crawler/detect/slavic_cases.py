"""A woman's name in Latin letters as Polish and Czech posts decline it.

Polish and Czech change a name's ending with its role in the sentence: "zdjęcia Zuzanny
Wierzbickiej" (photos of), "Zuzannie Wierzbickiej" (to), "Zuzannę Wierzbicką" (the object);
Czech "fotky Linney Bergqvistové", and Czech gives a foreign surname the -ová ending
(Bergqvist -> Bergqvistová) before declining it. A Japanese surname stays as it is
("Hinaty Yamasaki"). Keys have no accents, so ą and ę read as a and e and the instrumental
Zuzanną Wierzbicką is the name as written.

Only given names that end in -a are declined (the women's names these posts are about); each
case is spelt with both parts in that case, given name first, as the posts write them.
"""

from __future__ import annotations

# Polish: genitive -y (-i after k, g), dative and locative -e with the stem's last consonant
# softened (Zuzannie, Hinacie, Kindze), accusative -ę (read e). Czech: genitive -y, dative
# and locative -ě (read e), accusative -u, instrumental -ou.
_POLISH_SOFTENED = {
    "n": "nie", "t": "cie", "d": "dzie", "r": "rze", "l": "li", "k": "ce", "g": "dze",
    "s": "sie", "m": "mie", "w": "wie", "z": "zie", "j": "i",
}  # fmt: skip


def slavic_case_keys(
    latin_keys: list[str], romaji_parts: list[str | None], latin_name: bool
) -> list[str]:
    """Keys (lower case, no accents, no space) of the declined name, given name first: from
    a Latin name's two keys (given, family), or a Japanese name's romaji (family, given),
    which only the genitive is made for ("zdjęcia Hinaty Yamasaki", photos of): the case
    these posts need most, and one spelling more per person instead of seven."""
    if latin_name and len(latin_keys) == 2:
        given, family = latin_keys
        return _declined(given, family) if _declinable(given, family) else []
    if not latin_name and len(romaji_parts) == 2 and romaji_parts[0] and romaji_parts[1]:
        family, given = romaji_parts[0], romaji_parts[1]
        # A Japanese family name in -a is declined too: "zdjęcia Rin Onodery".
        declined = _genitive_if_a(given) + _genitive_if_a(family)
        if declined == given + family:
            return []
        # Long vowels written short, as European posts do: Hinaty Saito (さいとう).
        short = declined.replace("ou", "o").replace("uu", "u")
        return [declined, short] if short != declined else [declined]
    return []


def _genitive_if_a(part: str) -> str:
    return _genitive(part) if len(part) >= 3 and part.endswith("a") else part


def _declinable(given: str, family: str) -> bool:
    return len(given) >= 3 and given.endswith("a") and len(family) >= 3


def _genitive(given: str) -> str:
    if given.endswith(("ya", "ia")):  # Olesya, Natalia: Olesi, Natalii
        return given[:-2] + ("ii" if given.endswith("ia") else "i")
    stem = given[:-1]
    return stem + ("i" if stem[-1] in "kgj" else "y")


def _declined(given: str, family: str) -> list[str]:
    """Each case's given name with that case's surname, Polish and Czech."""
    stem = given[:-1]
    genitive, czech_dative = _genitive(given), stem + "e"
    polish_dative = stem[:-1] + _POLISH_SOFTENED.get(stem[-1], stem[-1] + "ie")
    if family.endswith(("ska", "cka", "zka")):  # adjectival: Wierzbicka, Wróblewska
        adjective = family[:-1]
        pairs = [
            (genitive, adjective + "iej"), (polish_dative, adjective + "iej"),
            (genitive, adjective + "e"), (czech_dative, adjective + "e"),
            (czech_dative, family),  # Polish accusative: Zuzannę Wierzbicką
            (stem + "u", adjective + "ou"), (stem + "ou", adjective + "ou"),
        ]  # fmt: skip
    elif family.endswith("ova"):  # Czech -ová; Slovak and Polish write its genitive -ovej
        pairs = [
            (genitive, family[:-1] + "e"), (czech_dative, family[:-1] + "e"),
            (genitive, family[:-1] + "ej"),
            (stem + "u", family[:-1] + "ou"), (stem + "ou", family[:-1] + "ou"),
        ]  # fmt: skip
    elif family[-1] in "aeiouy":  # indeclinable (Ferraresi, Yamasaki)
        pairs = [(genitive, family), (polish_dative, family), (czech_dative, family)]
    else:  # a foreign surname: unchanged in Polish, given -ová in Czech (Bergqvistové)
        pairs = [
            (genitive, family), (polish_dative, family), (czech_dative, family),
            (genitive, family + "ove"), (stem + "u", family + "ovou"),
        ]  # fmt: skip
    return [form + surname for form, surname in pairs]
