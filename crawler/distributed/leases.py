"""When a leased request is done: after every row its page made is committed
(docs/architecture.md, "Distributed crawl").

A page's items pass the store pipeline a little after the callback's output ends, and the
store commits in batches on its own thread. So a lease is acked in three steps: the callback's
output ends and its last item has passed the pipeline (`item_scraped`/`item_dropped`/
`item_error`), then a no-op joins the store writer's queue behind those items, then the
writer's after-commit hook acks it in Redis. A worker killed anywhere before that leaves the
lease in Redis, and the request is done again by another worker.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from sqlalchemy.orm import Session

from crawler.distributed.frontier import Frontier
from crawler.distributed.queue import LEASE_META, crawler_frontier
from crawler.runtime import run_state
from crawler.store.run_store import RunStore
from spiders.contract import request_failed


class LeaseAcks:
    """Acks leases once the store has committed everything submitted before them."""

    def __init__(self, frontier: Frontier, store: RunStore) -> None:
        self.frontier = frontier
        self.store = store
        self._ready: list[str] = []
        self._lock = threading.Lock()
        store.writer.after_commit.append(self._committed)
        store.writer.after_rollback.append(self._rolled_back)
        # lease -> [items not yet through the pipeline, output ended?]
        self.open: dict[str, list[Any]] = {}

    def done_when_stored(self, lease: str) -> None:
        def note(session: Session) -> None:
            with self._lock:
                self._ready.append(lease)

        self.store.submit(note)

    def _committed(self) -> None:
        with self._lock:
            leases, self._ready = self._ready, []
        self.frontier.ack(leases)

    def _rolled_back(self) -> None:
        # The writer replays the batch's operations, and with them these notes.
        with self._lock:
            self._ready.clear()

    # -- the page's items ------------------------------------------------------------------
    def item_out(self, lease: str) -> None:
        self.open.setdefault(lease, [0, False])[0] += 1

    def output_ended(self, lease: str) -> None:
        entry = self.open.setdefault(lease, [0, False])
        entry[1] = True
        self._maybe_done(lease)

    def item_passed(self, response: Any) -> None:
        lease = getattr(response, "meta", {}).get(LEASE_META) if response is not None else None
        if lease is None or lease not in self.open:
            return
        self.open[lease][0] -= 1
        self._maybe_done(lease)

    def _maybe_done(self, lease: str) -> None:
        remaining, ended = self.open[lease]
        if ended and remaining <= 0:
            del self.open[lease]
            self.done_when_stored(lease)


class LeaseAckMiddleware:
    """Spider middleware: counts a leased page's items and ends its lease with its output."""

    def __init__(self, crawler: Crawler) -> None:
        self.acks = LeaseAcks(crawler_frontier(crawler), run_state(crawler).store)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(self._item_passed, signal=signal)
        crawler.signals.connect(self._request_failed, signal=request_failed)
        crawler.signals.connect(self._request_dropped, signal=signals.request_dropped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LeaseAckMiddleware:
        return cls(crawler)

    def _item_passed(self, item: Any = None, response: Any = None, **_: Any) -> None:
        self.acks.item_passed(response)

    def _request_dropped(self, request: Request, spider: Any = None) -> None:
        # A redirect to a URL some worker already has: the scheduler drops it, and the
        # lease it carried (its page's) is done, with nothing to store.
        lease = request.meta.get(LEASE_META)
        if lease:
            self.acks.frontier.ack([lease])

    def _request_failed(self, failure: Any) -> None:
        lease = failure.request.meta.get(LEASE_META)
        if lease:
            self.acks.output_ended(lease)

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any], spider: Spider | None = None
    ) -> AsyncIterator[Any]:
        lease = response.meta.get(LEASE_META)
        try:
            async for obj in result:
                if isinstance(obj, Request):
                    # A link inherits nothing of its page's lease (it gets its own when popped).
                    # A copy: the link may share its page's meta dict, which still needs it.
                    if LEASE_META in obj.meta:
                        meta = {k: v for k, v in obj.meta.items() if k != LEASE_META}
                        obj = obj.replace(meta=meta)
                elif lease:
                    self.acks.item_out(lease)
                yield obj
        finally:
            if lease:
                self.acks.output_ended(lease)
