"""A single background thread that applies database writes in order, in batches.

A synchronous write in a pipeline blocks Scrapy's reactor (docs/architecture.md, "Store"); a single
ordered writer also guarantees that a capture row exists before the items that
refer to it, and that the capture hash chain is appended by one writer.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

from sqlalchemy.orm import Session

from storage.db import Database

logger = logging.getLogger(__name__)

Operation = Callable[[Session], None]
_STOP = object()


class _Flush:
    """Marks a flush: the batch it ends commits at once, without waiting for more writes."""

    def __init__(self) -> None:
        self.done = threading.Event()

    def __call__(self, _session: Session) -> None:
        self.done.set()


class StoreWriter:
    def __init__(
        self, database: Database, *, batch_size: int = 300, max_wait_s: float = 0.25
    ) -> None:
        self.database = database
        self.batch_size = batch_size
        self.max_wait_s = max_wait_s
        self._queue: queue.Queue[object] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="mimamori-store-writer", daemon=True)
        self.failures: list[str] = []
        # Called with the batch's session before it commits (bulk inserts of buffered rows),
        # and after a commit or a rollback so buffers can follow the transaction.
        self.before_commit: list[Callable[[Session], None]] = []
        self.after_commit: list[Callable[[], None]] = []
        self.after_rollback: list[Callable[[], None]] = []
        self.applied = 0
        self._idle = threading.Event()
        self._idle.set()
        self._thread.start()

    def submit(self, operation: Operation) -> None:
        self._idle.clear()
        self._queue.put(operation)

    def flush(self, timeout: float | None = None) -> None:
        """Wait until everything submitted so far has been committed."""
        marker = _Flush()
        self.submit(marker)
        marker.done.wait(timeout)

    def close(self) -> None:
        self._queue.put(_STOP)
        self._thread.join()

    def _take_batch(self) -> tuple[list[Operation], bool]:
        first = self._queue.get()
        if first is _STOP:
            return [], True
        batch: list[Operation] = [first]  # type: ignore[list-item]
        deadline = time.monotonic() + self.max_wait_s
        # Someone waits for a flush: gathering more writes would only make them wait longer.
        while len(batch) < self.batch_size and not isinstance(batch[-1], _Flush):
            remaining = deadline - time.monotonic()
            try:
                item = (
                    self._queue.get(timeout=max(remaining, 0))
                    if remaining > 0
                    else self._queue.get_nowait()
                )
            except queue.Empty:
                break
            if item is _STOP:
                return batch, True
            batch.append(item)  # type: ignore[arg-type]
        return batch, False

    def _transaction(self, operations: list[Operation]) -> None:
        try:
            with self.database.session(write_lock=True) as session:
                for operation in operations:
                    operation(session)
                for hook in self.before_commit:
                    hook(session)
        except BaseException:
            for rollback_hook in self.after_rollback:
                rollback_hook()
            raise
        for commit_hook in self.after_commit:
            commit_hook()

    def _apply(self, batch: list[Operation]) -> None:
        try:
            self._transaction(batch)
            self.applied += len(batch)
            return
        except Exception:
            logger.exception("batch of %d writes failed; retrying one by one", len(batch))
        # One bad write must not lose the others in its batch.
        for operation in batch:
            try:
                self._transaction([operation])
                self.applied += 1
            except Exception as exc:
                logger.exception("write failed: %s", exc)
                self.failures.append(f"{type(exc).__name__}: {exc}")

    def _run(self) -> None:
        stop = False
        while not stop:
            batch, stop = self._take_batch()
            if batch:
                self._apply(batch)
            if self._queue.empty():
                self._idle.set()
