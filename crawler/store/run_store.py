"""The database side of one crawl run: the ordered writer thread and the caches its writes share.

Every write of a run goes through one `StoreWriter` (docs/architecture.md, "Store"), so
capture rows exist before the items that link to them. The caches here are read and
written only from that writer thread, except `touched_accounts` (reactor thread only).

With a store process (`process=True`), the data writes (`write`: items, captures, blobs) go to
that process and its own RunStore applies them; `submit` still runs other operations (errors,
the run row, end-of-run judging) on this process's writer, and `flush` waits for both, store
process first, so an operation submitted after a flush sees every item written before it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from crawler.store.bulk import BulkRows
from crawler.store.captures import CaptureLedger
from crawler.store.catalog import preload_post_ids
from crawler.store.item_writes import WRITES, write_capture_again
from crawler.store.process import StoreProcess
from crawler.store.writer import StoreWriter
from storage.db import Database


class RunStore:
    """The store writer of one run, with its capture ledger, bulk rows and id caches."""

    def __init__(
        self,
        database: Database,
        platform: str,
        writer: StoreWriter | None = None,
        *,
        process: bool = False,
        process_helper: Callable[[Database], Any] | None = None,
    ) -> None:
        """`process`: apply data writes in a store process, which `process_helper` tells
        what else to do (crawler/store/process.py)."""
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
        self.process = (
            StoreProcess(
                database.url, platform, fallback=self._write_after_takeover, helper=process_helper
            )
            if process
            else None
        )
        if self.process is None:
            with database.session() as session:
                preload_post_ids(session, platform, self.id_cache)
        # A rolled-back batch leaves ids of rows that no longer exist, and the preload's "no
        # other post exists" stops holding once another worker of a distributed run wrote one:
        # forget both, so the writer's one-by-one retry looks the rows up again.
        self.writer.after_rollback.append(self.id_cache.clear)
        # Evidence links made by this run: (capture, account, post); looked up in the
        # database instead once a store process died with some of them (links_known False).
        self.linked: set[tuple[int, int, int | None]] = set()
        self.links_known = True
        # (platform, account key) of every account this run extracted; judged at the end.
        self.touched_accounts: set[tuple[str, str]] = set()

    @property
    def failures(self) -> list[str]:
        if self.process is None:
            return self.writer.failures
        return self.process.failures + self.writer.failures

    def write(self, kind: str, *args: Any) -> None:
        """A data write (crawler/store/item_writes.py), in the order of every other write."""
        if self.process is not None and not self.process.gone:
            self.process.send((kind, *args))
        else:
            self._write_here((kind, *args))

    def _write_here(self, write: tuple[Any, ...]) -> None:
        self.writer.submit(partial(_apply, WRITES[write[0]], self, write[1:]))

    def _write_after_takeover(self, write: tuple[Any, ...], again: bool) -> None:
        """A write the store process did not confirm (`again`) or never got
        (crawler/store/process.py): applied here, never twice."""
        # The links the lost process made are in the database, not in this process's memory.
        self.links_known = False
        if again and write[0] == "capture":
            self.writer.submit(partial(_apply, write_capture_again, self, write[1:]))
        else:
            self._write_here(write)

    def submit(self, operation: Callable[[Session], None]) -> None:
        self.writer.submit(operation)

    def flush(self) -> None:
        if self.process is not None:
            self.process.sync()
        self.writer.flush()

    def close(self) -> None:
        if self.process is not None:
            self.process.close()
        self.writer.close()


def _apply(
    write: Callable[..., None], store: RunStore, args: tuple[Any, ...], session: Session
) -> None:
    write(session, store, *args)
