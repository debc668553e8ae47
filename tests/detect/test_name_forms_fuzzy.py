"""Western names in katakana spelt by ear, matched within an edit or two
(crawler/detect/katakana_fuzzy.py). Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry


def people(detector: Detector, text: str) -> list[str]:
    return detector.classify_text(text).people


FUZZY = [
    WatchlistEntry("F01", "Valeria Castellanos", "", (), "singer"),
    WatchlistEntry("F02", "Ingrid Solberg", "", (), "streamer"),
    WatchlistEntry("F03", "Lena Delacroix-Moreau", "", (), "actress"),
    WatchlistEntry("F04", "Zofia Nováková", "", (), "model"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(FUZZY)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("ヴァレリア・カステジャノスのAIヌード", "F01"),  # ll read ジャ, not ラ
        ("イングリッド・ソールベルグ AI脱衣", "F02"),  # Solberg by ear
        ("ｲﾝｸﾞﾘｯﾄﾞ･ｿｰﾙﾍﾞﾙｸﾞの画像", "F02"),  # half-width
        ("レナ・ドラクロワ＝モロー 限定プラン", "F03"),  # one half of a double family name
        ("ゾフィア・ノヴァーコヴァ 新作", "F04"),  # a name with a diacritic in the watchlist
    ],
)
def test_katakana_names_within_an_edit_or_two(detector: Detector, text: str, person: str) -> None:
    assert people(detector, text) == [person]


@pytest.mark.parametrize(
    "text",
    [
        "ショート・ムービー公開",
        "プレミアム・プランのご案内",
        "イングリッド・バーグマンの映画",  # the given name alone fits; the family name does not
        "ソールベルグ",  # one word: no pair
        "ヴァレリアカステジャノス",  # no separator: one kana off at most, this is two
    ],
)
def test_katakana_guesses_need_two_parts_of_one_person(detector: Detector, text: str) -> None:
    assert people(detector, text) == []
