"""Sellers known only from their posts: created from the post, counted, and not marked gone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler
from sqlalchemy import select

from crawler.items import PostItem
from crawler.run_summary import run_health, run_summary
from crawler.store import catalog
from crawler.store.presence import mark_missing
from spiders.account_tally import AccountTally
from storage.db import Database
from storage.models import Account, CrawlRun

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _run(database: Database) -> int:
    with database.session() as session:
        run = CrawlRun(profile="unit", platform="flea", tool_version="t")
        session.add(run)
        session.flush()
        return run.id


def _item(key: str, at: datetime, **changes: object) -> PostItem:
    fields: dict[str, object] = {
        "platform": "flea",
        "account_key": "s1",
        "post_key": key,
        "seen_at": at,
        "account_url": "http://flea.test/user/s1",
        "account_display_name": "Seller One",
    }
    fields.update(changes)
    return PostItem(**fields)  # type: ignore[arg-type]


def _store(database: Database, run: int, *items: PostItem) -> None:
    cache: dict[tuple[str, ...], int] = {}
    with database.session() as session:
        catalog.preload_post_ids(session, "flea", cache)
        for item in items:
            catalog.upsert_post(session, item, run, cache)


def test_an_account_from_a_post_has_its_key_as_handle_and_the_display_name(database):
    _store(database, _run(database), _item("m1", T0))
    with database.session() as session:
        account = session.scalars(select(Account)).one()
        assert (account.handle, account.display_name, account.profile_url) == (
            "s1",
            "Seller One",
            "http://flea.test/user/s1",
        )


def test_a_seller_whose_items_are_seen_again_is_not_marked_gone(database):
    first = _run(database)
    _store(database, first, _item("m1", T0))
    second = _run(database)
    later = T0 + timedelta(days=1)
    _store(database, second, _item("m1", later), _item("m2", later))
    with database.session() as session:
        swept = mark_missing(session, platform="flea", run_id=second, at=later, seen_account_ids=[])
        account = session.scalars(select(Account)).one()
        assert swept["accounts"] == 0
        assert (account.last_seen_run_id, account.missing_since_run_id) == (second, None)
        assert account.last_seen_at.replace(tzinfo=UTC) == later


def test_a_seller_marked_gone_comes_back_when_an_item_is_seen(database):
    first = _run(database)
    _store(database, first, _item("m1", T0))
    second = _run(database)
    with database.session() as session:
        mark_missing(session, platform="flea", run_id=second, at=T0, seen_account_ids=[])
    third = _run(database)
    _store(database, third, _item("m1", T0 + timedelta(days=2)))
    with database.session() as session:
        account = session.scalars(select(Account)).one()
        assert (account.missing_since_run_id, account.last_seen_run_id) == (None, third)


def test_sellers_from_posts_count_as_accounts_in_summary_and_health():
    stats = MemoryStatsCollector(get_crawler())
    tally = AccountTally(stats)
    for key in ("s1", "s2", "s1", "s3"):
        tally.named_by_post(key)
    tally.account_page("s2")  # s2 has a page after all: counted once
    values = stats.get_stats()
    assert (values["mimamori/accounts"], values["mimamori/accounts_from_posts"]) == (1, 2)
    profile = SimpleNamespace(
        health=SimpleNamespace(min_accounts=1, max_error_ratio=0.2, min_field_coverage=0.5)
    )
    assert run_health(profile, values, "finished") == []
    summary = run_summary(
        stats=values,
        counters={},
        errors={},
        outcome={},
        resumed_from=[],
        reason="finished",
        finished_at=T0,
        warc_files=[],
        write_failures=[],
    )
    assert summary["accounts"] == 3
    assert run_health(profile, {}, "finished")[0].startswith("extracted 0 accounts")


def test_accounts_named_by_posts_do_not_hide_broken_account_pages() -> None:
    health = SimpleNamespace(min_accounts=1, max_error_ratio=1.0, min_field_coverage=0.5)
    profile = SimpleNamespace(health=health)
    # A redesign: 9 of 10 seller pages no longer match, while items still name 6 sellers.
    broken = {
        "mimamori/accounts": 1,
        "mimamori/account_pages_without_key": 9,
        "mimamori/accounts_from_posts": 6,
    }
    (problem,) = run_health(profile, broken, "finished")
    assert problem.startswith("9 of 10 account pages gave no account")
    healthy = {**broken, "mimamori/accounts": 9, "mimamori/account_pages_without_key": 1}
    assert run_health(profile, healthy, "finished") == []
