"""The ground truth: the world's mix, its stable ids and the watchlist it names."""

from __future__ import annotations

import csv

import pytest

from crawler.demo_site import DEMO_WATCHLIST_CSV, build_world


def test_world_has_the_planned_mix_of_accounts() -> None:
    world = build_world(1)
    assert [len(world.accounts_on(p)) for p in ("fanclub", "social", "market")] == [16, 15, 14]
    kinds = {a.kind for a in world.accounts}
    assert {
        "storefront",
        "news",
        "official",
        "original_art",
        "removal_service",
        "patrol",
        "portrait_commission",
    } <= kinds
    assert len(world.minors()) == 3
    assert all(a.is_target for a in world.minors())
    # Hard negatives name watchlist people too, but are not targets.
    official = world.account("fanclub", "shiratsubaki_official")
    assert official is not None and not official.is_target and official.people == ("D004",)


def test_ids_are_unique_and_stable_across_days() -> None:
    day1, day2 = build_world(1), build_world(2)
    keys = [(a.platform, a.account_id) for a in day1.accounts]
    assert len(keys) == len(set(keys))
    renamed = day2.account("market", "lk_gallery_new")
    original = day1.account("market", "lookalike_gallery")
    assert renamed is not None and original is not None
    assert renamed.account_id == original.account_id
    assert renamed.display_name != original.display_name


def test_every_named_person_is_on_the_watchlist() -> None:
    with DEMO_WATCHLIST_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["id", "name", "kana", "aliases", "category"]
    ids = {row["id"] for row in rows}
    assert len(ids) == 12 and {row["category"] for row in rows} == {
        "idol",
        "actress",
        "announcer",
        "talent",
    }
    for day in (1, 2, 3):
        world = build_world(day)
        for acc in world.accounts:
            assert set(acc.people) <= ids, acc.handle
            for post in acc.posts:
                assert set(post.people) <= ids, post.post_id


def test_changes_since_day_one_describe_day_two_and_three() -> None:
    world2 = build_world(2)
    kinds = sorted({c.kind for c in world2.changes_since(1)})
    assert kinds == [
        "account_added",
        "account_removed",
        "account_renamed",
        "plan_price_changed",
        "post_deleted",
    ]
    assert world2.account("social", "nudify_daikou") is None
    lab = world2.account("fanclub", "ai_bijin_lab")
    assert lab is not None and {p.name: p.price_yen for p in lab.plans}["リクエスト"] == 6000
    world3 = build_world(3)
    assert [c.kind for c in world3.changes_since(2)] == ["post_added", "account_added"]
    assert world3.changes_since(3) == []


def test_unknown_day_is_refused() -> None:
    with pytest.raises(ValueError, match="day must be"):
        build_world(4)


def test_markup_doc_lists_every_awkward_page() -> None:
    from crawler.demo_site.world_model import AWKWARD_PATHS

    markup = (DEMO_WATCHLIST_CSV.parent / "MARKUP.md").read_text(encoding="utf-8")
    missing = [path for path in AWKWARD_PATHS.values() if path not in markup]
    assert missing == []
