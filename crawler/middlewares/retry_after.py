"""Retries that honour Retry-After on 429 and 503, within a limit the profile sets."""

from __future__ import annotations

import asyncio
import email.utils
import logging
from datetime import UTC, datetime

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.http import Response

logger = logging.getLogger(__name__)


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    def __init__(self, settings, max_wait: float) -> None:  # type: ignore[no-untyped-def]
        super().__init__(settings)
        self.max_wait = max_wait

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        mw = cls(crawler.settings, crawler.settings.getfloat("MIMAMORI_MAX_RETRY_AFTER", 120))
        mw.crawler = crawler
        return mw

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        if response.status in (429, 503) and not request.meta.get("dont_retry"):
            header = response.headers.get("Retry-After")
            wait = retry_after_seconds(header.decode("latin-1") if header else None)
            if wait is not None:
                if wait > self.max_wait:
                    logger.warning(
                        "%s asks us to wait %.0fs (limit %.0fs); giving up on it",
                        request.url,
                        wait,
                        self.max_wait,
                    )
                    return response
                retry = get_retry_request(
                    request,
                    spider=self.crawler.spider,
                    reason=f"{response.status} Retry-After {wait:.0f}s",
                    max_retry_times=self.max_retry_times,
                    priority_adjust=self.priority_adjust,
                    stats_base_key="retry",
                )
                if retry is None:
                    return response
                self.crawler.stats.inc_value("mimamori/retry_after_waits")
                await asyncio.sleep(wait)
                return retry
        return super().process_response(request, response)
