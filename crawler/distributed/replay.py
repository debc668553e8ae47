"""A re-queued request whose page the killed worker had already captured is replayed from
that worker's WARC record, not fetched again: one capture per URL per run
(docs/architecture.md, "Distributed crawl"; the same replay as crawler/resume.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.distributed.queue import REQUEUED_META
from crawler.resume import ResumeReplayMiddleware, existing_links, replay_index
from crawler.runtime import run_state


class RequeuedReplayMiddleware(ResumeReplayMiddleware):
    """Downloader middleware next to the downloader, like the resume replay."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler, [])

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RequeuedReplayMiddleware:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        self.index = {}
        self.warc_dir = Path(run_state(self.crawler).cfg.warc_dir)

    def spider_closed(self, spider: Spider) -> None:
        return None

    def process_request(self, request: Request, spider: Any = None) -> Response | None:
        if request.meta.pop(REQUEUED_META, False) and request.method == "GET":
            state = run_state(self.crawler)
            with state.database.session() as session:
                found = replay_index(session, [state.run_id], url=request.url)
                if found:
                    # The links its items already have: the store must not add them twice.
                    state.store.linked.update(existing_links(session, [state.run_id]))
            assert self.index is not None
            for url, sources in found.items():
                self.index.setdefault(url, sources.__class__()).extend(sources)
        return super().process_request(request, spider)
