"""The detection contract (storage/findings): typed reasons and parts that read and write the
stored JSON unchanged, one account-text builder, one span finder and overlap policy, and the
family registry declared in the signal YAML. In-process and fast."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from markupsafe import Markup

from crawler.detect import Detector, TextDetector, WatchlistEntry
from crawler.detect.families import (
    SHIPPED_SIGNALS_DIR,
    SignalConfigError,
    display_table,
    load_signal_families,
    shipped_display_table,
)
from crawler.items import AccountItem, PlanData, PostItem
from storage.export.highlight import highlight as export_highlight
from storage.findings import (
    AccountText,
    FamilyDisplay,
    PartRef,
    Reason,
    family_label,
    highlight,
    merged_spans,
    plan_text,
    post_text,
    reason_spans,
    reasons_from_stored,
    shown_first,
)

STORED = {
    "family": "person",
    "term": "水瀬ひより",
    "matched": "水瀬ひより",
    "start": 3,
    "end": 8,
    "person_id": "F001",
    "part": "post[2]",
}


def test_a_stored_reason_round_trips_unchanged() -> None:
    reason = Reason.from_stored(STORED)
    assert reason is not None and reason.part == PartRef.post(2)
    assert reason.to_stored() == STORED
    assert list(reason.to_stored()) == list(STORED)  # key order too: bundles are hashed
    without_part = {k: v for k, v in STORED.items() if k != "part"}
    assert Reason.from_stored(without_part).to_stored() == without_part  # type: ignore[union-attr]


def test_partial_and_hostile_stored_reasons_read_safely() -> None:
    read = reasons_from_stored([{"matched": "AI"}, "junk", None, {"family": "x", "start": "1"}])
    assert [(r.family, r.matched, r.start) for r in read] == [
        ("other", "AI", None),
        ("x", "", None),
    ]
    assert reasons_from_stored(None) == []


@pytest.mark.parametrize("stored", ["bio", "display_name", "plan[0]", "post[12]", "text"])
def test_part_refs_keep_their_stored_form(stored: str) -> None:
    assert str(PartRef.parse(stored)) == stored


def test_part_place_is_what_a_reviewer_reads() -> None:
    assert PartRef.post(3).place == "post" and PartRef("display_name").place == "display name"


def test_account_text_is_built_one_way() -> None:
    assert plan_text("Gold", "¥3,000", None) == "Gold ¥3,000"
    assert post_text("新作", None, "¥500") == "新作\n¥500"
    account = AccountText("AI工房", "bio", ("Gold ¥3,000",), ("post one", "  "))
    assert [str(ref) for ref, _ in account.parts()] == [
        "display_name", "bio", "plan[0]", "post[0]", "post[1]",
    ]  # fmt: skip
    assert account.profile_text() == "AI工房\nbio\nGold ¥3,000"
    assert account.combined() == "AI工房\nbio\nGold ¥3,000\npost one"
    assert account.to_stored() == {
        "display_name": "AI工房", "bio": "bio", "plans": ["Gold ¥3,000"], "posts": ["post one", "  "],
    }  # fmt: skip


def test_the_spider_builds_the_same_texts(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    item = AccountItem("p", "k", "u", now, handle="seller", bio="依頼OK")
    item.plans = [PlanData("Gold", price_text="¥3,000", description="requests")]
    assert item.detection_text() == "seller\n依頼OK\nGold ¥3,000 requests"
    post = PostItem("p", "k", "1", now, title="t", text="x", price_text="¥500")
    assert post.detection_text() == post_text("t", "x", "¥500")


def test_offsets_are_used_only_where_they_still_fit() -> None:
    text = "xx 水瀬ひより AI"
    fits = {"family": "person", "matched": "水瀬ひより", "start": 3, "end": 8}
    moved = {"family": "synthetic", "matched": "AI", "start": 40, "end": 42}
    assert reason_spans(text, [fits, moved]) == [(3, 8, "person"), (9, 11, "synthetic")]
    elsewhere = {**fits, "part": "bio"}
    assert reason_spans(text, [elsewhere], "post[0]") == [(3, 8, "person")]  # found by search


def test_overlapping_and_touching_matches_become_one_mark() -> None:
    text = "星野みらいAI生成"
    reasons = [
        Reason("person", "星野みらい", "星野みらい", 0, 5),
        Reason("person", "みらい", "みらい", 2, 5),
        Reason("synthetic", "AI生成", "AI生成", 5, 9),
    ]
    [span] = merged_spans(text, reasons)
    assert (span.start, span.end, span.families) == (0, 9, ("person", "synthetic"))


def test_highlight_escapes_everything_but_the_marks() -> None:
    text = "<b>AI</b>"
    marked = highlight(text, [{"family": "synthetic", "matched": "AI"}])
    assert isinstance(marked, Markup)
    assert str(marked) == '&lt;b&gt;<mark class="match">AI</mark>&lt;/b&gt;'
    assert str(export_highlight(text, [{"matched": "AI"}])) == str(marked)
    assert str(highlight(None, [])) == ""


def test_review_and_export_draw_the_same_spans() -> None:
    from crawler.review.highlight import highlight as review_highlight

    text = "星野みらい の AI生成"
    reasons = [
        {"family": "person", "matched": "星野みらい"},
        {"family": "person", "matched": "みらい"},
    ]
    assert str(review_highlight(text, reasons)).count("<mark") == 1
    assert str(export_highlight(text, reasons)).count("<mark") == 1


def test_family_labels_come_from_the_table_passed_in() -> None:
    table = {"synthetic": FamilyDisplay("AI words"), "minor": FamilyDisplay("Minor", True)}
    assert family_label("Synthetic", table) == "AI words"
    assert family_label("news", table) == "news" and family_label(None) == "other"
    assert shown_first("minor", table) and not shown_first("synthetic", table)


def test_the_shipped_registry_labels_every_family() -> None:
    table = shipped_display_table()
    assert table["synthetic"].label == "AI / fake image words"
    assert table["person"].shown_first and table["minor"].shown_first
    assert table["deepfake"] == table["synthetic"]  # an alias older reasons carry
    # Counter-evidence is named in plain words too, and marked as such.
    assert table["news"].label == "News report wording" and table["news"].against
    assert not table["synthetic"].against and table["synthetic"].tone == "synthetic"


def test_every_shipped_family_has_a_plain_label_in_japanese_and_english() -> None:
    families = load_signal_families(SHIPPED_SIGNALS_DIR)
    table = shipped_display_table()
    for name in families:
        shown = table[name]
        assert shown.label and shown.label.lower() != name, name
        assert shown.label_ja and shown.label_in("ja") == shown.label_ja, name
        assert shown.label_in("en") == shown.label, name
    assert table["synthetic"].label_in("ja") == "AI・合成画像の語句"
    assert family_label("person", table, "ja") == "名前が挙がった人物"
    assert family_label("watchlist", table, "en") == "Named person"


def test_a_second_file_of_a_family_cannot_relabel_it(tmp_path: Path) -> None:
    signals = tmp_path / "signals"
    shutil.copytree(SHIPPED_SIGNALS_DIR, signals)
    (signals / "more_selling.yaml").write_text(
        "family: commerce\nkind: signal\nlabel_ja: 別の名前\nterms: [もふもふ便]\n",
        encoding="utf-8",
    )
    with pytest.raises(SignalConfigError, match="two values for label_ja"):
        load_signal_families(signals)


def test_a_new_positive_family_is_data(tmp_path: Path) -> None:
    signals = tmp_path / "signals"
    shutil.copytree(SHIPPED_SIGNALS_DIR, signals)
    (signals / "payment_requests.yaml").write_text(
        "family: paid_request\nkind: signal\ncounts_as: commerce\n"
        "label: Takes paid requests\nshown_first: false\n"
        "terms:\n  - {term: もふもふ便, weight: 1.0}\n",
        encoding="utf-8",
    )
    families = load_signal_families(signals)
    assert families["paid_request"].counts_as == "commerce"
    assert display_table(families)["paid_request"].label == "Takes paid requests"
    people = [WatchlistEntry("X1", "星野 花子", "ほしの はなこ")]
    text = "星野花子のAIヌード画像、もふもふ便あります"
    before = Detector(people, model=None).classify_text(text)
    after = Detector(people, signals_dir=signals, model=None).classify_text(text)
    assert not before.flagged and after.flagged
    assert any(r.family == "paid_request" for r in after.reasons)


def test_a_signal_family_must_count_as_a_score_family(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(
        "family: mystery\ncounts_as: vibes\nterms: [a]\n", encoding="utf-8"
    )
    with pytest.raises(SignalConfigError, match="counts_as"):
        load_signal_families(tmp_path)


def test_the_detector_meets_the_protocol_the_judge_is_typed_with(detector: Detector) -> None:
    assert isinstance(detector, TextDetector)
    result = detector.classify_account(AccountText("AI工房", "", (), ("水瀬ひよりちゃん",)))
    assert result.post(0) is result.parts[PartRef.post(0)] and result.post(1) is None
