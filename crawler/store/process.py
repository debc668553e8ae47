"""The run's data writes applied by a process of their own, on another core.

The crawl process is bound by one GIL (docs/benchmarks.md, "A leaner crawl process"): the
store writer thread's ORM work took turns with the reactor. Here the crawl process only
pickles each write (item writes, crawler/store/item_writes.py) into a pipe, in batches, from
a sender thread; the store process applies them with the same ordered `StoreWriter`, its
capture ledger and id caches, and so holds the capture hash chain alone, as the writer thread
did. After each commit it tells how many writes are committed; a receiver thread in the crawl
process drops those from its copy and answers `sync` and `end_run`.

If the store process dies, the crawl process takes over: it applies the writes the store
process had not confirmed, in order, then every later write, on its own writer thread
(`fallback`). A write the store process committed in the instant before it died, without
telling, is applied again: captures are skipped when their record is already stored, evidence
links are looked up instead of trusted to the lost process's memory, and account, post and
media writes are upserts. The death is reported as a failed write, so the run's health check
fails and says why.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler
from typing import Any

logger = logging.getLogger(__name__)

# Writes per message: enough to make the pipe's per-message cost small, few enough that the
# store process starts on them at once.
BATCH = 256
GATHER_S = 0.03
_CONTROL = frozenset({"sync", "end", "close"})

Write = tuple[Any, ...]


class _Waiter:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.payload: Any = None


class StoreProcess:
    """The crawl process's end of a store process (one per run)."""

    def __init__(
        self,
        db_url: str,
        platform: str,
        fallback: Callable[[Write, bool], None],
        *,
        helper: Callable[[Any], Any] | None = None,
    ) -> None:
        """`fallback(write, again)` applies a write in the crawl process once the store
        process is gone (`again`: it was sent and may be committed already). `helper`, called
        in the store process with its Database, gives what it does besides writing (judge
        accounts during the crawl, end the run: crawler/run_end.py, `StoreProcessJudge`); it
        must be picklable, a module-level function or a `functools.partial` of one."""
        self._fallback = fallback
        context = multiprocessing.get_context("spawn")
        self._conn, child_end = context.Pipe()
        self._process = context.Process(
            target=serve,
            args=(child_end, db_url, platform, helper),
            name="mimamori-store",
            daemon=True,
        )
        self._process.start()
        child_end.close()
        self._outbox: queue.SimpleQueue[Write] = queue.SimpleQueue()
        # Sent, not yet committed: what a takeover applies again. Guarded by _lock; the
        # sender adds a batch here before sending it, so a takeover sees every write sent.
        self._unconfirmed: deque[Write] = deque()
        self._lock = threading.Lock()
        self._waiters: dict[int, _Waiter] = {}
        self._tokens = 0
        self._remote_failures: list[str] = []
        self._local_failures: list[str] = []
        self.gone = False
        self._sender = threading.Thread(target=self._send_loop, name="mimamori-store-sender")
        self._receiver = threading.Thread(target=self._receive_loop, name="mimamori-store-acks")
        for thread in (self._sender, self._receiver):
            thread.daemon = True
            thread.start()

    @property
    def pid(self) -> int | None:
        return self._process.pid

    @property
    def failures(self) -> list[str]:
        return self._remote_failures + self._local_failures

    def send(self, write: Write) -> None:
        """Queue one write: (kind, *arguments), arguments picklable."""
        self._outbox.put(write)

    def sync(self) -> None:
        """Wait until every write queued so far is committed (by the store process, or by the
        crawl process after a takeover)."""
        self._ask("sync")

    def end_run(self, end: Any) -> dict[str, Any] | None:
        """Every write committed, then the run's end (crawler/run_end.py) done by the
        store process: its outcome, or None if the store process is gone."""
        outcome: dict[str, Any] | None = self._ask("end", end)
        return outcome

    def close(self) -> None:
        self._ask("close")
        self._sender.join()
        self._process.join(timeout=30)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._receiver.join(timeout=30)
        self._conn.close()

    def _ask(self, kind: str, *args: Any) -> Any:
        waiter = _Waiter()
        with self._lock:
            self._tokens += 1
            token = self._tokens
            self._waiters[token] = waiter
        self._outbox.put((kind, token, *args))
        waiter.done.wait()
        return waiter.payload

    def _send_loop(self) -> None:
        while True:
            first = self._outbox.get()
            if first[0] not in _CONTROL:
                # Let writes gather: one wake-up per batch, not per write, so this thread
                # seldom takes the GIL from the reactor.
                time.sleep(GATHER_S)
            batch = [first]
            while len(batch) < BATCH and batch[-1][0] != "close":
                try:
                    batch.append(self._outbox.get_nowait())
                except queue.Empty:
                    break
            closing = batch[-1][0] == "close"
            data, unpicklable = _pickled(batch)
            if unpicklable:
                # Cannot travel (a field that does not pickle): written here instead.
                batch = [w for w in batch if not any(w is u for u in unpicklable)]
                for write in unpicklable:
                    self._fallback(write, False)
            with self._lock:
                if self.gone:
                    # The store process is gone: the crawl process applies the writes.
                    for write in batch:
                        if write[0] in _CONTROL:
                            self._answer(write[1], None)
                        else:
                            self._fallback(write, False)
                    batch = []
                else:
                    # Counted as sent before the send: a takeover while it is under way
                    # applies them again rather than losing them.
                    self._unconfirmed.extend(w for w in batch if w[0] not in _CONTROL)
            if batch:
                # Not under the lock: a full pipe must not stop the acks from being read.
                try:
                    self._conn.send_bytes(data)
                except (OSError, ValueError) as exc:
                    with self._lock:
                        if not self.gone:
                            self._take_over(exc)
                        for write in batch:
                            if write[0] in _CONTROL:
                                self._answer(write[1], None)
            if closing:
                return

    def _receive_loop(self) -> None:
        while True:
            try:
                message = self._conn.recv()
            except (EOFError, OSError) as exc:
                with self._lock:
                    if not self.gone:
                        self._take_over(exc)
                return
            kind = message[0]
            with self._lock:
                if kind == "committed":
                    for _ in range(min(message[1], len(self._unconfirmed))):
                        self._unconfirmed.popleft()
                    continue
                self._remote_failures = list(message[2])
                self._answer(message[1], message[3])
            if kind == "closed":
                return

    def _answer(self, token: int, payload: Any) -> None:
        waiter = self._waiters.pop(token, None)
        if waiter is not None:
            waiter.payload = payload
            waiter.done.set()

    def _take_over(self, exc: BaseException) -> None:
        """Called with _lock held: the store process is gone."""
        self.gone = True
        again = list(self._unconfirmed)
        self._unconfirmed.clear()
        message = (
            f"the store process stopped ({type(exc).__name__}: {exc}); the crawl process "
            f"applied its {len(again)} unconfirmed writes again and wrote the rest itself"
        )
        logger.error(message)
        self._local_failures.append(message)
        for write in again:
            self._fallback(write, True)
        # Whoever waits for the store process gets no answer from it: the caller goes on
        # in this process (sync, end_run) or was closing anyway.
        for token in list(self._waiters):
            self._answer(token, None)


