"""Scrapy extension: a run's life from open to close (progress board, errors, judging, the run row).

It reaches the run's state through the crawler (crawler.runtime.run_state), records
the problems the spider signals (spiders.contract), and when the spider closes it
judges every account the run touched, sweeps accounts and posts that went missing,
links the run's accounts to stored ones (crawler/link/run_step.py), writes the run's summary and health, signs a checkpoint of the store's chains, and asks
the configured timestamp authorities for a trusted time over its WARC files and the capture
chain head (docs/architecture.md, "Crawl engine").
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from twisted.python.failure import Failure

from crawler.middlewares.failures import classify_failure
from crawler.progress import BOARD
from crawler.resume import RESUME_SETTING
from crawler.run_checkpoint import checkpoint_run
from crawler.run_end import RunEnd, finish_run
from crawler.run_summary import run_health, run_summary
from crawler.runtime import RunState, run_state
from spiders.account_tally import accounts_extracted
from spiders.contract import page_problem, request_failed
from storage.timestamps import timestamp_run_end

logger = logging.getLogger(__name__)


class RunLifecycle:
    def __init__(self, crawler: Crawler, state: RunState) -> None:
        self.crawler = crawler
        self.state = state
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.page_problem, signal=page_problem)
        crawler.signals.connect(self.request_failed, signal=request_failed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunLifecycle:
        return cls(crawler, run_state(crawler))

    @property
    def stats(self) -> Any:
        return self.crawler.stats

    def spider_opened(self, spider: Spider) -> None:
        BOARD.start(self.state.profile.name)

    def response_received(self, response: Any, request: Any, spider: Spider) -> None:
        self._update_board()

    def item_scraped(self, item: Any, spider: Spider) -> None:
        self._update_board()

    def _update_board(self) -> None:
        stats = self.stats.get_stats()
        BOARD.update(
            self.state.profile.name,
            pages=int(stats.get("mimamori/pages", 0)),
            accounts=accounts_extracted(stats),
            posts=int(stats.get("mimamori/posts", 0)),
            errors=sum(self.state.error_counts().values()),
            bytes=self.state.counters["bytes"],
        )

    # -- problems the spider reports ------------------------------------------------
    def page_problem(self, url: str, kind: str, message: str) -> None:
        self.state.record_error(url=url, kind=kind, message=message)

    def request_failed(self, failure: Failure) -> None:
        kind, message = classify_failure(failure)
        self.stats.inc_value(f"mimamori/errors/{kind}")
        self.state.record_error(url=failure.request.url, kind=kind, message=message)

    # -- the end of the run ------------------------------------------------------------
    def spider_closed(self, spider: Spider, reason: str) -> None:
        state = self.state
        stats = dict(self.stats.get_stats())
        state.store.flush()
        finished_at = datetime.now(UTC)
        outcome = self._judge_and_sweep(reason, finished_at)
        # The crawl's time to the end of judging and flagging, the figure a benchmark quotes
        # (docs/benchmarks.md): duration_s stops at the last response.
        outcome["judged_at"] = datetime.now(UTC)
        summary = run_summary(
            stats=stats,
            counters=dict(state.counters),
            errors=state.error_counts(),
            outcome=outcome,
            resumed_from=[int(x) for x in self.crawler.settings.getlist(RESUME_SETTING)],
            reason=reason,
            finished_at=finished_at,
            warc_files=state.recorder.warc.files,
            write_failures=state.store.failures,
        )
        problems = run_health(state.profile, stats, reason)
        if state.store.failures:
            problems.append(f"{len(state.store.failures)} database writes failed")
        for problem in problems:
            logger.error("crawl health check failed for %s: %s", state.profile.name, problem)
        state.store.submit(
            lambda session: state.finish_row(
                session, at=finished_at, reason=reason, summary=summary, problems=problems
            )
        )
        state.close()
        checkpoint_run(state)
        # Every WARC file is closed now: give them and the chain head a trusted time
        # (best effort; a no-op without an authority; docs/architecture.md, "Capture").
        timestamp_run_end(
            state.cfg, state.database, run_id=state.run_id, warc_files=state.recorder.warc.files
        )
        BOARD.finish(state.profile.name, summary, problems)

    def _judge_and_sweep(self, reason: str, finished_at: datetime) -> dict[str, Any]:
        """Judge every account the run touched; on a complete run, mark what went missing;
        link sellers (crawler/flag/run_end.py), once every item is written."""
        state = self.state
        end = RunEnd(
            run_id=state.run_id,
            platform=state.profile.platform,
            touched=tuple(sorted(state.store.touched_accounts)),
            complete=reason == "finished" and not state.profile.limits.max_pages,
            finished_at=finished_at,
            blob_dir=state.recorder.blobs.root,
        )
        return finish_run(state.store, end, state.detection)
