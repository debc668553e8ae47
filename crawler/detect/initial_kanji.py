"""A Japanese name with the first kanji of each part swapped for its reading's initial:
黒澤七緒 as K沢N緒, 髙森柚月 as T森Y月, 宇佐美玲奈 as U佐美玲奈.

Sellers write a name so that fans read it and a filter for the full name does not; the
initial stands for the kanji it replaces, so the rest of the name still says who is meant.
"""

from __future__ import annotations

from crawler.detect.name_context import script_of


def initial_kanji_forms(
    name_parts: list[str], kana_parts: list[str], romaji_parts: list[str | None]
) -> list[str]:
    """The masked spellings of a family + given name written in kanji (both parts at least
    two characters, the first a kanji): the family name masked before the given name as
    written, and masked too. Each form costs the 10,000-name build 0.05 s, so forms writers
    used once (F枝チアキ, the given name in katakana) or never (黒沢N緒) are left out."""
    if len(name_parts) != 2 or len(kana_parts) != 2 or len(romaji_parts) != 2:
        return []
    family, given = name_parts
    family_romaji, given_romaji = romaji_parts
    if not family_romaji or not given_romaji:
        return []
    masked: list[str | None] = []
    for part, romaji in ((family, family_romaji), (given, given_romaji)):
        kanji_led = len(part) >= 2 and script_of(part[0]) == "kanji"
        masked.append(romaji[0] + part[1:] if kanji_led else None)
    masked_family, masked_given = masked
    forms = []
    if masked_family:
        forms.append(masked_family + given)
        if masked_given:
            forms.append(masked_family + masked_given)
    return forms
