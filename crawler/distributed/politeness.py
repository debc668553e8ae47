"""Politeness across workers: a host's concurrency and delay are shared through Redis
(docs/architecture.md, "Distributed crawl").

Scrapy keeps each worker polite on its own; two workers would double the load on a
platform. Before a request goes out, this downloader middleware asks Redis for one of the
host's slots (at most the profile's `concurrency` at once, over every worker and run) and
for its turn (`download_delay` after the previous start, on Redis's clock). It waits
asynchronously when it gets neither, and gives the slot back on the response or the error.
A killed worker's slots lapse after the page timeout.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.distributed.queue import crawler_frontier
from crawler.runtime import run_state

SLOT_META = "mimamori_host_slot"
HOST_KEY = "mimamori:host:{host}"
# 0: go (slot taken, turn taken); otherwise milliseconds to wait before asking again.
_ACQUIRE = """
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, math.min(50, tonumber(first[2]) - now))
end
local next_at = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < next_at then return next_at - now end
redis.call('SET', KEYS[2], now + tonumber(ARGV[2]), 'PX', tonumber(ARGV[2]) + 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[4])
return 0
"""


class SharedPolitenessMiddleware:
    """Downloader middleware, after the replay (a replayed page takes no slot)."""

    def __init__(self, crawler: Crawler) -> None:
        profile = run_state(crawler).profile
        self.client = crawler_frontier(crawler).client
        self.concurrency = max(1, profile.politeness.concurrency)
        self.delay_ms = int(profile.politeness.download_delay * 1000)
        self.slot_ttl_ms = int((profile.limits.page_timeout_s + 30) * 1000)
        self._acquire = self.client.register_script(_ACQUIRE)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedPolitenessMiddleware:
        return cls(crawler)

    @staticmethod
    def _keys(request: Request) -> list[str]:
        key = HOST_KEY.format(host=(urlsplit(request.url).hostname or "").lower())
        return [f"{key}:slots", f"{key}:next"]

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        token = uuid.uuid4().hex
        keys = self._keys(request)
        args = [self.concurrency, self.delay_ms, self.slot_ttl_ms, token]
        while (wait_ms := int(self._acquire(keys=keys, args=args))) > 0:
            # While every slot is taken the script says ask again in at most 50 ms: a
            # slot's end is not announced.
            await asyncio.sleep(wait_ms / 1000)
        request.meta[SLOT_META] = (keys[0], token)

    def _release(self, request: Request) -> None:
        slot = request.meta.pop(SLOT_META, None)
        if slot is not None:
            self.client.zrem(*slot)

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        self._release(request)
        return response

    def process_exception(
        self, request: Request, exception: Exception, spider: Spider | None = None
    ) -> Any:
        self._release(request)
        return None
