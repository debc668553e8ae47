"""Spider middleware: fetch the media that extracted posts list, and hash them on arrival.

The spider names media only as `PostItem.media_urls`; this middleware follows each
post with its media requests (or with the items of media an earlier run hashed), in
the place the spider's own requests would have been, and turns each fetched medium
into a `MediaItem` through the run's `MediaCapture` (docs/architecture.md, "Capture").
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.capture.media_capture import MediaCapture
from crawler.items import AccountItem, MediaItem, PostItem
from crawler.middlewares.failures import classify_failure
from crawler.runtime import RunState, run_state


class MediaRequestsMiddleware:
    def __init__(self, crawler: Crawler, state: RunState) -> None:
        self.crawler = crawler
        self.state = state
        self.media: MediaCapture = state.media

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MediaRequestsMiddleware:
        return cls(crawler, run_state(crawler))

    def process_spider_output(
        self, response: Response, result: Iterable[Any], spider: Spider | None = None
    ) -> Iterator[Any]:
        for obj in result:
            yield from self._with_media(obj)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any], spider: Spider | None = None
    ) -> AsyncIterator[Any]:
        async for obj in result:
            for out in self._with_media(obj):
                yield out

    def _with_media(self, obj: Any) -> Iterator[Any]:
        if isinstance(obj, AccountItem):
            # Before the account's posts go by: their media must know the account's risk.
            self.media.note_account(obj)
        yield obj
        if isinstance(obj, PostItem):
            for follow in self.media.follow_post(obj, self.parse_media, self.media_failed):
                if isinstance(follow, MediaItem):
                    self.crawler.stats.inc_value("mimamori/media_already_hashed")  # type: ignore[union-attr]
                yield follow

    def parse_media(self, response: Response) -> Iterator[MediaItem]:
        yield self.media.fetched_item(response)

    async def media_failed(self, failure: Failure) -> None:
        kind, message = classify_failure(failure)
        self.state.record_error(url=failure.request.url, kind=f"media_{kind}", message=message)