def _pickled(batch: list[Write]) -> tuple[bytes, list[Write]]:
    """The batch as the pipe carries it, and the writes that cannot be pickled (left out)."""
    try:
        return bytes(ForkingPickler.dumps(batch)), []
    except Exception:
        unpicklable = []
        for write in batch:
            try:
                ForkingPickler.dumps(write)
            except Exception:
                logger.exception("a %s write cannot go to the store process", write[0])
                unpicklable.append(write)
        kept = [w for w in batch if not any(w is u for u in unpicklable)]
        return bytes(ForkingPickler.dumps(kept)), unpicklable


def serve(
    conn: Connection, db_url: str, platform: str, helper: Callable[[Any], Any] | None = None
) -> None:
    """The store process: apply batches of writes in order, tell after each commit how many
    writes it holds, let the helper judge between batches, answer syncs, stop on close."""
    # Imported here: the crawl process needs none of it to start a store process.
    from crawler.store.run_store import RunStore
    from storage.db import Database

    database = Database(db_url, migrate=False)
    store = RunStore(database, platform)
    judge = helper(database) if helper is not None else None
    send_lock = threading.Lock()
    applied = _Applied()
    store.writer.after_commit.append(lambda: applied.report(conn, send_lock))
    store.writer.after_rollback.append(applied.rolled_back)

    def reply(*message: Any) -> None:
        with send_lock:
            conn.send(message)

    try:
        while True:
            try:
                batch = conn.recv()
            except EOFError:
                return  # the crawl process is gone: what was committed stays committed
            for write in batch:
                kind = write[0]
                if kind == "sync":
                    store.writer.flush()
                    reply("synced", write[1], store.failures, None)
                elif kind == "end":
                    store.writer.flush()
                    outcome = judge.end(store, write[2]) if judge is not None else None
                    reply("ended", write[1], store.failures, outcome)
                elif kind == "close":
                    store.close()
                    reply("closed", write[1], store.failures, None)
                    return
                else:
                    if judge is not None and kind in ("account", "post"):
                        judge.touched(write[1].platform, write[1].account_key, write[2])
                    store.write(kind, *write[1:])
                    # Counted when its transaction commits (or fails for good: a failed
                    # write is reported as such, never applied again).
                    store.submit(applied.one)
            if judge is not None:
                judge.work()
    finally:
        database.dispose()


class _Applied:
    """Writes done since the last report, counted on the store writer thread."""

    def __init__(self) -> None:
        self._in_transaction = 0

    def one(self, _session: Any) -> None:
        self._in_transaction += 1

    def rolled_back(self) -> None:
        # The writer applies the batch again one by one, markers included.
        self._in_transaction = 0

    def report(self, conn: Connection, send_lock: threading.Lock) -> None:
        done, self._in_transaction = self._in_transaction, 0
        if done:
            with send_lock:
                conn.send(("committed", done))
