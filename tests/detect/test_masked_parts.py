"""A masked name part with a pointer to whose it is (masked_parts.py): "み〇ね(山〇)",
"「こ〇ね」選手". Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry

PEOPLE = [
    WatchlistEntry("P01", "山﨑 澪音", "やまさき みおね", ("みおね",), "actress"),
    WatchlistEntry("P02", "濵田 琴音", "はまだ ことね", ("ことね",), "athlete"),
    WatchlistEntry("P03", "小野寺 ひなの", "おのでら ひなの", (), "singer"),
    WatchlistEntry("P04", "鷺沼 美月", "さぎぬま みづき", (), "model"),
    WatchlistEntry("P05", "星野 美月", "ほしの みづき", (), "model"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("み〇ね(山〇)のコラ依頼受けます。女優さんなら大体いける", "P01"),  # her family name
        ("み○き（鷺○）のAI脱衣、作ったよ。欲しい人はリプで（有料）", "P04"),
        ("次回作は「こ〇ね」選手（バレー）の透け加工です。支援者は先行公開", "P02"),  # a role
        ("ひ◯の ちゃん(歌手)のAIヌード配布中 伏せ字なのは察して", "P03"),
    ],
)
def test_a_masked_part_with_a_pointer_names_the_person(
    detector: Detector, text: str, person: str
) -> None:
    assert detector.classify_text(text).people == [person]


def test_a_masked_part_that_fits_two_people_names_no_one(detector: Detector) -> None:
    # み○き is 鷺沼 美月 and 星野 美月, both models: モデル points at neither one.
    assert detector.classify_text("モデルのみ○きのAI脱衣、1枚500円").people == []


def test_a_masked_part_without_a_pointer_names_no_one(detector: Detector) -> None:
    assert detector.classify_text("こ〇ねのAI脱衣、1枚500円で売ります").people == []
