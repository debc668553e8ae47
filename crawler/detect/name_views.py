"""Other readings of a text, in which only names are looked up again: the signal words are
matched as written.

* Hangul with aspiration folded away: Korean spellings of Japanese names are stored so
  (hangul.py), since Koreans write た as 타 or 다 by position and by habit.
* Lone digits beside Japanese letters as kanji numerals: 7瀬 for 七瀬.
* Cyrillic read as romaji: Такахаси Серина (cyrillic_names.py).
"""

from __future__ import annotations

from crawler.detect.cyrillic_names import cyrillic_name_views, has_cyrillic, inside_cyrillic_word
from crawler.detect.hangul import canonical_hangul, needs_canonical_view
from crawler.detect.name_matcher import NameHit
from crawler.detect.normalize import NormalizedText, kanji_numeral_view


def name_only_views(norm: NormalizedText) -> list[NormalizedText]:
    views: list[NormalizedText] = []
    key = norm.key
    if needs_canonical_view(key):
        views.append(NormalizedText(norm.original, canonical_hangul(key), norm.starts, norm.ends))
    numerals = kanji_numeral_view(norm)
    if numerals is not None:
        views.append(numerals)
    if has_cyrillic(norm.original):
        views += cyrillic_name_views(norm)
    return views


def outside_cyrillic_words(hits: list[NameHit], text: str) -> list[NameHit]:
    """The hits that do not begin or end inside a Cyrillic word (cyrillic_names.py)."""
    return [h for h in hits if not inside_cyrillic_word(text, h.start, h.end)]
