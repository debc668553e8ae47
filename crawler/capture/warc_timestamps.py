"""Trusted time for each WARC file as soon as the writer closes it (docs/architecture.md,
"Capture").

A file rotated in the middle of a long crawl is timestamped then, not hours later at the
end of the run; the request goes to a worker thread, so an authority that is slow or
down never stalls the crawl. Without a configured authority nothing runs.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor, wait

from storage.config import AppConfig
from storage.db import Database
from storage.timestamps import timestamp_warc_files

logger = logging.getLogger(__name__)


class ClosedWarcTimestamper:
    def __init__(self, cfg: AppConfig, database: Database) -> None:
        self.cfg = cfg
        self.database = database
        self._pool = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="warc-timestamps")
            if cfg.tsa_urls
            else None
        )
        self._pending: list[Future[object]] = []

    def __call__(self, name: str) -> None:
        """The WARC writer's `on_closed` hook."""
        if self._pool is not None:
            self._pending.append(
                self._pool.submit(timestamp_warc_files, self.cfg, self.database, [name])
            )

    def wait(self) -> None:
        """Wait for every file handed over so far."""
        wait(self._pending)
        self._pending = [f for f in self._pending if not f.done()]

    def drain(self) -> None:
        """Wait, then stop the worker (the run's end, before it checkpoints)."""
        if self._pool is not None:
            self.wait()
            self._pool.shutdown(wait=True)
            self._pool = None
