"""A watched name's parts and its reading's parts in hiragana: what every spelling of a
Japanese name is made from (spellings.py, and the first-use tables such as hangul_names.py)."""

from __future__ import annotations

import re

import jaconv

from crawler.detect.romaji import expand_long_vowel_marks, guess_reading, kana_to_hepburn
from crawler.detect.watchlist import WatchlistEntry

_NAME_SEPARATORS = re.compile(r"[\s・･·,、]+")
_LATIN = re.compile(r"[a-z0-9]+\Z")
_KATAKANA = re.compile("[\u30a1-\u30fe\uff66-\uff9d]")


def split_name(text: str) -> list[str]:
    """A name's parts as written: split at spaces, middle dots and commas."""
    return [p for p in _NAME_SEPARATORS.split(text) if p]


def name_parts_of(entry: WatchlistEntry) -> list[str]:
    """The name's parts; a Japanese name written without a space (髙橋ひなの) is split where
    its spaced reading (たかはし ひなの) says, so the given name alone is known too."""
    parts = split_name(entry.name)
    kana = [jaconv.kata2hira(k) for k in split_name(entry.kana)]
    if len(parts) != 1 or len(kana) != 2 or len(parts[0]) < 2 or _LATIN.match(parts[0]):
        return parts
    name = parts[0]
    cuts = range(1, len(name))
    for cut in cuts:  # one side written in kana: ひなの in 髙橋ひなの
        if jaconv.kata2hira(name[cut:]) == kana[1] or jaconv.kata2hira(name[:cut]) == kana[0]:
            return [name[:cut], name[cut:]]
    for cut in cuts:  # both in kanji: the dictionary's reading of one side (山﨑 -> やまざき)
        if _reads_as(name[:cut], kana[0]) or _reads_as(name[cut:], kana[1]):
            return [name[:cut], name[cut:]]
    return parts


def _reads_as(text: str, kana: str) -> bool:
    reading = guess_reading(text)
    return reading is not None and jaconv.kata2hira(reading) == kana


def kana_parts_of(
    entry: WatchlistEntry, name_parts: list[str], latin_name: bool
) -> tuple[list[str], bool]:
    """The reading's parts in hiragana (guessed when the kana column is empty), and whether
    they were guessed."""
    kana_source = split_name(entry.kana)
    guessed = False
    if not kana_source and not latin_name:
        readings = [guess_reading(p) for p in name_parts]
        if readings and all(readings):
            kana_source, guessed = [r for r in readings if r], True
    kana_parts = [
        expand_long_vowel_marks(jaconv.kata2hira(p) if _KATAKANA.search(p) else p)
        for p in kana_source
    ]
    return kana_parts, guessed


def reading_romaji(entry: WatchlistEntry) -> tuple[str, str] | None:
    """The reading's two parts in Hepburn romaji, in the kana column's order; None when the
    reading is not two parts of kana (the first-use tables of other scripts start here)."""
    kana, _ = kana_parts_of(entry, name_parts_of(entry), latin_name=False)
    if len(kana) != 2:
        return None
    first, second = (kana_to_hepburn(k) for k in kana)
    return (first, second) if first and second else None
