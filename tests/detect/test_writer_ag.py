"""What writer AG's lines taught (crawler/detect/data/WRITER_train26.md): who is targeted,
said the way sellers and buyers write it. Fictional people only."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.detect import Detector, WatchlistEntry
from crawler.detect.families import SHIPPED_SIGNALS_DIR, SignalConfigError, load_signal_families

PEOPLE = [
    WatchlistEntry(id="P1", name="瀬川すず", kana="セガワ スズ"),
    WatchlistEntry(id="P2", name="Lê Thu Hằng", kana=""),
    WatchlistEntry(id="P3", name="汐原ねね", kana="シオハラ ネネ"),
    WatchlistEntry(id="P4", name="宇野れいな", kana="ウノ レイナ"),
    WatchlistEntry(id="P5", name="Marisol Quintero Vidal", aliases=("Marisol Quintero",)),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    "text",
    [
        "Segawa Suzu (16) の🔞フェイク、売ってる人いたら教えて",
        "瀬川すず（15歳）のAIヌード、DMで",
        "Suzu Segawa (16) nude fakes, DM for price",
    ],
)
def test_an_age_in_brackets_after_a_name_is_a_minor(detector: Detector, text: str) -> None:
    result = detector.classify_text(text)
    assert result.flagged and result.minor_risk and result.people == ["P1"], text
    assert any(r.term == "age in brackets after a name" for r in result.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "瀬川すず（16）の偽画像を販売した疑いで男を逮捕",  # news: the floor gives way
        "瀬川すず（16）の新曲よかった",  # no offer at all
    ],
)
def test_an_age_after_a_name_in_news_or_fan_talk_does_not_flag(
    detector: Detector, text: str
) -> None:
    assert not detector.classify_text(text).flagged, text


def test_a_bracketed_number_is_an_age_only_after_a_name(detector: Detector) -> None:
    assert not detector.classify_text("Segawa Suzu (22) の🔞フェイク あります").minor_risk
    assert not detector.classify_text("新作(16) 🔞フェイク あります").minor_risk


def test_a_buyer_asking_who_sells_is_not_a_warning(detector: Detector) -> None:
    asking = detector.classify_text("瀬川すずの🔞フェイク、売ってる人いたら教えて")
    assert asking.flagged
    assert "buyer_ask" in {r.family for r in asking.reasons}
    reporting = detector.classify_text("瀬川すずの偽画像を売ってる人がいる、見つけたら通報して")
    assert not reporting.flagged


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Le Thu Hang deepfake nude set for sale", "P2"),  # Vietnamese without its marks
        ("LE THU HANG ảnh AI nude, inbox", "P2"),
        ("ねねちのエロコラ、DMで1枚500円", "P3"),  # one-kana nickname endings
        ("れいなぴの合成🔞フォルダ売ります", "P4"),
        ("Marisol Quinteró nude fakes, paypal", "P5"),
        ("Marisol Qintero nude fakes, paypal", "P5"),  # a letter off the first family name
        ("Quintero Marisl deepfake set", "P5"),
    ],
)
def test_name_forms_from_this_writer_are_matched(
    detector: Detector, text: str, person: str
) -> None:
    result = detector.classify_text(text)
    assert result.flagged and person in result.people, text


def test_a_signal_family_may_cancel_only_negative_families(tmp_path: Path) -> None:
    for path in SHIPPED_SIGNALS_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "zz_bad.yaml").write_text(
        "family: commerce\nkind: signal\ncancels: [sexual]\nterms:\n  - 売ります\n",
        encoding="utf-8",
    )
    with pytest.raises(SignalConfigError, match="cancels must list negative families"):
        load_signal_families(tmp_path)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("マリソルキンテーロのAIヌード、DMで", "P5"),  # a katakana name run together
        ("キンテーロマリソル 脱衣AI 依頼受付", "P5"),
    ],
)
def test_a_katakana_name_run_together_is_matched(
    detector: Detector, text: str, person: str
) -> None:
    assert person in detector.classify_text(text).people, text


@pytest.mark.parametrize(
    "text", ["インフルエンサーのAIヌード", "プロフィールのリンクから購入", "ショートムービー配信中"]
)
def test_long_katakana_words_name_nobody(detector: Detector, text: str) -> None:
    assert detector.classify_text(text).people == []
