"""Fans cut a long family name to its last kanji's sound, voiced as in the compound
(やまさき -> ザキ, わたなべ -> ナベ), and call an announcer by it with アナ
(fan_nicknames.py, spellings.py). Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry
from crawler.detect.fan_nicknames import family_tails

PEOPLE = [
    WatchlistEntry("T01", "山﨑 莉子", "やまさき りこ", ("山崎莉子",), "actress"),
    WatchlistEntry("T02", "渡邊 千夏", "わたなべ ちなつ", ("ちなアナ",), "announcer"),
    WatchlistEntry("T03", "山﨑 透子", "やまさき とうこ", ("とうこアナ",), "announcer"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


def test_a_family_names_tail_is_also_voiced() -> None:
    assert family_tails("やまさき") == ["さき", "ざき"]
    assert family_tails("わたなべ") == ["なべ"]


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("ザキりこのフェイク作った、ほしい人いる？ 有料だよ", "T01"),
        ("ザキアナの裸コラ作った、1枚500で売る", "T03"),
        ("ナベアナのディープフェイク、ニュースの衣装のまま脱がせたやつ売ります", "T02"),
        ("なべちゃんアナのAI合成、3枚1000円で売ります", "T02"),
    ],
)
def test_a_family_names_tail_with_a_title_names_the_person(
    detector: Detector, text: str, person: str
) -> None:
    assert detector.classify_text(text).people == [person]


def test_the_tail_names_no_actress_with_a_title_she_does_not_have(detector: Detector) -> None:
    # 山﨑 莉子 is an actress: ザキアナ is the announcer 山﨑 透子, not her.
    assert detector.classify_text("ザキアナの裸コラ作った").people == ["T03"]
    assert detector.classify_text("鍋と穴子の写真、3枚1000円で売ります").people == []
