"""A name with two characters masked (masked_names.py): 高〇ひ〇の, 渡〇侑〇アナ. Fictional
people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry

PEOPLE = [
    WatchlistEntry("M01", "髙槻 ひなの", "たかつき ひなの", ("高槻ひなの",), "idol"),
    WatchlistEntry("M02", "渡邊 侑里", "わたなべ ゆうり", ("渡辺侑里",), "announcer"),
    WatchlistEntry("M03", "眞鍋 詩織", "まなべ しおり", ("真鍋詩織",), "idol"),
    WatchlistEntry("M04", "瀬名 澪", "せな みお", ("せなみお",), "actress"),
    WatchlistEntry("M05", "瀬尾 美緒", "せお みお", (), "actress"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("高〇ひ〇のの脱衣コラ作れる人いる？お礼は出す", "M01"),
        ("渡〇侑〇アナの例の加工（ﾇｰﾄﾞ）、プロフから、1枚500円", "M02"),
        ("ま〇べし〇り のNSFW加工まとめ上げてる。依頼はDMへ、1枚300円", "M03"),
    ],
)
def test_a_name_with_two_masks_names_the_person(detector: Detector, text: str, person: str) -> None:
    assert detector.classify_text(text).people == [person]


def test_two_masks_in_four_kana_name_no_one(detector: Detector) -> None:
    # せ○み○ keeps two kana in the clear: せなみお and せおみお both fit, and so would
    # any four-kana word; it names no one.
    assert detector.classify_text("せ◯み◯ 脱衣AI 新作 1枚500円").people == []
