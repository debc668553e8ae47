"""Latin names in katakana written by ear: a doubled consonant (ッ) heard where the usual
reading has none, and Italian gi before a vowel (katakana_fuzzy.py, katakana_names.py).
Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry
from crawler.detect.katakana_names import latin_name_readings

PEOPLE = [
    WatchlistEntry("K01", "Daisy Whitcombe", "", ("daisyw",), "streamer"),
    WatchlistEntry("K02", "Giulia Benedetti", "", (), "actress"),
    WatchlistEntry("K03", "Chloe Whitaker", "", (), "streamer"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("デイジー・ウィットコムのAIヌード画像セット（配信者）50枚 即DL", "K01"),
        ("ジュリア・ベネデッティのディープフェイク、20枚あります。DMで", "K02"),
        ("クローイ・ウィッテイカーのディープフェイク、海外配信者シリーズ入荷。DMで", "K03"),
    ],
)
def test_a_name_written_by_ear_in_katakana_names_the_person(
    detector: Detector, text: str, person: str
) -> None:
    assert detector.classify_text(text).people == [person]


def test_italian_gi_before_a_vowel_is_read_as_one_sound() -> None:
    assert "じゅりあ" in latin_name_readings("Giulia")
    assert "じょるじゃ" in latin_name_readings("Giorgia")


@pytest.mark.parametrize(
    "text",
    ["デイジー・ウィットニーのAIヌード画像セット 50枚", "ショート・ムービーのAIヌード 作ります"],
)
def test_other_katakana_words_name_no_one(detector: Detector, text: str) -> None:
    assert detector.classify_text(text).people == []


OWN_KANA = [WatchlistEntry("K04", "Séverine Vautrelle", "セヴリーヌ・ヴォートレル", (), "model")]


@pytest.mark.parametrize(
    "text",
    [
        "セブリーヌボートレルのフェイクヌード動画、1本1500円",  # run together, ヴ as ブ
        "ボートレルセヴリーヌのフェイクヌード動画、1本1500円",  # family name first
        "セヴリーヌ・ヴォートレール のAIヌード 1枚500円",  # a kana off the watchlist's own
    ],
)
def test_the_watchlists_own_katakana_is_a_reading_too(text: str) -> None:
    assert "K04" in Detector(OWN_KANA).classify_text(text).people


def test_the_own_katakana_run_together_needs_both_parts() -> None:
    verdict = Detector(OWN_KANA).classify_text("ボートレルのフェイクヌード動画、1本1500円")
    assert "K04" not in verdict.people
