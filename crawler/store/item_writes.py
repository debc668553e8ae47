"""The crawl's data writes, as plain functions of (session, run store, picklable arguments).

A write is named by its kind and carries only data (items, capture rows, digests), never a
closure, so the same write runs on the store writer thread of the crawl process or in the
store process (docs/architecture.md, "Store"). Both apply them in the order they were sent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.items import AccountItem, MediaItem, PostItem
from crawler.store import catalog
from storage.models import Blob, Capture

if TYPE_CHECKING:
    from crawler.store.run_store import RunStore


def _link(
    session: Session, store: RunStore, evidence: list[str], account_id: int, post_id: int | None
) -> None:
    captures = store.ledger.capture_ids(session, evidence)
    linked = store.linked if store.links_known else None
    catalog.link_evidence(session, captures, account_id, post_id, linked, store.bulk)


def write_account(session: Session, store: RunStore, item: AccountItem, run_id: int) -> None:
    result = catalog.upsert_account(session, item, run_id, store.id_cache)
    _link(session, store, item.evidence, result.id, None)


def write_post(session: Session, store: RunStore, item: PostItem, run_id: int) -> None:
    result = catalog.upsert_post(session, item, run_id, store.id_cache)
    account_id = catalog.find_account_id(session, item.platform, item.account_key, store.id_cache)
    assert account_id is not None
    _link(session, store, item.evidence, account_id, result.id)


def write_media(
    session: Session, store: RunStore, item: MediaItem, thumb: str | None, original: str | None
) -> None:
    account_id = catalog.find_account_id(session, item.platform, item.account_key)
    if account_id is None:
        return
    post_id = catalog.find_post_id(session, account_id, item.post_key) if item.post_key else None
    catalog.store_media(session, item, account_id, post_id, thumb, original)
    _link(session, store, item.evidence, account_id, post_id)


def write_capture(_session: Session, store: RunStore, row: dict[str, Any]) -> None:
    # Buffered: the ledger inserts a batch's captures in one statement before it commits.
    store.ledger.add(dict(row))


def write_capture_again(_session: Session, store: RunStore, row: dict[str, Any]) -> None:
    """A capture a lost store process may have committed before it died: once only."""
    stored = _session.scalar(
        select(Capture.id).where(Capture.warc_record_id == row["warc_record_id"]).limit(1)
    )
    if stored is None:
        store.ledger.add(dict(row))


def write_blob(
    session: Session, _store: RunStore, sha: str, kind: str, media_type: str, size: int
) -> None:
    if session.get(Blob, sha) is None:
        session.add(Blob(sha256=sha, kind=kind, media_type=media_type, size=size))
        session.flush()


def note_links(_session: Session, store: RunStore, links: set[tuple[int, int, int | None]]) -> None:
    """Evidence links the run already has (a resumed run's replayed pages)."""
    store.linked.update(links)


WRITES: dict[str, Callable[..., None]] = {
    "account": write_account,
    "post": write_post,
    "media": write_media,
    "capture": write_capture,
    "blob": write_blob,
    "links": note_links,
}
