"""Japanese full names with one kanji swapped for a homophone or a look-alike
(crawler/detect/kanji_fuzzy.py), and the near-misses that must name no one. Fictional
people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry
from crawler.detect.kanji_fuzzy import KanjiFuzzy

PEOPLE = [
    WatchlistEntry("T01", "柚木 沙耶", "ゆずき さや", (), "model"),
    WatchlistEntry("T02", "桐生 あかり", "きりゅう あかり", (), "singer"),
    WatchlistEntry("T03", "早乙女 澪", "さおとめ みお", (), "athlete"),
    WatchlistEntry("T04", "渡邊 美月", "わたなべ みづき", ("渡辺美月",), "announcer"),
    WatchlistEntry("T05", "森 ひなの", "もり ひなの", (), "idol"),
    WatchlistEntry("T06", "林 優", "はやし ゆう", (), "actress"),
    # Two people one kanji apart: a third spelling between them names neither.
    WatchlistEntry("T07", "佐原 美咲", "さはら みさき", (), "idol"),
    WatchlistEntry("T08", "佐原 美紀", "さはら みき", (), "idol"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("柚希沙耶 AIヌード 高解像度 50枚", "T01"),  # 木 -> 希, a homophone
        ("桐牛あかりのライブ写真を透け加工したやつ売ってます", "T02"),  # 生 -> 牛, a look-alike
        ("早乙女零選手 AIヌード 試合写真ベース 5枚", "T03"),  # followed by a title
        ("渡部美月アナのディープフェイク売ってる人いたら教えて", "T04"),  # one swap from the alias
        ("新作は柚木沙彩のコラです", "T01"),  # the last kanji
    ],
)
def test_one_kanji_swapped_still_names_the_person(
    detector: Detector, text: str, person: str
) -> None:
    assert detector.classify_text(text).people == [person]


@pytest.mark.parametrize(
    "text",
    [
        "桐生あかね のライブ",  # a kana changed: another given name
        "林優子 AIヌード",  # 林優 itself is short; 林優子 is someone else's name
        "杉ひなの のコラ",  # the one kanji of 森ひなの swapped: too little is left
        "佐原美香のコラ売ります",  # one kanji from two watched people: names neither
        "柚希紗耶 AIヌード",  # two kanji swapped
        "早乙女ゆいのコラ",  # another given name in kana
        "楠木沙耶のコラ",  # another first kanji: another family
    ],
)
def test_near_misses_name_no_one(detector: Detector, text: str) -> None:
    assert detector.classify_text(text).people == []


def test_an_exact_spelling_wins_over_a_swap(detector: Detector) -> None:
    # 佐原美紀 is one kanji from 佐原美咲, but it is T08's own name.
    assert detector.classify_text("佐原美紀のAIヌード").people == ["T08"]


def test_the_hit_covers_the_disguised_name() -> None:
    finder = KanjiFuzzy(PEOPLE)
    text = "新作：藤木の前に柚希沙耶のコラ"
    [hit] = finder.find(text)
    assert (hit.person_id, text[hit.start : hit.end]) == ("T01", "柚希沙耶")


def test_a_watchlist_without_japanese_full_names_builds_an_empty_finder() -> None:
    finder = KanjiFuzzy([WatchlistEntry("W01", "Emma Hartwell", "", (), "actress")])
    assert finder.empty
    assert finder.find("柚希沙耶") == []
