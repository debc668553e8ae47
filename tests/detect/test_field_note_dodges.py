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
        "公式ファンクラブ会員限定の写真集、予約受付中",
    ],
)
def test_look_alike_innocent_offers_are_not_flagged(detector, text):
    assert not detector.classify_text(text).flagged, text
