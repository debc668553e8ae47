"""A free plan is not an offer: "0円/月", "¥0", "$0", "free" give no commerce price reason,
while every written price above zero still does."""

from __future__ import annotations

import pytest

FREE = [
    "フリープラン 0円/月",
    "無料会員 ¥0",
    "Free plan $0 / month",
    "フォロワー限定 ０円",
    "0 yen",
]
PAID = ["ライト ¥500/月", "月額1,000円", "$12 per set", "会員 10,000円", "１０００円", "$0.99"]


def _price_reasons(detector, text: str) -> list[str]:
    result = detector.classify_text(text)
    return [r.matched for r in result.reasons if r.family == "commerce" and r.term == "price"]


@pytest.mark.parametrize("text", FREE)
def test_a_free_plan_gives_no_price_reason(detector, text):
    assert _price_reasons(detector, text) == []


@pytest.mark.parametrize("text", PAID)
def test_a_price_above_zero_still_does(detector, text):
    assert _price_reasons(detector, text) != []


def test_a_free_plan_adds_no_commerce_reason_to_an_account(detector):
    account = detector.classify_account(
        display_name="ファンクラブ", bio="日々の写真を載せています", plans=["フォロー 0円/月"]
    )
    assert not [r for r in account.reasons if r.family == "commerce"]
    paid = detector.classify_account(
        display_name="ファンクラブ", bio="日々の写真を載せています", plans=["フォロー 500円/月"]
    )
    assert [r.matched for r in paid.reasons if r.term == "price"] == ["500円"]
