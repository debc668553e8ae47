"""Other readings of a text, in which only names are looked up again: the signal words are
matched as written.

* Lone digits beside Japanese letters as kanji numerals: 7瀬 for 七瀬.
* Cyrillic read as romaji: Такахаси Серина (cyrillic_names.py).
* European and Indonesian letters read as Hepburn: Mijazono, Čiaki, Sziori, Watanabeová
  (central_romaji.py).
* A Korean name with the affectionate 이 written as it is said: 하리니 for 하린이.

And the finders that read the whole text in a way of their own (``WholeTextNames``): names
written backwards (reversed_names.py, reversed_romaji.py) and Japanese names in Thai script
(thai_names.py) or Arabic script (arabic_names.py), and Japanese names in Hangul
(hangul_names.py), looked up with aspiration folded away, since Koreans write た as 타 or 다
by position and by habit; and Latin names written in Cyrillic or the other way round, by
their consonants (cross_script_names.py).
"""

from __future__ import annotations

import re

from crawler.detect.arabic_names import ArabicNameIndex, has_arabic
from crawler.detect.central_romaji import central_romaji_views
from crawler.detect.chinese_homophones import ChineseHomophones
from crawler.detect.cross_script_names import CrossScriptNames
from crawler.detect.cut_given_names import CutGivenNames
from crawler.detect.cyrillic_names import cyrillic_name_views, has_cyrillic, inside_cyrillic_word
from crawler.detect.hangul import spoken_name_undone
from crawler.detect.hangul_names import HangulNameIndex, has_hangul
from crawler.detect.leetspeak import letters_read
from crawler.detect.masked_parts import MaskedParts
from crawler.detect.name_matcher import NameHit, WatchlistMatcher
from crawler.detect.normalize import NormalizedText, Normalizer, kanji_numeral_view
from crawler.detect.reversed_names import reversed_name_hits, romaji_runs
from crawler.detect.reversed_romaji import ReversedRomajiIndex
from crawler.detect.thai_names import ThaiNameIndex, has_thai

_CYRILLIC_LOWER = re.compile("[\u0430-\u045f]")
# Cyrillic, Thai, Hangul and Arabic letters: most posts hold none, and one search says so.
_OTHER_SCRIPTS = re.compile("[\u0400-\u04ff\u0e01-\u0e4e\uac00-\ud7a3\u0621-\u064a\u0671-\u06d3]")


def name_only_views(norm: NormalizedText) -> list[NormalizedText]:
    views: list[NormalizedText] = []
    numerals = kanji_numeral_view(norm)
    if numerals is not None:
        views.append(numerals)
    if has_cyrillic(norm.original):
        views += cyrillic_name_views(norm)
    views += central_romaji_views(norm)
    if has_hangul(norm.original):
        spoken = spoken_korean_name_view(norm)
        if spoken is not None:
            views.append(spoken)
    return views


_HANGUL_RUN = re.compile("[\uac00-\ud7a3]*")
# What follows 이 after a name: 하리니가, 하리니랑, 하리니 (and nothing else, or the two
# syllables are any word's end: 비키니 is a bikini).
_AFTER_SPOKEN_I = frozenset(("", "가", "는", "도", "랑", "를", "의", "야", "만", "한테", "에게"))


def spoken_korean_name_view(norm: NormalizedText) -> NormalizedText | None:
    """The key with a word's last two syllables read back from speech where they can be a
    name and 이 (하리니 as 하린이), or None when no word ends so; same offsets."""
    key = list(norm.key)
    text, starts, ends = norm.original, norm.starts, norm.ends
    changed = False
    for i in range(1, len(key)):
        undone = spoken_name_undone(key[i - 1], key[i])
        if undone is None or ends[i - 1] != starts[i]:
            continue
        rest = _HANGUL_RUN.match(text, ends[i])
        if rest is None or rest.group() not in _AFTER_SPOKEN_I:
            continue
        key[i - 1], key[i] = undone
        changed = True
    return NormalizedText(text, "".join(key), starts, ends) if changed else None


def capitalised_in_cyrillic(hits: list[NameHit], text: str) -> list[NameHit]:
    """Name parts alone read from Cyrillic only where written as a name, with a capital:
    ціна ("price") reads "sina" like Shiina, Ціна does not appear in a sentence."""
    return [h for h in hits if not _CYRILLIC_LOWER.match(text, h.start)] if hits else hits


def outside_cyrillic_words(hits: list[NameHit], text: str) -> list[NameHit]:
    """The hits that do not begin or end inside a Cyrillic word (cyrillic_names.py)."""
    return [h for h in hits if not inside_cyrillic_word(text, h.start, h.end)]


class WholeTextNames:
    """Names found by reading the text backwards or by sound, each table filled at the
    first text that needs it."""

    def __init__(self, matcher: WatchlistMatcher, normalizer: Normalizer) -> None:
        self._matcher = matcher
        self._normalizer = normalizer
        self._thai = ThaiNameIndex(matcher.entries.values())
        self._reversed_romaji = ReversedRomajiIndex(matcher.entries.values())
        self._hangul = HangulNameIndex(matcher.entries.values())
        self._arabic = ArabicNameIndex(matcher.entries.values())
        self._cross_script = CrossScriptNames(matcher.entries.values())
        self._homophones = ChineseHomophones(matcher.entries.values())
        self._masked_parts = MaskedParts(matcher.entries.values(), normalizer)
        self._cut_given = CutGivenNames(matcher.entries.values())
        self._reads_latin: bool | None = None  # known at the first text

    def find(self, text: str, norm: NormalizedText) -> list[NameHit]:
        hits = self._find(text, norm)
        read = letters_read(text)
        if read != text:  # Р3она Ват4набэ, L@yan Hadd@d: the finders read written letters
            read_norm = self._normalizer.normalize(read)
            hits += self._find(read, read_norm)
            for view in name_only_views(read_norm):
                hits += self._matcher.find(view, wildcards=False)
        return hits

    def _find(self, text: str, norm: NormalizedText) -> list[NameHit]:
        runs = romaji_runs(text)
        hits = reversed_name_hits(self._matcher, self._normalizer, text, norm, runs)
        hits += self._reversed_romaji.find(norm, runs)
        if _OTHER_SCRIPTS.search(text) is not None:  # one look for the four scripts
            if has_thai(text):  # ทาคาฮาชิ เซรินะ
                hits += self._thai.find(norm)
            if has_hangul(text):  # 사이토 레이나
                hits += self._hangul.find(norm)
            if has_arabic(text):  # كانون ميناسي, لودوفيكا فيراريزي
                hits += self._arabic.find(norm) + self._cross_script.find_in_arabic(norm)
            if has_cyrillic(text):  # Людовіку Феррарезі
                hits += self._cross_script.find_in_cyrillic(norm)
        if self._reads_latin is None:
            self._reads_latin = self._cross_script.reads_latin()
        if self._reads_latin:  # Sołomii Hajdamachy, Yasmina El Kassar
            hits += self._cross_script.find_in_latin(norm)
        return hits

    def find_bare(self, text: str, norm: NormalizedText) -> list[NameHit]:
        """Given names alone these finders know (히요리), Chinese names in characters of the
        same sound (酥雨晴), and masked name parts with a pointer (み〇ね(山〇)): only in a
        text about fakes."""
        hits = self._homophones.find(norm) + self._masked_parts.find(norm)
        hits += self._cut_given.find(norm)  # Cami N.
        return hits + self._hangul.find_given(norm) if has_hangul(text) else hits
