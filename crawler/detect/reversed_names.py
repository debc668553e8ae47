"""Names written backwards with a hint to read them so: igakatironim（逆から読んでね）,
織詩鍋真 ← 逆から読んで, akuliganoy (read it backwards).

Sellers reverse a name to slip past exact filters and tell buyers how to read it. Only a text
that says so is searched again, reversed; a hit is mapped back to the span it covers in the
text as written.
"""

from __future__ import annotations

from bisect import bisect_left

import ahocorasick

from crawler.detect.name_matcher import NameHit, WatchlistMatcher
from crawler.detect.normalize import NormalizedText, Normalizer

# Hints, lower-cased, found in one C pass (a regex alternation tried at every position cost
# 2 % of the detector's time).
REVERSED_HINTS = (
    "逆から",
    "逆読み",
    "反対から読",
    "後ろから読",
    "うしろから読",
    "backwards",
    "read it backward",
    "reversed",
    "in reverse",
    "거꾸로",
    "倒着读",
    "倒过来",
    "倒過來",
    "al revés",
    "de trás pra frente",
    "ao contrário",
)
_HINTS = ahocorasick.Automaton()
for _hint in REVERSED_HINTS:
    _HINTS.add_word(_hint, _hint)
_HINTS.make_automaton()
REVERSED_MARK = "⇄"  # prefixed to the pattern of a hit found in the reversed text


def reversed_name_hits(
    matcher: WatchlistMatcher, normalizer: Normalizer, text: str, norm: NormalizedText
) -> list[NameHit]:
    """Watched names found in the text read backwards, at their spans in ``text``."""
    if next(_HINTS.iter(text.lower()), None) is None:
        return []
    length = len(text)
    hits: list[NameHit] = []
    for hit in matcher.find(normalizer.normalize(text[::-1]), wildcards=False):
        start, end = length - hit.end, length - hit.start
        key_start = bisect_left(norm.starts, start)
        key_end = bisect_left(norm.starts, end)
        if key_start < key_end:
            hits.append(
                NameHit(hit.person_id, REVERSED_MARK + hit.pattern, key_start, key_end, start, end)
            )
    return hits
