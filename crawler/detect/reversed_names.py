"""Names written backwards with a hint to read them so: igakatironim（逆から読んでね）,
織詩鍋真 ← 逆から読んで, akuliganoy (read it backwards).

Sellers reverse a name to slip past exact filters and tell buyers how to read it. Only a text
that says so is searched again, reversed; a hit is mapped back to the span it covers in the
text as written.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from crawler.detect.name_matcher import NameHit, WatchlistMatcher
from crawler.detect.normalize import NormalizedText, Normalizer

REVERSED_HINT = re.compile(
    r"逆から|逆読み|反対から読|後ろから読|うしろから読|backwards?\b|reversed?\b|in reverse"
    r"|거꾸로|倒着读|倒過來|al revés|de trás pra frente|ao contrário",
    re.IGNORECASE,
)
REVERSED_MARK = "⇄"  # prefixed to the pattern of a hit found in the reversed text


def reversed_name_hits(
    matcher: WatchlistMatcher, normalizer: Normalizer, text: str, norm: NormalizedText
) -> list[NameHit]:
    """Watched names found in the text read backwards, at their spans in ``text``."""
    if REVERSED_HINT.search(text) is None:
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
