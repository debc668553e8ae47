"""What writer AJ's lines taught (crawler/detect/data/WRITER_train28.md): statements,
impostor warnings, moderators' notes and stories that use every word of an advert, and
minors said in Portuguese, Indonesian and English junior eras. Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry

PEOPLE = [
    WatchlistEntry("J1", "朝比奈 紗季", "あさひな さき", (), "actress"),
    WatchlistEntry("J2", "Vy Tran", "", (), "model"),
    WatchlistEntry("J3", "白石 凛音", "しらいし りんね", (), "athlete"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    "text",
    [
        "朝比奈紗季の写真の無断使用、ならびにAIによる性的な改変画像の頒布を固く禁じます",
        "白石凛音選手の画像を用いた性的な合成画像の流布について、チームとして厳正に対処いたします",
        "Agency notice regarding Vy Tran: face-swapped content advertised with 'DM for price' is fraudulent.",
        "Mod note: posts requesting edits of real people (nudes, face swaps) will be removed.",
        "If you got a DM offering 'celeb nudes, gift cards accepted', it's a deepfake shop. Block and report.",
        "Teen boys at a private school suspended over AI-generated images of female classmates",
        "บริการลบภาพดีปเฟคและภาพตัดต่อ ราคาเริ่มต้น 500 บาทต่อลิงก์",
        "Nur eigene Figuren, keine echten Personen: NSFW-KI-Kunst im Abo.",
    ],
)
def test_statements_warnings_and_stories_are_no_adverts(detector: Detector, text: str) -> None:
    result = detector.classify_text(text)
    assert not result.flagged and not result.minor_risk, text


@pytest.mark.parametrize(
    "text",
    [
        "Rinne Shiraishi junior-era pics turned into fakes, requests open",
        "Faço nude com IA de foto de aluna do colégio, chama no privado",
        "Bisa edit foto seragam SMA jadi telanjang, DM",
    ],
)
def test_minors_in_more_wordings(detector: Detector, text: str) -> None:
    result = detector.classify_text(text)
    assert result.flagged and result.minor_risk, text


def test_a_university_classmate_is_no_pupil_and_not_her_is_still_a_lookalike(
    detector: Detector,
) -> None:
    adult = detector.classify_text("大学の同級生の写真でエロコラ作ってくれる人いませんか。謝礼あり")
    assert adult.flagged and not adult.minor_risk
    dodge = detector.classify_text("朝比奈紗季 激似 AIヌード 本人じゃないので安心 1枚600円")
    assert dodge.flagged and dodge.people == ["J1"]
