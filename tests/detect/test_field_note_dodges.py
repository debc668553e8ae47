"""Dodges from the field notes that the demo world's storefronts use (fictional people)."""

from __future__ import annotations

import pytest

from crawler.detect import Detector


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector([])


@pytest.mark.parametrize(
    "text",
    [
        "AI術師。Discordのリクエスト鯖で有料依頼を受付中。芸能人・一般人OK。",
        "Adult lookalike AI images of the actress you name — not the real person. $20 per set, DM to order",
        "卒アル・学校行事の写真からAIで“制服JK”画像を作ります。クラスメイトの写真でもOK。依頼は月額プランから。",
    ],
)
def test_storefront_dodges_are_flagged(detector, text):
    assert detector.classify_text(text).flagged, text


def test_school_photo_edits_of_classmates_imply_minors(detector):
    result = detector.classify_text(
        "卒アルの写真からAIで制服JK画像を作ります。クラスメイトの写真でもOK。1枚500円"
    )
    assert result.flagged and result.minor_risk
    assert {r.family for r in result.reasons} >= {"minor", "synthetic", "commerce"}


@pytest.mark.parametrize(
    "text",
    [
        "魔術師のイラスト描きます。1枚500円、オリジナルキャラのみ",
        "錬金術師のコスプレ写真集、通販中",
        "卒アルの写真をAIで高画質に復元します。1枚500円",
        "制服のクリーニング承ります。1着1500円",
        "制服のお直し・裾上げ承ります。1着2000円から",
        "公式ファンクラブ会員限定の写真集、予約受付中",
    ],
)
def test_look_alike_innocent_offers_are_not_flagged(detector, text):
    assert not detector.classify_text(text).flagged, text


@pytest.mark.parametrize(
    "text",
    [
        # Wordings of minors unseen writers used that no minor word covered (each failed before).
        "not 18 yet but she posts a lot, anyone doing undress edits? dm",
        "sixth form girl pics → nude AI, fast delivery",
        "まだ17のあの子、脱がせ加工できる人いる？",
        "水泳部の子たちの練習写真、水着消せる人いませんか",
        "trainee-era clips (she was 15) made into AI nudes, patrons only",
        "fakes from her streams when she was sixteen, taking requests",
        "got pics of a girl from my class (we're both 16), who can do an undress edit",
        "学園祭で撮った写真を送ってくれればセクシーに加工します",
    ],
)
def test_new_minor_wordings_mark_minor_risk(detector, text):
    result = detector.classify_text(text)
    assert result.flagged and result.minor_risk, text


@pytest.mark.parametrize(
    "text",
    ["meet me at 16:00 for the nude edit, $15", "she was 25 then: deepfake nude set for sale"],
)
def test_times_and_adult_ages_are_no_minor_word(text):
    # The word rules alone: the learned minor check may still send such a text to analysts.
    result = Detector([], model=None).classify_text(text)
    assert "minor" not in {r.family for r in result.reasons}, text
