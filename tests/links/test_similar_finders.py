"""The similarity finders on a real SQLite evidence store: the right edges, with the
captures, posts and media of both sides, and no edges from decoys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from similar_world import LONG_BIO, PLAN_TEXT, SELLER_PDQ, World, build_world, near
from sqlalchemy import select

from crawler.link.similar_config import CONFIG_PATH, load_config
from crawler.link.similar_finders import handle_edges, image_edges, image_edges_with, text_edges
from storage.models import EvidenceLink, Media


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    built = build_world(tmp_path_factory.mktemp("links") / "data")
    yield built
    built.case.db.dispose()


def _run(world: World, finder, names: list[str]):
    ids = [world.seller if n == "seller" else world.accounts[n] for n in names]
    with world.case.db.session() as s:
        return list(finder(s, ids))


def _seller_side(world: World) -> tuple[int, int | None, tuple[int, ...]]:
    with world.case.db.session() as s:
        media = s.scalars(
            select(Media).where(Media.account_id == world.seller, Media.pdq == SELLER_PDQ)
        ).one()
        captures = s.scalars(
            select(EvidenceLink.capture_id).where(
                EvidenceLink.account_id == world.seller, EvidenceLink.post_id.is_(None)
            )
        ).all()
        return media.id, media.post_id, tuple(sorted(captures))


def test_a_reused_sample_picture_is_one_strong_edge_with_both_sides(world: World) -> None:
    edges = _run(world, image_edges, ["seller"])
    assert len(edges) == 1
    edge = edges[0]
    assert (edge.account_a_id, edge.account_b_id) == (world.seller, world.accounts["twin"])
    assert edge.kind == "image" and edge.strong and edge.value_kind == "pdq"
    assert edge.similarity == 31.0
    assert edge.value == f"{SELLER_PDQ}~{near(SELLER_PDQ, 31, offset=3)}"
    media_id, post_id, profile_captures = _seller_side(world)
    # The seller's post has no capture of its own in the case: its profile pages show it.
    assert edge.a.media_ids == (media_id,) and edge.a.post_ids == (post_id,)
    assert edge.a.capture_ids == profile_captures
    # The twin shows the picture in two posts: one edge naming both.
    twin_posts = ("twin-sample", "twin-sample-again")
    assert edge.b.media_ids == tuple(world.media[p] for p in twin_posts)
    assert edge.b.post_ids == tuple(world.posts[p] for p in twin_posts)
    assert edge.b.capture_ids == tuple(world.captures[p][0] for p in twin_posts)
    assert edge.b.shown.endswith("twin-sample.jpg")


def test_the_same_edge_from_the_other_account(world: World) -> None:
    assert _run(world, image_edges, ["twin"]) == _run(world, image_edges, ["seller"])


def test_distance_32_and_low_quality_pictures_make_no_edge(world: World) -> None:
    assert _run(world, image_edges, ["far", "blank"]) == []


def test_a_stock_banner_on_many_shops_makes_no_edge(world: World) -> None:
    assert _run(world, image_edges, [f"shop{n}" for n in range(12)]) == []


def test_a_reused_bio_is_a_weak_text_edge(world: World) -> None:
    edges = [e for e in _run(world, text_edges, ["twin"]) if e.value_kind == "bio"]
    assert len(edges) == 1
    edge = edges[0]
    twin, copy = world.accounts["twin"], world.accounts["copycat"]
    assert (edge.account_a_id, edge.account_b_id) == (twin, copy)
    assert edge.kind == "text" and not edge.strong
    assert 0.6 <= edge.similarity < 1
    assert edge.a.shown == LONG_BIO and edge.b.shown == LONG_BIO.replace("DM", "メール")
    assert edge.a.capture_ids == tuple(world.captures["twin"])
    assert edge.b.capture_ids == tuple(world.captures["copycat"])


def test_a_shared_price_list_between_two_shops_is_a_text_edge(world: World) -> None:
    edges = [e for e in _run(world, text_edges, ["copycat"]) if e.value_kind == "price_list"]
    assert [(e.account_a_id, e.account_b_id) for e in edges] == [
        (world.accounts["twin"], world.accounts["copycat"])
    ]
    assert edges[0].similarity == 1.0


def test_a_reused_plan_description_is_a_text_edge(world: World) -> None:
    edges = [e for e in _run(world, text_edges, ["twin"]) if e.value_kind == "plan"]
    assert [(e.account_a_id, e.account_b_id) for e in edges] == [
        (world.accounts["twin"], world.accounts["copycat"])
    ]
    assert edges[0].a.shown.endswith(PLAN_TEXT)
    assert 0.6 <= edges[0].similarity < 1


def test_a_stock_price_list_on_many_shops_makes_no_edge(world: World) -> None:
    assert _run(world, text_edges, [f"shop{n}" for n in range(12)]) == []


def test_a_comeback_handle_is_a_weak_handle_edge(world: World) -> None:
    edges = _run(world, handle_edges, ["twin"])
    assert len(edges) == 1
    edge = edges[0]
    assert (edge.account_a_id, edge.account_b_id) == (world.seller, world.accounts["twin"])
    assert edge.kind == "handle" and not edge.strong
    assert edge.similarity == 1.0 and edge.value == "deepseller~deepseller"
    assert edge.a.shown == "deepseller" and edge.b.shown == "deep.seller_2"
    assert edge.b.capture_ids == tuple(world.captures["twin"])


def test_generic_handles_make_no_edge(world: World) -> None:
    assert _run(world, handle_edges, [f"shop{n}" for n in range(12)]) == []


def test_the_caps_are_data(world: World, tmp_path: Path) -> None:
    """Raising the cap in the YAML file lets the stock banner link the shops: the finders
    read their thresholds from the file, not from code."""
    text = CONFIG_PATH.read_text(encoding="utf-8").replace("max_accounts: 10", "max_accounts: 50")
    (tmp_path / "similar.yaml").write_text(text, encoding="utf-8")
    relaxed = image_edges_with(load_config(tmp_path / "similar.yaml"))
    shops = [f"shop{n}" for n in range(12)]
    assert len(_run(world, relaxed, shops)) == 12 * 11 // 2


def test_an_unknown_setting_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "similar.yaml").write_text("image:\n  max_distanse: 20\n", encoding="utf-8")
    with pytest.raises(ValueError, match="max_distanse"):
        load_config(tmp_path / "similar.yaml")
    (tmp_path / "similar.yaml").write_text("image:\n  max_distance: 40\n", encoding="utf-8")
    with pytest.raises(ValueError, match="31"):
        load_config(tmp_path / "similar.yaml")
