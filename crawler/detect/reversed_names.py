"""Names written backwards: igakatironim（逆から読んでね）, 織詩鍋真 ← 逆から読んで,
akuliganoy (read it backwards), and "ikuzak oim のAI画像" or "oaM anabihcaT" with no hint.

Sellers reverse a name to slip past exact filters and tell buyers how to read it. A text
that says so is searched again, reversed; a hit is mapped back to the span it covers in the
text as written. Without a hint only romaji inside a mostly Japanese text is read backwards:
two or more lower-case words there are rarely English, and reversing every English text would
cost the detector a second pass over most posts.
"""

from __future__ import annotations

import re
from bisect import bisect_left

import ahocorasick

from crawler.detect.name_matcher import NameHit, WatchlistMatcher
from crawler.detect.normalize import NormalizedText, Normalizer

# Hints, lower-cased, found in one C pass (a regex alternation tried at every position cost
# 2 % of the detector's time).
REVERSED_HINTS = (
    "逆から",
    "逆読み",
    "逆にして",
    "逆さま",
    "逆順",
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
_JAPANESE = re.compile("[\u3041-\u30ff\u4e00-\u9fff]")
# Lower-case romaji words (two or more) in a text that also holds kana or kanji, or one long
# word, a name run together (#anoerikazamay).
_ROMAJI_RUN = re.compile(r"(?<![A-Za-z])(?:[a-z]{2,}(?: [a-z]{2,})+|[a-z]{9,})(?![A-Za-z])")
# Words with their capital at the end, a name's capitals reversed with it ("oaM anabihcaT",
# "amE aredonO"): read backwards in any text, English too.
_CAPITAL_LAST = re.compile(r"(?<![A-Za-z])[a-z]+[A-Z](?: [a-z]+[A-Z])+(?![A-Za-z])")
# Kana and kanji enough to be a Japanese sentence, more than a name written in English text.
_JAPANESE_SENTENCE = 8
REVERSED_MARK = "⇄"  # prefixed to the pattern of a hit found in the reversed text


def romaji_runs(text: str) -> list[re.Match[str]]:
    """Lower-case romaji runs: two or more words, or one long word (a name run together)."""
    return list(_ROMAJI_RUN.finditer(text))


def reversed_name_hits(
    matcher: WatchlistMatcher,
    normalizer: Normalizer,
    text: str,
    norm: NormalizedText,
    runs: list[re.Match[str]],
) -> list[NameHit]:
    """Watched names found in the text read backwards, at their spans in ``text``
    (``runs``: the text's ``romaji_runs``)."""
    if next(_HINTS.iter(text.lower()), None) is not None:
        return _reversed_hits(matcher, normalizer, text, 0, len(text), norm)
    hits: list[NameHit] = []
    for run in _CAPITAL_LAST.finditer(text):
        hits += _reversed_hits(matcher, normalizer, text, run.start(), run.end(), norm)
    if not runs:
        return hits
    japanese = len(_JAPANESE.findall(text))
    if japanese < _JAPANESE_SENTENCE or japanese * 2 < sum(r.end() - r.start() for r in runs):
        return hits  # English around a Japanese name: "nudes of めなか わたに"
    for run in runs:
        hits += _reversed_hits(matcher, normalizer, text, run.start(), run.end(), norm)
    return hits


def _reversed_hits(
    matcher: WatchlistMatcher,
    normalizer: Normalizer,
    text: str,
    begin: int,
    stop: int,
    norm: NormalizedText,
) -> list[NameHit]:
    """Names in text[begin:stop] read backwards."""
    hits: list[NameHit] = []
    for hit in matcher.find(normalizer.normalize(text[begin:stop][::-1]), wildcards=False):
        start, end = stop - hit.end, stop - hit.start
        key_start = bisect_left(norm.starts, start)
        key_end = bisect_left(norm.starts, end)
        if key_start < key_end:
            hits.append(
                NameHit(hit.person_id, REVERSED_MARK + hit.pattern, key_start, key_end, start, end)
            )
    return hits
