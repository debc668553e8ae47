"""The linking step on a real store (SQLite and PostgreSQL): identifiers, declared and
shared-id edges, verdicts, comeback flags, idempotence, and the run's end not losing its
judgement when linking fails."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from link_core_world import LinkWorld, build_link_world
from sqlalchemy import event, select, text

from crawler.link import run_step
from crawler.link.edge import Edge
from crawler.link.finders import default_finders
from crawler.link.run_step import link_accounts, link_after_run, relink_all
from storage.config import AppConfig
from storage.db import Database, open_database
from storage.models import Account, AccountIdentifier, AccountLink, CrawlRun, Flag, SellerPair


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Database, LinkWorld]]:
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    cfg = AppConfig.resolve(tmp_path / "data", url)
    db = open_database(cfg)
    world = build_link_world(cfg, db)
    yield db, world
    db.dispose()


def _market_ids(world: LinkWorld) -> list[int]:
    """The accounts the market run touched (what the run's end hands the step)."""
    return [i for key, i in world.accounts.items() if key.startswith("mk_")]


def _link_everything(db: Database, world: LinkWorld) -> dict:
    with db.session() as s:
        # First the older fanclub accounts (an earlier run), then the market run.
        fan = [i for key, i in world.accounts.items() if key.startswith("fc_")]
        link_accounts(s, fan, None)
    with db.session() as s:
        return link_accounts(s, _market_ids(world), world.run_id)


def _pair(world: LinkWorld, x: str, y: str) -> tuple[int, int]:
    a, b = world.accounts[x], world.accounts[y]
    return (a, b) if a < b else (b, a)


def _verdicts(db: Database) -> dict[tuple[int, int], SellerPair]:
    with db.session() as s:
        return {(p.account_a_id, p.account_b_id): p for p in s.scalars(select(SellerPair))}


def _edges(db: Database, pair: tuple[int, int]) -> list[AccountLink]:
    with db.session() as s:
        return list(
            s.scalars(
                select(AccountLink).where(
                    AccountLink.account_a_id == pair[0], AccountLink.account_b_id == pair[1]
                )
            )
        )


def test_one_seller_across_platforms_is_joined_with_evidence(store) -> None:
    db, world = store
    counts = _link_everything(db, world)
    assert counts["joined"] >= 1 and counts["edges"] >= 1
    pair = _pair(world, "fc_mirai", "mk_mirai")
    edges = {(e.kind, e.value_kind, e.value): e for e in _edges(db, pair)}
    shared = edges[("identifier", "paypay", "miraiworks")]
    declared = edges[("declared", "profile_url", "127.0.0.1:9/market/mk_mirai")]
    fc_side = "a" if pair[0] == world.accounts["fc_mirai"] else "b"
    mk_side = "b" if fc_side == "a" else "a"
    assert shared.evidence[mk_side]["shown"] == "ＰａｙＰａｙ：ｍｉｒａｉ＿ｗｏｒｋｓ"
    assert shared.evidence[fc_side]["capture_ids"], "each side names the captures showing it"
    assert declared.evidence[fc_side]["shown"].startswith("http://127.0.0.1:9/market/mk_mirai")
    verdict = _verdicts(db)[pair]
    assert verdict.joined and verdict.rule_version and len(verdict.rule_version) == 64
    explained = verdict.explanation
    assert explained["why_key"] == "joined" and "same seller" in explained["why"]
    assert {e["kind"] for e in explained["edges"]} == {"identifier", "declared"}
    assert sorted(i for e in explained["edges"] for i in e["link_ids"]) == sorted(
        e.id for e in edges.values()
    )


def test_decoys_and_never_identifiers_join_nobody(store) -> None:
    db, world = store
    _link_everything(db, world)
    decoys = {world.accounts["fc_decoy1"], world.accounts["mk_decoy2"]}
    with db.session() as s:
        values = set(
            s.scalars(
                select(AccountIdentifier.value).where(AccountIdentifier.account_id.in_(decoys))
            )
        )
        touching = s.scalars(
            select(AccountLink).where(
                AccountLink.account_a_id.in_(decoys) | AccountLink.account_b_id.in_(decoys)
            )
        ).all()
    assert "support@fantia.jp" not in values  # the platform's own address
    assert not any(v.startswith("lit.link") and v != "lit.link" for v in values)
    assert touching == [], "a free service's home page and a support address link nobody"


def test_a_one_way_link_is_evidence_but_no_join(store) -> None:
    db, world = store
    _link_everything(db, world)
    pair = _pair(world, "fc_official", "mk_patrol")
    assert [(e.kind, e.value_kind) for e in _edges(db, pair)] == [("declared", "profile_url")]
    verdict = _verdicts(db)[pair]
    assert not verdict.joined and verdict.explanation["why_key"] == "below_threshold"


def test_hostile_markup_is_kept_as_data(store) -> None:
    db, world = store
    _link_everything(db, world)
    with db.session() as s:
        rows = s.execute(
            select(
                AccountIdentifier.value_kind, AccountIdentifier.value, AccountIdentifier.shown
            ).where(AccountIdentifier.account_id == world.accounts["fc_hostile"])
        ).all()
    paypay = [r for r in rows if r.value_kind == "paypay"]
    assert [(r.value, r.shown) for r in paypay] == [("evilpay", "paypay: evil_pay")]
    assert all("<" not in r.value and ">" not in r.value for r in rows)


def test_comeback_flag_names_the_confirmed_taken_down_account(store) -> None:
    db, world = store
    counts = _link_everything(db, world)
    back, gone = world.accounts["mk_back"], world.accounts["fc_gone"]
    assert _verdicts(db)[_pair(world, "mk_back", "fc_gone")].joined
    with db.session() as s:
        flags = s.scalars(select(Flag).where(Flag.reason == "comeback")).all()
    assert [(f.account_id, f.related_account_id, f.status) for f in flags] == [(back, gone, "new")]
    assert counts["comebacks"] == 1 and counts["comeback_flags"] == [flags[0].id]
    assert "@fc_gone" in flags[0].detail and "Demo FanClub" in flags[0].detail
    # Joined but not comebacks: live at the same time, still live, never confirmed.
    verdicts = _verdicts(db)
    for x, y in (("fc_twin", "fc_gone"), ("fc_kept", "mk_kept2"), ("fc_dismissed", "mk_dis2")):
        assert verdicts[_pair(world, x, y)].joined, (x, y)


def test_no_comeback_when_seen_during_the_crawl_that_last_saw_the_earlier(store) -> None:
    # Profiles of one night run side by side: an account first seen a minute after the gone
    # one's last sighting, while that crawl was still running, was live at the same time.
    db, world = store
    with db.session() as s:
        gone = s.get(Account, world.accounts["fc_gone"])
        back = s.get(Account, world.accounts["mk_back"])
        last_crawl = s.get(CrawlRun, gone.last_seen_run_id)
        back.first_seen_at = gone.last_seen_at + timedelta(minutes=1)
        last_crawl.finished_at = gone.last_seen_at + timedelta(hours=1)
    _link_everything(db, world)
    assert _verdicts(db)[_pair(world, "mk_back", "fc_gone")].joined
    with db.session() as s:
        assert not s.scalars(select(Flag).where(Flag.reason == "comeback")).all()


def test_running_twice_gives_the_same_rows(store) -> None:
    db, world = store
    _link_everything(db, world)
    first = _snapshot(db)
    _link_everything(db, world)
    assert _snapshot(db) == first
    with db.session() as s:
        relink_all(s)
    rebuilt = _snapshot(db)
    assert rebuilt["links"] == first["links"] and rebuilt["pairs"] == first["pairs"]
    assert rebuilt["flags"] == first["flags"]


def _snapshot(db: Database) -> dict[str, list]:
    with db.session() as s:
        return {
            "identifiers": sorted(
                s.execute(
                    select(
                        AccountIdentifier.account_id,
                        AccountIdentifier.value_kind,
                        AccountIdentifier.value,
                    )
                )
            ),
            "links": sorted(
                (link.account_a_id, link.account_b_id, link.kind, link.value, repr(link.evidence))
                for link in s.scalars(select(AccountLink))
            ),
            "pairs": sorted(
                (p.account_a_id, p.account_b_id, p.joined, p.score, p.explanation["why"])
                for p in s.scalars(select(SellerPair))
            ),
            "flags": sorted(
                (f.account_id, f.reason, f.related_account_id, f.detail)
                for f in s.scalars(select(Flag))
            ),
        }


def test_weak_edges_alone_never_join(store) -> None:
    db, world = store
    x, y = world.accounts["fc_decoy1"], world.accounts["mk_decoy2"]

    def weak(session, account_ids):  # a finder of the Finder shape: close handles, text
        yield Edge.between(x, y, kind="handle", value_kind="handle", value="aiart", similarity=1.0)
        for n in range(5):
            yield Edge.between(x, y, kind="text", value_kind="bio", value=f"digest{n}")

    with db.session() as s:
        link_accounts(s, [x, y], world.run_id, finders=[*default_finders(), weak])
    verdict = _verdicts(db)[(min(x, y), max(x, y))]
    assert not verdict.joined and verdict.explanation["why_key"] == "weak_only"
    assert verdict.score >= verdict.explanation["threshold"], "enough points, but weak"


def test_a_failing_finder_does_not_undo_the_runs_judgement(
    store, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, world = store

    def broken(session, account_ids):
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(run_step, "default_finders", lambda: [broken])
    with db.session() as s:
        # What judging wrote earlier in the same transaction.
        s.add(Flag(account_id=world.accounts["mk_mirai"], reason="new_account", score=0.8))
        s.flush()
        outcome = link_after_run(s, _market_ids(world), world.run_id)
        assert outcome == {"error": "RuntimeError: index unavailable"}
        s.execute(text("SELECT 1"))  # the transaction is still usable
    with db.session() as s:
        assert s.scalar(select(Flag.id).where(Flag.reason == "new_account")) is not None
        assert s.scalar(select(AccountIdentifier.id).limit(1)) is None, "rolled back"


def test_every_lookup_uses_an_index_not_a_scan(tmp_path: Path) -> None:
    """The step must stay fast at millions of rows: every query it makes on the link tables
    is an index search (SQLite's plan), never a scan of all stored identifiers or edges."""
    cfg = AppConfig.resolve(tmp_path / "data")
    db = open_database(cfg)
    world = build_link_world(cfg, db)
    seen: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        tables = ("account_identifiers", "account_links", "seller_pairs")
        if statement.lstrip().upper().startswith("SELECT") and any(t in statement for t in tables):
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        _link_everything(db, world)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert len(seen) >= 6
    with db.engine.connect() as conn:
        for statement, parameters in seen:
            plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
            scans = [row[-1] for row in plan if row[-1].startswith("SCAN")]
            assert not scans, (statement, scans)
    db.dispose()
