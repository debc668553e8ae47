"""Korean names across scripts (korean_names.py) and Japanese names with a kanji swapped for
its reading's initial (initial_kanji.py). Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry
from crawler.detect.korean_names import (
    hangul_name_of_latin,
    hangul_of_romanised,
    katakana,
    korean_spellings,
)

PEOPLE = [
    WatchlistEntry("K01", "한서윤", "", ("SEOYU",), "idol"),  # Hangul only
    WatchlistEntry("K02", "Kim Hayeon", "", (), "actress"),  # romanised only
    WatchlistEntry("K03", "Seo-yul Moon", "", (), "singer"),  # given name first
    WatchlistEntry("J01", "黒澤 七緒", "くろさわ ななお", (), "actress"),
    WatchlistEntry("J02", "宇佐美 玲奈", "うさみ れいな", (), "model"),
    WatchlistEntry("J03", "徳永 真昼", "とくなが まひる", (), "politician"),
    WatchlistEntry("J04", "Pim Saelim", "", ("Pim",), "model"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Han Seoyun AI nude set, $15", "K01"),
        ("Seo-yun Han deepfake pack", "K01"),
        ("han seo yoon fake nudes, dm", "K01"),
        ("ハン・ソユンのAIヌード 3枚千円", "K01"),
        ("ソユンちゃんのコラ作ります", "K01"),
        ("キム・ハヨンの合成エロ画像、リクエスト受付中", "K02"),
        ("김하연 합성 누드 판매", "K02"),
        ("ムン・ソユルのディープフェイク", "K03"),
        ("K沢N緒のエロフェイク、有料化しました", "J01"),
        ("U佐美玲奈 コラ画像セット【R18】", "J02"),
        ("徳〇議員のエロコラ作った。1枚500円", "J03"),  # family, title, one kanji masked
        ("Pim 🔞 edits 100 pesos, GCash", "J04"),  # a declared three-letter name alone
    ],
)
def test_the_person_is_found(detector: Detector, text: str, person: str) -> None:
    assert detector.classify_text(text).people == [person]


@pytest.mark.parametrize(
    "text",
    [
        "K沢のエロフェイク",  # a masked family name alone is too little
        "T森Y月のフェイク",  # another name's initials
        "it is a deepfake nude set",  # no three-letter name across a space
        "pimple cream, nude colour",  # nor inside a word
    ],
)
def test_near_misses_name_no_one(detector: Detector, text: str) -> None:
    assert detector.classify_text(text).people == []


def test_hangul_and_romanisation_read_each_other() -> None:
    assert hangul_of_romanised("seoyun") == "서윤"
    assert hangul_of_romanised("hayeon") == "하연"
    assert hangul_of_romanised("dabin") == "다빈"  # an onset, not a final: da-bin
    assert hangul_of_romanised("tessx") is None
    assert hangul_name_of_latin(["Dabin", "Yoon"]) == ("윤", "다빈")
    assert hangul_name_of_latin(["Tessa", "Lindgard"]) is None  # no Korean family name
    assert katakana("정") == ["チョン", "ジョン"]
    full, given = korean_spellings("문", "채린")
    assert "munchaerin" in full and "moonchaerin" in full and "chaerinmoon" in full
    assert "ムンチェリン" in full and "chaerin" in given and "チェリン" in given


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("1ノ瀬瑠璃 ジュニア時代の脱衣コラ", "N01"),  # 一 written 1
        ("7瀬ここあ 裏垢用画像データ 即送信", "N02"),  # 七 written 7
        ("ここちゃむ様のR18コラ 受付再開", "N02"),  # a nickname ending
    ],
)
def test_digits_for_kanji_numerals_and_nickname_endings(text: str, person: str) -> None:
    detector = Detector(
        [
            WatchlistEntry("N01", "一ノ瀬 瑠璃", "いちのせ るり", (), "idol"),
            WatchlistEntry("N02", "七瀬 ここあ", "ななせ ここあ", (), "idol"),
        ]
    )
    assert detector.classify_text(text).people == [person]
    # A number beside a word is no name: 3枚千円 names nobody.
    assert detector.classify_text("3枚千円 即送信 脱衣コラ").people == []
