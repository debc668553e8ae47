"""StorePipeline: items reach the database through the run's writer, linked to their evidence."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from crawler.items import AccountItem, MediaItem, PostItem
from crawler.pipelines.store import StorePipeline
from crawler.store.run_store import RunStore
from crawler.store.writer import StoreWriter
from storage.db import Database
from storage.models import CrawlRun, EvidenceLink, Media, Post

NOW = datetime(2026, 1, 1, tzinfo=UTC)


class _Blobs:
    def __init__(self) -> None:
        self.kept: list[tuple[str, str]] = []

    def put_blob(self, data: bytes, kind: str, media_type: str) -> str:
        self.kept.append((kind, media_type))
        return "ee" * 32


def test_items_are_stored_and_linked_to_their_captures(database: Database) -> None:
    with database.session() as session:
        run = CrawlRun(profile="unit", platform="shop", tool_version="t")
        session.add(run)
        session.flush()
        run_id = run.id
    store = RunStore(database, "shop", StoreWriter(database, max_wait_s=0.01))
    row = {
        "run_id": run_id,
        "kind": "response",
        "url": "http://shop.test/u1",
        "sha256": "1" * 64,
        "tool_version": "t",
        "captured_at": NOW,
        "warc_record_id": "<urn:uuid:page>",
    }
    store.submit(lambda _session: store.ledger.add(dict(row)))
    blobs = _Blobs()
    pipeline = StorePipeline(store, blobs, run_id)  # type: ignore[arg-type]
    evidence = ["<urn:uuid:page>"]
    pipeline.process_item(
        AccountItem(
            platform="shop",
            account_key="u1",
            profile_url="http://shop.test/u1",
            seen_at=NOW,
            evidence=evidence,
        )
    )
    pipeline.process_item(
        PostItem(platform="shop", account_key="u1", post_key="p1", seen_at=NOW, evidence=evidence)
    )
    media = MediaItem(
        platform="shop",
        account_key="u1",
        post_key="p1",
        url="http://shop.test/m.jpg",
        fetched_at=NOW,
        sha256="ab" * 32,
        thumbnail=b"jpeg",
    )
    assert pipeline.process_item(media) is media
    assert media.thumbnail is None  # the pipeline drops the bytes with the item
    assert blobs.kept == [("thumbnail", "image/jpeg")]
    assert store.touched_accounts == {("shop", "u1")}
    store.flush()
    store.close()
    assert store.failures == []
    with database.session() as session:
        post = session.scalars(select(Post)).one()
        links = session.scalars(select(EvidenceLink)).all()
        assert sorted((link.post_id is not None) for link in links) == [False, True]
        assert all(link.post_id in (None, post.id) for link in links)
        stored = session.scalars(select(Media)).one()
        assert (stored.post_id, stored.thumb_blob) == (post.id, "ee" * 32)
