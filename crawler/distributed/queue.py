"""scrapy-redis's scheduler with a leased queue (docs/architecture.md, "Distributed crawl").

scrapy-redis's `Scheduler` and `RFPDupeFilter` are used as they are; only the queue class is
ours, so a popped request stays in the worker's in-flight hash until its page is stored. The
spider keeps Scrapy's `async def start()`: the seeding worker's start requests go through
this scheduler into Redis like any link, and the other workers' `start()` yields nothing
(`spiders/profile_spider.py` is not changed; `crawler/distributed/spider.py`).
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy_redis.queue import Base

from crawler.distributed.frontier import Frontier

LEASE_META = "mimamori_lease"
REQUEUED_META = "mimamori_requeued"
FRONTIER_ATTRIBUTE = "mimamori_frontier"


def crawler_frontier(crawler: Any) -> Frontier:
    frontier = getattr(crawler, FRONTIER_ATTRIBUTE, None)
    if not isinstance(frontier, Frontier):
        raise RuntimeError("this crawler has no distributed frontier (crawler.distributed.run)")
    return frontier


class LeasedQueue(Base):
    """A scrapy-redis queue whose pop is a lease, not a removal."""

    def __init__(self, server: Any, spider: Any, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        self.frontier = crawler_frontier(spider.crawler)

    def __len__(self) -> int:
        return self.frontier.waiting()

    def push(self, request: Request) -> None:
        request = self._spider_callbacks(request)
        # A retry or a redirect carries the lease of the request it replaces: hand it over.
        lease = request.meta.pop(LEASE_META, None)
        request.meta.pop(REQUEUED_META, None)
        self.frontier.push(self._encode_request(request), -request.priority, ack=lease)

    def _spider_callbacks(self, request: Request) -> Request:
        """A request crosses processes by its callbacks' names on the spider; a middleware's
        callback (media fetches) goes by the spider's method of the same name
        (crawler/distributed/spider.py)."""
        changes = {}
        for attr in ("callback", "errback"):
            func = getattr(request, attr)
            owner = getattr(func, "__self__", None)
            if owner is not None and owner is not self.spider:
                changes[attr] = getattr(self.spider, func.__name__)
        return request.replace(**changes) if changes else request

    def pop(self, timeout: int = 0) -> Request | None:
        got = self.frontier.pop()
        if got is None:
            return None
        lease, data, requeued = got
        request: Request = self._decode_request(data)
        request.meta[LEASE_META] = lease
        if requeued:
            request.meta[REQUEUED_META] = True
        return request

    def clear(self) -> None:
        """Never: a worker closing must not empty the queue the others still work on
        (`SCHEDULER_PERSIST` too); the last worker forgets the run's keys (Frontier.close_run)."""
