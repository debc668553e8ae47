"""Seller clusters read from the store (storage.links): components of joined pairs only,
walked without minor-risk accounts for volunteers, capped, on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from link_rows import add_link, add_pair, side

from storage.config import AppConfig
from storage.db import Database, open_database
from storage.links import (
    ClusterTooLarge,
    UnknownAccount,
    all_clusters,
    cluster_of,
    load_cluster,
    members,
    pair_edges,
)
from storage.models import Account, Flag, Platform

T0 = datetime(2026, 11, 20, tzinfo=UTC)


@dataclass
class Graph:
    db: Database
    ids: dict[str, int]


def _account(s, platform: Platform, handle: str) -> int:  # type: ignore[no-untyped-def]
    row = Account(
        platform_id=platform.id,
        account_key=f"key-{handle}",
        handle=handle,
        display_name=f"Shop {handle}",
        profile_url=f"http://127.0.0.1:9/{platform.key}/{handle}",
        first_seen_at=T0,
        last_seen_at=T0,
    )
    s.add(row)
    s.flush()
    return row.id


def build_graph(cfg: AppConfig) -> Graph:
    """A-B-C joined in a chain; D weakly linked to C only (not joined); minor-risk X joined
    to A, and Y joined only to X; a chain of 30 accounts for the cap."""
    db = open_database(cfg)
    ids: dict[str, int] = {}
    with db.session() as s:
        fan = Platform(key="fanlounge", display_name="FanLounge")
        market = Platform(key="kirakira", display_name="Kirakira Market")
        s.add_all([fan, market])
        s.flush()
        for name, platform in (("A", fan), ("B", market), ("C", fan), ("D", market)):
            ids[name] = _account(s, platform, f"shop_{name.lower()}")
        ids["X"], ids["Y"] = _account(s, fan, "minor_x"), _account(s, market, "via_minor_y")
        s.add(Flag(account_id=ids["X"], status="new", score=0.9, minor_risk=True, people=[]))
        s.add(Flag(account_id=ids["A"], status="new", score=0.8, created_at=T0, people=[]))
        s.add(
            Flag(
                account_id=ids["A"],
                status="confirmed",
                score=0.8,
                created_at=T0 + timedelta(days=1),
                people=[],
            )
        )
        add_link(s, ids["A"], ids["B"], "identifier", "aiko-pay", value_kind="paypay",
                 one_side=side([11], shown="PayPay: aiko-pay"), two_side=side([12]))  # fmt: skip
        add_link(s, ids["A"], ids["B"], "text", "digest-1", value_kind="bio", similarity=0.9)
        add_pair(s, ids["A"], ids["B"], joined=True, score=1.4, why_key="joined")
        add_link(s, ids["C"], ids["B"], "image", "pdq:aa|bb", similarity=6)
        add_pair(s, ids["B"], ids["C"], joined=True, score=1.0)
        add_link(s, ids["C"], ids["D"], "text", "digest-2", value_kind="price_list")
        add_pair(s, ids["C"], ids["D"], joined=False, score=0.3, why_key="weak_only")
        add_pair(s, ids["A"], ids["X"], joined=True, score=1.0)
        add_pair(s, ids["X"], ids["Y"], joined=True, score=1.0)
        chain = [_account(s, fan, f"chain_{i}") for i in range(30)]
        for one, two in itertools.pairwise(chain):
            add_pair(s, one, two, joined=True, score=1.0)
        ids["chain0"], ids["chain29"] = chain[0], chain[-1]
    return Graph(db, ids)


def _fresh_pg_database(server: str) -> str:
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(
        server.replace("postgresql+psycopg", "postgresql") + "/postgres", autocommit=True
    ) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


# Read-only tests: one graph per database engine for the whole module.
@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def graph(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Graph]:
    url = None
    if request.param == "postgres":
        url = _fresh_pg_database(request.getfixturevalue("pg_server"))
    built = build_graph(AppConfig.resolve(tmp_path_factory.mktemp("links") / "data", url))
    yield built
    built.db.dispose()


def test_joined_pairs_make_the_cluster_and_weak_links_do_not(graph: Graph) -> None:
    ids = graph.ids
    with graph.db.session() as s:
        whole = cluster_of(s, ids["B"])
        assert whole == sorted([ids["A"], ids["B"], ids["C"], ids["X"], ids["Y"]])
        assert ids["D"] not in whole  # only a weak, unjoined link to C
        assert cluster_of(s, ids["D"]) == [ids["D"]]
        assert cluster_of(s, ids["C"]) == whole  # the same component from any member


def test_a_volunteer_walk_neither_shows_nor_crosses_minor_risk_accounts(graph: Graph) -> None:
    ids = graph.ids
    with graph.db.session() as s:
        assert cluster_of(s, ids["A"], skip_minor=True) == sorted([ids["A"], ids["B"], ids["C"]])
        # Y is joined only through the minor-risk X: alone for a volunteer.
        assert cluster_of(s, ids["Y"], skip_minor=True) == [ids["Y"]]
        assert ids["Y"] in cluster_of(s, ids["Y"])


def test_a_giant_component_stops_with_a_clear_message(graph: Graph) -> None:
    with graph.db.session() as s:
        assert len(cluster_of(s, graph.ids["chain0"])) == 30
        with pytest.raises(ClusterTooLarge) as raised:
            cluster_of(s, graph.ids["chain29"], limit=10)
        assert "more than 10 accounts" in str(raised.value)
        assert "linking rule" in str(raised.value)
        with pytest.raises(UnknownAccount, match="no account with id 999999"):
            cluster_of(s, 999999)


def test_all_clusters_largest_first(graph: Graph) -> None:
    ids = graph.ids
    with graph.db.session() as s:
        clusters = all_clusters(s)
    assert [len(c) for c in clusters] == [30, 5]
    assert clusters[1] == sorted([ids["A"], ids["B"], ids["C"], ids["X"], ids["Y"]])


def test_pair_edges_either_order_strong_first_with_sides(graph: Graph) -> None:
    ids = graph.ids
    with graph.db.session() as s:
        edges = pair_edges(s, ids["B"], ids["A"])
        assert pair_edges(s, ids["A"], ids["B"]) == edges
    assert [e.kind for e in edges] == ["identifier", "text"]
    paypay = edges[0]
    assert paypay.value == "aiko-pay" and paypay.value_kind == "paypay"
    assert paypay.side(ids["A"]).capture_ids == (11,)
    assert paypay.side(ids["A"]).shown == "PayPay: aiko-pay"
    assert paypay.side(ids["B"]).capture_ids == (12,)


def test_members_and_cluster_values(graph: Graph) -> None:
    ids = graph.ids
    with graph.db.session() as s:
        found = {m.id: m for m in members(s, [ids["A"], ids["B"], ids["X"]])}
        cluster = load_cluster(s, ids["A"], skip_minor=True)
    assert found[ids["A"]].status == "confirmed"  # the newest flag's status
    assert found[ids["A"]].label == "fanlounge @shop_a"
    assert found[ids["B"]].status is None and found[ids["B"]].platform_name == "Kirakira Market"
    assert found[ids["X"]].minor_risk and not found[ids["A"]].minor_risk
    assert [m.id for m in cluster.members] == sorted([ids["A"], ids["B"], ids["C"]])
    assert {(p.account_a_id, p.account_b_id) for p in cluster.pairs} == {
        tuple(sorted((ids["A"], ids["B"]))),
        tuple(sorted((ids["B"], ids["C"]))),
    }
    assert all(p.joined for p in cluster.pairs)
