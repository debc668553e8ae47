"""Scrapy extensions: finish a run (judge, flag, health, stats) and show live progress."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.flag.judge import judge_accounts
from crawler.progress import BOARD
from crawler.runtime import CrawlContext
from crawler.schedule.resume import RESUME_SETTING
from crawler.schedule.takedown import update_takedowns
from crawler.store.presence import mark_missing
from storage.models import Account, CrawlRun, Platform

logger = logging.getLogger(__name__)


def run_health(profile: Any, stats: dict[str, Any], finish_reason: str) -> list[str]:
    """Problems that make a run unhealthy, in the spirit of Spidermon's monitors."""
    problems = []
    accounts = int(stats.get("mimamori/accounts", 0))
    if accounts < profile.health.min_accounts:
        problems.append(
            f"extracted {accounts} accounts (expected at least {profile.health.min_accounts}): "
            "the site or the profile's selectors may have changed"
        )
    responses = int(stats.get("downloader/response_count", 0))
    errors = sum(
        int(v)
        for k, v in stats.items()
        if k.startswith("mimamori/errors/") and not k.endswith("robots_forbidden")
    )
    if responses and errors / max(responses, 1) > profile.health.max_error_ratio:
        problems.append(
            f"{errors} errors for {responses} responses (over {profile.health.max_error_ratio:.0%})"
        )
    if finish_reason not in ("finished",):
        problems.append(f"finished early: {finish_reason}")
    return problems


class RunLifecycle:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.response_received, signal=signals.response_received)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunLifecycle:
        return cls(crawler)

    def _context(self, spider: Spider) -> CrawlContext:
        return spider.context  # type: ignore[attr-defined]

    def spider_opened(self, spider: Spider) -> None:
        BOARD.start(self._context(spider).profile.name)

    def response_received(self, response: Any, request: Any, spider: Spider) -> None:
        self._update_board(spider)

    def item_scraped(self, item: Any, spider: Spider) -> None:
        self._update_board(spider)

    def _update_board(self, spider: Spider) -> None:
        context = self._context(spider)
        stats = self.crawler.stats.get_stats()
        BOARD.update(
            context.profile.name,
            pages=int(stats.get("mimamori/pages", 0)),
            accounts=int(stats.get("mimamori/accounts", 0)),
            posts=int(stats.get("mimamori/posts", 0)),
            errors=sum(v for k, v in context.counters.items() if k.startswith("error/")),
            bytes=context.counters["bytes"],
        )

    def spider_closed(self, spider: Spider, reason: str) -> None:
        context = self._context(spider)
        stats = dict(self.crawler.stats.get_stats())
        context.store.flush()
        finished_at = datetime.now(UTC)
        version = context.detector_version
        detector = context.detector
        outcome_box: dict[str, Any] = {}

        def finish(session: Session) -> None:
            ids = []
            for platform, key in sorted(context.touched_accounts):
                account_id = session.scalar(
                    select(Account.id)
                    .join(Platform, Platform.id == Account.platform_id)
                    .where(Platform.key == platform, Account.account_key == key)
                )
                if account_id is not None:
                    ids.append(account_id)
            outcome = judge_accounts(
                session,
                detector,
                account_ids=ids,
                run_id=context.run_id,
                detector_version=version,
                blobs=context.blobs,
            )
            outcome_box["judge"] = outcome
            complete = reason == "finished" and not context.profile.limits.max_pages
            if complete:
                outcome_box["missing"] = mark_missing(
                    session,
                    platform=context.profile.platform,
                    run_id=context.run_id,
                    at=finished_at,
                    seen_account_ids=ids,
                )
                outcome_box["takedowns"] = update_takedowns(
                    session,
                    platform=context.profile.platform,
                    run_id=context.run_id,
                    at=finished_at,
                )

        context.store.submit(finish)
        context.store.flush()
        judge = outcome_box.get("judge")
        summary = {
            "pages": int(stats.get("mimamori/pages", 0)),
            "accounts": int(stats.get("mimamori/accounts", 0)),
            "posts": int(stats.get("mimamori/posts", 0)),
            "responses": int(stats.get("downloader/response_count", 0)),
            "captures": context.counters["captures"],
            "revisits": context.counters["revisits"],
            "screenshots": context.counters["screenshots"],
            "media": context.counters["media_fetches"],
            "bytes": context.counters["bytes"],
            "errors": {
                k.removeprefix("error/"): v
                for k, v in context.counters.items()
                if k.startswith("error/")
            },
            "new_flags": len(judge.new_flags) if judge else 0,
            "requeued_flags": len(judge.requeued) if judge else 0,
            "judged_accounts": judge.judged if judge else 0,
            "missing": outcome_box.get("missing", {}),
            "takedowns": outcome_box.get("takedowns", {}),
            "resumed_from_runs": [int(x) for x in self.crawler.settings.getlist(RESUME_SETTING)],
            "replayed": int(stats.get("mimamori/replayed", 0)),
            "finish_reason": reason,
            "retry_after_waits": int(stats.get("mimamori/retry_after_waits", 0)),
            "duration_s": round(
                (finished_at - context_started(stats, finished_at)).total_seconds(), 2
            ),
            "warc_files": list(context.warc.files),
            "write_failures": list(context.store.failures),
        }
        problems = run_health(context.profile, stats, reason)
        if context.store.failures:
            problems.append(f"{len(context.store.failures)} database writes failed")
        for problem in problems:
            logger.error("crawl health check failed for %s: %s", context.profile.name, problem)

        def close_run(session: Session) -> None:
            run = session.get(CrawlRun, context.run_id)
            assert run is not None
            run.finished_at = finished_at
            run.finish_reason = reason
            run.status = "finished" if reason == "finished" else "failed"
            run.stats = summary
            run.health_ok = not problems
            run.health_messages = problems

        context.store.submit(close_run)
        context.close()
        context.store.close()
        BOARD.finish(context.profile.name, summary, problems)


def context_started(stats: dict[str, Any], default: datetime) -> datetime:
    started = stats.get("start_time")
    if isinstance(started, datetime):
        return started if started.tzinfo else started.replace(tzinfo=UTC)
    return default
