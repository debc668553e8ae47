"""Honorifics written before a name: "Kak Salsa", "Mbak Dira", "Ate Bea", "chị Vy", น้องพลอย.

Indonesian, Tagalog, Vietnamese and Thai put the honorific first, as Japanese puts ちゃん
after: a given name alone counts after one of these as it does before ちゃん (name_matcher.py).
Latin-script ones stand apart as words; Thai ones run into the name, as Thai writes no spaces.
"""

from __future__ import annotations

import bisect
import re

from crawler.detect.normalize import NormalizedText

# Kak/Kakak/Mbak (Indonesian), chị/cô (Vietnamese): a whole word, then a space. Teh
# (Sundanese) and Ate (Tagalog) only capitalised: teh is tea, and "I ate Bea's cake".
_LATIN_BEFORE = re.compile(r"(?:^|[^\w])(?:(?i:kak|kakak|mbak|chị|cô)|Teh|Ate)\s+\Z")
# น้อง (younger), พี่ (elder), คุณ (polite): right before the name, with or without a space.
_THAI_BEFORE = re.compile("(?:น้อง|พี่|คุณ)\\s?\\Z")
THAI_PREFIX = re.compile("(?:น้อง|พี่|คุณ)\\s?")
_LOOK_BACK = 8


def prefixed(norm: NormalizedText, key_start: int) -> bool:
    """Does a prefix honorific stand right before this key character?"""
    start = norm.starts[key_start]
    if start == 0:
        return False
    before = norm.original[max(0, start - _LOOK_BACK) : start]
    return bool(_LATIN_BEFORE.search(before) or _THAI_BEFORE.search(before))


def thai_prefix_ends(norm: NormalizedText) -> list[int]:
    """Key indices right after each Thai prefix honorific in the text."""
    starts = norm.starts
    found = []
    for match in THAI_PREFIX.finditer(norm.original):
        index = bisect.bisect_left(starts, match.end())  # the first key character after it
        if index < len(starts):
            found.append(index)
    return found
