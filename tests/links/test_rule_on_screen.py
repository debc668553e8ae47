"""The rule's own verdicts read on screen in both languages, never as a fallback sentence."""

from __future__ import annotations

import pytest

from crawler.link.rule import EdgeFacts, load_rule
from crawler.review.i18n import use_locale
from crawler.review.seller_links import why_text

CASES = {
    "joined": [EdgeFacts(kind="identifier", value_kind="paypay", link_id=1)],
    "weak_only": [EdgeFacts(kind="text", value_kind="bio", link_id=2)],
    "below_threshold": [EdgeFacts(kind="image", value_kind=None, link_id=3)],
    "no_edges": [],
}


@pytest.mark.parametrize("expected_key", sorted(CASES))
def test_every_verdict_of_the_shipped_rule_is_translated(expected_key: str) -> None:
    explanation = load_rule().judge(CASES[expected_key]).explanation
    assert explanation["why_key"] == expected_key
    with use_locale("en"):
        english, fell_back = why_text(explanation)
    assert not fell_back and english
    with use_locale("ja"):
        japanese, fell_back = why_text(explanation)
    assert not fell_back and japanese != english
    # The numbers the rule computed reach the sentence.
    if expected_key in ("joined", "below_threshold"):
        score = f"{explanation['score']:.2f}".rstrip("0").rstrip(".")
        assert score in english and score in japanese
