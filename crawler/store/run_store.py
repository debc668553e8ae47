"""The database side of one crawl run: the ordered writer thread and the caches its writes share.

Every write of a run goes through one `StoreWriter` (docs/architecture.md, "Store"), so
capture rows exist before the items that link to them. The caches here are read and
written only from that writer thread, except `touched_accounts` (reactor thread only).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from crawler.store.bulk import BulkRows
from crawler.store.captures import CaptureLedger
from crawler.store.catalog import preload_post_ids
from crawler.store.writer import StoreWriter
from storage.db import Database


class RunStore:
    """The store writer of one run, with its capture ledger, bulk rows and id caches."""

    def __init__(
        self, database: Database, platform: str, writer: StoreWriter | None = None
    ) -> None:
        self.database = database
        self.writer = writer or StoreWriter(database)
        self.ledger = CaptureLedger()
        self.bulk = BulkRows()
        self.writer.before_commit.append(self.ledger.flush)
        self.writer.before_commit.append(self.bulk.flush)
        self.writer.after_rollback.append(self.bulk.rolled_back)
        self.writer.after_commit.append(self.ledger.committed)
        self.writer.after_rollback.append(self.ledger.rolled_back)
        # Ids of platforms, accounts and posts already written, keyed by their stable keys.
        self.id_cache: dict[tuple[str, ...], int] = {}
        with database.session() as session:
            preload_post_ids(session, platform, self.id_cache)
        # A rolled-back batch leaves ids of rows that no longer exist, and the preload's "no
        # other post exists" stops holding once another worker of a distributed run wrote one:
        # forget both, so the writer's one-by-one retry looks the rows up again.
        self.writer.after_rollback.append(self.id_cache.clear)
        # Evidence links made by this run: (capture, account, post).
        self.linked: set[tuple[int, int, int | None]] = set()
        # (platform, account key) of every account this run extracted; judged at the end.
        self.touched_accounts: set[tuple[str, str]] = set()

    @property
    def failures(self) -> list[str]:
        return self.writer.failures

    def submit(self, operation: Callable[[Session], None]) -> None:
        self.writer.submit(operation)

    def flush(self) -> None:
        self.writer.flush()

    def close(self) -> None:
        self.writer.close()
