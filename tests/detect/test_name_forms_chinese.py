"""Chinese names in pinyin and katakana (chinese_names.py). Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry
from crawler.detect.chinese_names import chinese_name, chinese_name_of, chinese_spellings

PEOPLE = [
    WatchlistEntry("C01", "苏婉晴", "", (), "actress"),
    WatchlistEntry("C02", "郑思蕾", "チェン・スーレイ", (), "streamer"),
    WatchlistEntry("C03", "Yufei Qiao", "", ("喬雨霏",), "singer"),  # romanised, hanzi alias
    WatchlistEntry("C04", "林 若菜", "はやし わかな", (), "idol"),  # Japanese: no pinyin
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Su Wanqing AI nude set (30 images), instant download", "C01"),
        ("Wǎnqíng Sū AI nudes, paid set", "C01"),
        ("スー・ワンチンのAI裸コラ、DMで購入", "C01"),
        ("Wanqing x-rated gens, 2 slots left this week", "C01"),
        ("New tier: weekly deepfake clips of Zheng Silei", "C02"),
        ("ジェン・スーレイのフェイクヌード", "C02"),  # the other voicing
        ("チャオ・ユーフェイのエロコラ 受付してます", "C03"),
    ],
)
def test_the_person_is_found(detector: Detector, text: str, person: str) -> None:
    assert detector.classify_text(text).people == [person]


def test_only_names_that_look_chinese_are_spelled_in_pinyin() -> None:
    assert chinese_name("苏婉晴", "") == ("苏", "婉晴")
    assert chinese_name("欧阳娜娜", "") == ("欧阳", "娜娜")
    assert chinese_name("林若菜", "はやし わかな") is None  # a Japanese reading
    assert chinese_name("宇佐美玲奈", "ウサミ レイナ") is None  # katakana without ・: Japanese
    assert chinese_name_of("Yufei Qiao", "", ("喬雨霏",)) == ("喬", "雨霏")
    full, given = chinese_spellings("苏", "婉晴")
    assert "suwanqing" in full and "wanqingsu" in full and "スワンチン" in full
    assert given[0] == "wanqing"
    # 林若菜 read in pinyin is nobody's name: she is Japanese.
    assert Detector(PEOPLE).classify_text("Lin Ruocai AI nude").people == []


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("郭语彤（台湾女演员）AI脱衣图定制", "T1"),  # simplified for a traditional watchlist name
        ("彤彤的假圖又出現了 AI脫衣 私訊", "T1"),  # doubled character, inside a sentence
        ("蔓姐AI裸图，有需要的私", "T2"),
        ("阿蔓 换脸 成人版 定制", "T2"),
        ("Thùy Miên set 18+ 150k, ib", "V1"),  # Vietnamese: family name first
    ],
)
def test_chinese_nicknames_scripts_and_vietnamese_order(text: str, person: str) -> None:
    detector = Detector(
        [
            WatchlistEntry("T1", "郭語彤", "クオ・ユートン", (), "actress"),
            WatchlistEntry("T2", "林晓蔓", "リン・シャオマン", (), "singer"),
            WatchlistEntry("V1", "Đặng Thùy Miên", "", (), "influencer"),
        ]
    )
    assert detector.classify_text(text).people == [person]
    assert detector.classify_text("小苏打和小蔓的新歌").people == []  # no signal word
