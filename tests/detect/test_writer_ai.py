"""What writer AI's lines taught (crawler/detect/data/WRITER_train27.md): minors said in
Thai, Vietnamese and Taiwanese wordings, birth years written "2010-born", and a Chinese notice
to parents that is no advert. Fictional people only."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.detect import Detector, WatchlistEntry
from crawler.detect.families import load_signal_families

PEOPLE = [
    WatchlistEntry("Q1", "ปภาดา ศรีทอง", "", ("ปิ่นปิ่น",), "actress"),
    WatchlistEntry("Q2", "簡宜芯", "ジエン・イーシン", (), "model"),
    WatchlistEntry("Q3", "Đoàn Mỹ Lan", "", (), "influencer"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    "text",
    [
        "รับทำภาพเปลือย AI ปิ่นปิ่น ตอนอายุ 15",  # Thai: at age 15
        "ภาพ AI โป๊ ช่วงเป็นนักแสดงเด็ก ขายเป็นเซ็ต",  # Thai: child actor
        "簡宜芯 國中畢業照 合成裸照 接單",  # Taiwanese junior-high graduation
        "國小時期的照片 AI脫衣 私訊",  # Taiwanese primary school
        "Ảnh nude AI của Mỹ Lan hồi học lớp 9, bán theo bộ",  # Vietnamese school year
        "ảnh khỏa thân AI trường cấp 2, inbox",
        "pre-debut pics turned into fakes, 2012-born, paid pack",
    ],
)
def test_minor_wordings_in_more_languages(detector: Detector, text: str) -> None:
    result = detector.classify_text(text)
    assert result.flagged and result.minor_risk, text


@pytest.mark.parametrize(
    "text",
    [
        "国中で話題のAIヌード販売",  # 国中: "the whole country" in Japanese, no pupil
        "家長須知：請勿將學生制服照上傳社群，以防遭AI變造",  # a notice to parents
    ],
)
def test_look_alike_words_are_no_minor_advert(detector: Detector, text: str) -> None:
    result = detector.classify_text(text)
    assert not result.minor_risk or not result.flagged, text


def test_signal_patterns_are_folded_like_the_text(tmp_path: Path) -> None:
    """A pattern written with Vietnamese or accented letters matches the text's key, which
    has those letters without their marks (normalize.fold_latin_letter)."""
    (tmp_path / "minor.yaml").write_text(
        "family: minor\nkind: signal\npatterns:\n"
        "  - {regex: 'lớp(1[0-2]|[1-9])', label: school year}\n"
        "  - {regex: 'cuando tenía 1[0-7] años', label: age}\n",
        encoding="utf-8",
    )
    (tmp_path / "sexual.yaml").write_text(
        "family: sexual\nkind: signal\nterms: [nude]\n", encoding="utf-8"
    )
    families = load_signal_families(tmp_path)
    sources = [p.pattern for p, _ in families["minor"].patterns]
    assert sources[0].startswith("lop") and "tenia" in sources[1] and "anos" in sources[1]
    detector = Detector([], signals_dir=tmp_path, model=None)
    assert detector.classify_text("nude lớp 9").minor_risk
    assert detector.classify_text("nude, cuando tenía 15 años").minor_risk
