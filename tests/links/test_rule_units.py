"""The linking rule as data: weights, caps, threshold, weak edges never joining alone, and
the explanation a screen shows."""

from __future__ import annotations

import hashlib

import pytest

from crawler.link.rule import RULE_FILE, EdgeFacts, Rule, load_rule, shipped_rule


def test_rule_version_is_the_files_sha256() -> None:
    assert shipped_rule().version == hashlib.sha256(RULE_FILE.read_bytes()).hexdigest()


def test_one_shared_payment_id_joins_and_says_why() -> None:
    verdict = shipped_rule().judge([EdgeFacts("identifier", "paypay", link_id=7)])
    assert verdict.joined and verdict.score == 1.0
    explained = verdict.explanation
    assert explained["why_key"] == "joined"
    assert "shared id (paypay)" in explained["why"]
    assert explained["why_params"]["strong_kinds"] == ["identifier:paypay"]
    assert explained["edges"] == [
        {
            "kind": "identifier",
            "value_kind": "paypay",
            "weight": 1.0,
            "count": 1,
            "counted": 1,
            "points": 1.0,
            "strong": True,
            "link_ids": [7],
        }
    ]


def test_weak_edges_alone_never_join_whatever_their_weight() -> None:
    rule = Rule.from_text(
        "threshold: 1.0\nkinds:\n  text: {weight: 5.0, max_count: 9}\n  handle: {weight: 5.0}\n"
    )
    verdict = rule.judge([EdgeFacts("text", "bio"), EdgeFacts("handle", "handle")] * 3)
    assert verdict.score >= 10 and not verdict.joined
    assert verdict.explanation["why_key"] == "weak_only"
    assert "never" in verdict.explanation["why"]


def test_one_image_needs_company_two_images_join() -> None:
    rule = shipped_rule()
    one = rule.judge([EdgeFacts("image", None, 1)])
    assert not one.joined and one.explanation["why_key"] == "below_threshold"
    assert rule.judge([EdgeFacts("image", None, 1), EdgeFacts("image", None, 2)]).joined
    with_words = rule.judge(
        [EdgeFacts("image", None, 1), EdgeFacts("text", "bio", 2), EdgeFacts("handle", "handle", 3)]
    )
    assert with_words.joined, "a strong edge with weak ones beside it may join"


def test_a_one_way_link_needs_company() -> None:
    rule = shipped_rule()
    one_way = rule.judge([EdgeFacts("declared", "profile_url", 1)])
    assert not one_way.joined and one_way.explanation["why_key"] == "below_threshold"
    linked_back = [EdgeFacts("declared", "profile_url", 1), EdgeFacts("declared", "profile_url", 2)]
    assert rule.judge(linked_back).joined
    assert rule.judge([EdgeFacts("declared", "profile_url", 1), EdgeFacts("image", None, 2)]).joined
    assert rule.judge([EdgeFacts("declared", "link_in_bio", 1)]).joined, "its own hub page"


def test_caps_count_repeats_of_one_kind_once() -> None:
    rule = Rule.from_text("threshold: 1.0\nkinds:\n  identifier: {weight: 0.4, max_count: 2}\n")
    verdict = rule.judge([EdgeFacts("identifier", "discord")] * 5)
    assert verdict.score == pytest.approx(0.8) and not verdict.joined
    assert verdict.explanation["edges"][0]["count"] == 5
    assert verdict.explanation["edges"][0]["counted"] == 2
    assert not shipped_rule().judge([EdgeFacts("text", "price_list")] * 50).joined


def test_strong_needed_and_unknown_kinds() -> None:
    rule = Rule.from_text("threshold: 0.5\nstrong_needed: 2\nkinds:\n  identifier: {weight: 1}\n")
    verdict = rule.judge([EdgeFacts("identifier", "email")])
    assert not verdict.joined and verdict.explanation["why_key"] == "too_few_strong"
    assert rule.judge([]).explanation["why_key"] == "no_edges"
    with pytest.raises(ValueError, match="unknown edge kind"):
        Rule.from_text("threshold: 1\nkinds:\n  rumour: {weight: 1}\n")


def test_a_changed_file_is_a_new_version(tmp_path) -> None:
    changed = tmp_path / "rule.yaml"
    changed.write_text(
        RULE_FILE.read_text(encoding="utf-8").replace("threshold: 1.0", "threshold: 2.0")
    )
    rule = load_rule(changed)
    assert rule.version != shipped_rule().version and rule.threshold == 2.0
    assert not rule.judge([EdgeFacts("identifier", "paypay")]).joined
