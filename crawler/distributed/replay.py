"""A re-queued request whose page the killed worker had already captured is replayed from
that worker's WARC record, not fetched again: one capture per URL per run
(docs/architecture.md, "Distributed crawl"; the same replay as crawler/resume.py).

The decision is the shared database's (its capture rows), not the data dir's. When the
record is not readable here (per-machine data dirs: the WARC is on the dead worker's
machine), or the page is rendered in the browser (never replayed), it is fetched again with
the database's capture as the page's previous one: an unchanged page becomes a revisit
record referring to it, not a second full capture.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.capture.recorder import PreviousCapture
from crawler.distributed.queue import REQUEUED_META
from crawler.resume import ResumeReplayMiddleware, existing_links, replay_index
from crawler.runtime import RunState, run_state
from storage.models import Capture

logger = logging.getLogger(__name__)


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
                # A browser page is never replayed (it is rendered again, crawler/resume.py).
                browser = bool(request.meta.get("playwright"))
                unreadable = [
                    url
                    for url, sources in found.items()
                    if browser
                    or not all((self.warc_dir / s.warc_file).is_file() for s in sources)
                    or not all((self.warc_dir / s.headers_file).is_file() for s in sources)
                ]
                for url in unreadable:
                    del found[url]
                    self._refetch_as_revisit(session, state, url)
            assert self.index is not None
            for url, sources in found.items():
                self.index.setdefault(url, sources.__class__()).extend(sources)
        return super().process_request(request, spider)

    def _refetch_as_revisit(self, session: Session, state: RunState, url: str) -> None:
        capture = session.scalars(
            select(Capture)
            .where(Capture.run_id == state.run_id, Capture.url == url)
            .where(Capture.kind == "response", Capture.warc_record_id.is_not(None))
            .order_by(Capture.id.desc())
            .limit(1)
        ).first()
        if capture is None or capture.warc_record_id is None:
            return
        logger.info("%s was captured by a worker that stopped: fetching it again", url)
        state.recorder.previous[url] = PreviousCapture(
            capture.sha256,
            capture.warc_record_id,
            capture.captured_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        )
