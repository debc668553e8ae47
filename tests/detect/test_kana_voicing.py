"""A kana of a Japanese full name written without its voicing mark or in the old kana
(kanji_fuzzy.py): 早乙女ゆす for 早乙女ゆず, 早乙女しをり for 早乙女 詩織 (しおり). Another kana
is another name. Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry

PEOPLE = [
    WatchlistEntry("V01", "早乙女ゆず", "さおとめ ゆず", (), "streamer"),
    WatchlistEntry("V02", "早乙女 詩織", "さおとめ しおり", (), "idol"),
    WatchlistEntry("V03", "花宮 ひなの", "はなみや ひなの", ("花宮ひなの",), "idol"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("早乙女ゆす(わざと誤字)のエロ加工、前に頼んだ加工師さんまたやって。1枚500円", "V01"),
        ("早乙女しをり のAIヌード作ります、有償", "V02"),
    ],
)
def test_a_kana_without_its_voicing_mark_is_the_same_name(
    detector: Detector, text: str, person: str
) -> None:
    assert detector.classify_text(text).people == [person]


def test_another_kana_is_another_name(detector: Detector) -> None:
    assert detector.classify_text("花宮ひなこ のAIヌード作ります、有償").people == []
