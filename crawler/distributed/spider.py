"""The profile spider as a distributed worker: scrapy-redis meets `async def start()`.

scrapy-redis 0.9.1's `RedisSpider` reads start URLs in `start_requests()`, which Scrapy
2.13+ no longer calls by default. We do not use it: its scheduler (with our leased queue,
crawler/distributed/queue.py) is enough, and the spider keeps Scrapy's `start()`. The
seeding worker's `start()` is the profile's own (start URLs, search pages, their headers
and cookies), so its requests reach Redis through the scheduler exactly as they would reach
a local queue; every other worker's `start()` yields nothing and the engine pulls from Redis.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.distributed.queue import crawler_frontier
from crawler.middlewares.media import MediaRequestsMiddleware
from spiders.profile_spider import ProfileSpider

SEED_SETTING = "MIMAMORI_SEED_FRONTIER"


class WorkerSpider(ProfileSpider):
    async def start(self) -> AsyncIterator[Any]:
        if not self.settings.getbool(SEED_SETTING):
            return
        async for request in super().start():
            yield request
        # Every start request is in the scheduler now: the run may end when drained.
        crawler_frontier(self.crawler).seeded()

    # Media requests are made by a middleware; in Redis they name these methods instead.
    def _media_middleware(self) -> MediaRequestsMiddleware:
        assert self.crawler.engine is not None
        for middleware in self.crawler.engine.scraper.spidermw.middlewares:
            if isinstance(middleware, MediaRequestsMiddleware):
                return middleware
        raise RuntimeError("the media middleware is not enabled")

    def parse_media(self, response: Response) -> Any:
        return self._media_middleware().parse_media(response)

    async def media_failed(self, failure: Failure) -> None:
        await self._media_middleware().media_failed(failure)
