"""crawler/store/* in-process on a SQLite temp database: upserts, revisions, links, presence."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from crawler.items import AccountItem, MediaItem, PlanData, PostItem
from crawler.store import catalog
from crawler.store.account_views import readable_diff
from crawler.store.bulk import BulkRows
from crawler.store.presence import mark_missing
from crawler.store.run_store import RunStore
from crawler.store.writer import StoreWriter
from storage.db import Database
from storage.models import (
    Account,
    AccountRevision,
    Capture,
    CrawlRun,
    EvidenceLink,
    Media,
    Plan,
    Post,
)

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _run(database: Database) -> int:
    with database.session() as session:
        run = CrawlRun(profile="unit", platform="shop", tool_version="t")
        session.add(run)
        session.flush()
        return run.id


def _account(**changes: object) -> AccountItem:
    fields: dict[str, object] = {
        "platform": "shop",
        "account_key": "u1",
        "profile_url": "http://shop.test/u1",
        "seen_at": T0,
        "handle": "seller",
        "display_name": "Seller",
        "bio": "hello",
        "links": ["http://b.test", "http://a.test"],
        "plans": [PlanData(name="Gold", price=Decimal("1500"), currency="JPY")],
    }
    fields.update(changes)
    return AccountItem(**fields)  # type: ignore[arg-type]


def test_account_upsert_keeps_a_revision_with_a_readable_diff(database: Database) -> None:
    run1, run2 = _run(database), _run(database)
    cache: dict[tuple[str, ...], int] = {}
    with database.session() as session:
        first = catalog.upsert_account(session, _account(), run1, cache)
        assert first.created and cache[("account", "shop", "u1")] == first.id
    with database.session() as session:
        # The same account unchanged (the database spells 1500 as 1500.00): no revision.
        same = catalog.upsert_account(session, _account(seen_at=T0 + timedelta(days=1)), run2)
        assert (same.created, same.changed_fields) == (False, [])
        changed = catalog.upsert_account(
            session,
            _account(
                seen_at=T0 + timedelta(days=2),
                bio="now taking requests",
                plans=[PlanData(name="Gold", price=Decimal("3000"), currency="JPY")],
            ),
            run2,
        )
        assert changed.changed_fields == ["bio", "plans"]
    with database.session() as session:
        revision = session.scalars(select(AccountRevision)).one()
        assert "+bio: now taking requests" in revision.diff
        assert "+plan: Gold = 3000 JPY" in revision.diff
        plan = session.scalars(select(Plan)).one()
        assert plan.price == Decimal("3000")


def test_readable_diff_lists_links_and_plans_line_by_line() -> None:
    before = {"handle": "a", "links": ["http://x.test"], "plans": []}
    after = {"handle": "a", "links": [], "plans": [{"name": "P", "price": "5", "currency": None}]}
    diff = readable_diff(before, after)
    assert "-link: http://x.test" in diff and "+plan: P = 5" in diff
    assert "handle" not in diff


def test_post_before_its_account_creates_the_account_row(database: Database) -> None:
    run = _run(database)
    cache: dict[tuple[str, ...], int] = {}
    with database.session() as session:
        catalog.preload_post_ids(session, "shop", cache)
        post = PostItem(
            platform="shop",
            account_key="u9",
            post_key="p1",
            seen_at=T0,
            account_handle="late",
            account_url="http://shop.test/u9",
            text="hi",
        )
        result = catalog.upsert_post(session, post, run, cache)
        assert result.created
        again = catalog.upsert_post(session, post, run, cache)
        assert (again.id, again.created) == (result.id, False)
        account_id = catalog.find_account_id(session, "shop", "u9", cache)
        assert account_id is not None
        assert catalog.find_post_id(session, account_id, "p1") == result.id
    with database.session() as session:
        account = session.scalars(select(Account)).one()
        assert (account.handle, account.profile_url) == ("late", "http://shop.test/u9")


def test_evidence_links_are_made_once_per_run_and_media_stored(database: Database) -> None:
    run = _run(database)
    with database.session() as session:
        account_id = catalog.upsert_account(session, _account(), run).id
        capture = Capture(run_id=run, kind="response", url="u", sha256="0" * 64, tool_version="t")
        session.add(capture)
        session.flush()
        linked: set[tuple[int, int, int | None]] = set()
        bulk = BulkRows()
        catalog.link_evidence(session, [capture.id], account_id, None, linked, bulk)
        catalog.link_evidence(session, [capture.id], account_id, None, linked, bulk)
        bulk.flush(session)
        # Without the run's memory of links, the database is asked instead.
        catalog.link_evidence(session, [capture.id], account_id)
        media = MediaItem(
            platform="shop", account_key="u1", url="http://shop.test/m.jpg", fetched_at=T0
        )
        media.sha256, media.withheld_reason = "ab" * 32, "minor_risk"
        catalog.store_media(session, media, account_id, None, None, None)
        catalog.store_media(session, media, account_id, None, None, None)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(EvidenceLink)) == 1
        stored = session.scalars(select(Media)).one()
        assert (stored.withheld_reason, stored.thumb_blob) == ("minor_risk", None)


def test_mark_missing_sweeps_accounts_and_posts_not_seen(database: Database) -> None:
    run1 = _run(database)
    with database.session() as session:
        kept = catalog.upsert_account(session, _account(), run1).id
        catalog.upsert_account(session, _account(account_key="gone"), run1)
        catalog.upsert_post(
            session, PostItem(platform="shop", account_key="u1", post_key="old", seen_at=T0), run1
        )
    run2 = _run(database)
    with database.session() as session:
        catalog.upsert_account(session, _account(seen_at=T0 + timedelta(days=1)), run2)
        swept = mark_missing(session, platform="shop", run_id=run2, at=T0, seen_account_ids=[kept])
        assert swept == {"accounts": 1, "posts": 1}
        post = session.scalars(select(Post)).one()
        assert post.missing_since_run_id == run2


def test_run_store_orders_captures_before_the_items_that_link_them(database: Database) -> None:
    run = _run(database)
    store = RunStore(database, "shop", StoreWriter(database, max_wait_s=0.01))
    row = {
        "run_id": run,
        "kind": "response",
        "url": "http://shop.test/u1",
        "sha256": "1" * 64,
        "tool_version": "t",
        "captured_at": T0,
        "warc_record_id": "<urn:uuid:1>",
    }
    store.submit(lambda _session: store.ledger.add(dict(row)))
    found: list[list[int]] = []
    store.submit(lambda session: found.append(store.ledger.capture_ids(session, ["<urn:uuid:1>"])))
    store.flush()
    store.close()
    assert store.failures == []
    with database.session() as session:
        capture = session.scalars(select(Capture)).one()
        assert found == [[capture.id]] and capture.row_hash


def test_a_post_another_worker_wrote_meanwhile_is_updated_not_lost(database: Database) -> None:
    """Two workers of a distributed run share one store: this one preloaded the platform's
    posts before the other committed the same post, so its insert conflicts. The failed batch
    must not leave the stale ids behind for its retry."""
    run = _run(database)
    mine = RunStore(database, "shop", StoreWriter(database, max_wait_s=0.01))
    with database.session() as session:  # the other worker, after this one's preload
        catalog.upsert_account(session, _account(), run)
        catalog.upsert_post(
            session, PostItem(platform="shop", account_key="u1", post_key="p1", seen_at=T0), run
        )
    later = PostItem(
        platform="shop", account_key="u1", post_key="p1", seen_at=T0 + timedelta(hours=1)
    )
    mine.submit(lambda session: catalog.upsert_post(session, later, run, mine.id_cache))
    mine.flush()
    mine.close()
    assert mine.failures == []
    with database.session() as session:
        post = session.scalars(select(Post)).one()
        assert post.last_seen_at.replace(tzinfo=UTC) == T0 + timedelta(hours=1)


def test_a_flush_commits_at_once_instead_of_waiting_for_the_batch_to_fill(
    database: Database,
) -> None:
    # Writes gather for up to max_wait_s before a batch commits; someone waiting on a flush
    # (the run's end, a store process asked to sync) must not wait out that window.
    writer = StoreWriter(database, max_wait_s=60)
    done: list[str] = []
    writer.submit(lambda _session: done.append("written"))
    started = time.monotonic()
    writer.flush(timeout=30)
    waited = time.monotonic() - started
    writer.close()
    assert done == ["written"]
    assert waited < 20, f"the flush waited {waited:.1f} s for the batch window"


def _race_for_the_account(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> tuple[catalog.UpsertResult, list[Account]]:
    """The other worker stores account u1 after this one looked for it and found nothing
    (the look is made to answer None once, as it did before the other commit)."""
    run = _run(database)
    with database.session() as session:  # the other worker: the account from a post page
        catalog.upsert_post(
            session, PostItem(platform="shop", account_key="u1", post_key="p1", seen_at=T0), run
        )
    real_find = catalog._find_account
    calls = []

    def find_after_the_other_commit(*args: object) -> object:
        calls.append(args)
        return None if len(calls) == 1 else real_find(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(catalog, "_find_account", find_after_the_other_commit)
    with database.session() as session:  # this worker: the account's own profile page
        result = catalog.upsert_account(session, _account(bio="updated"), run)
    with database.session() as session:
        accounts = list(session.scalars(select(Account)))
        session.expunge_all()
    return result, accounts


def _assert_updated_not_refused(result: catalog.UpsertResult, accounts: list[Account]) -> None:
    [account] = accounts  # one row: the other worker's, not a second one
    assert not result.created
    assert account.bio == "updated" and account.id == result.id


def test_an_account_another_worker_stored_meanwhile_is_updated_not_refused(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    result, accounts = _race_for_the_account(database, monkeypatch)
    assert len(accounts) == 1
    _assert_updated_not_refused(result, accounts)


def test_the_account_race_on_postgresql(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    database = Database(pg_url, migrate=True)
    try:
        result, accounts = _race_for_the_account(database, monkeypatch)
    finally:
        database.dispose()
    assert len(accounts) == 1
    _assert_updated_not_refused(result, accounts)
