"""Run one or more profile crawls in this process and report what they did."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.settings import Settings

from crawler.detect_runtime import missing_watchlist_warning
from crawler.middlewares.address_guard import restricted_reason
from crawler.progress import BOARD
from crawler.resume import (
    RESUME_SETTING,
    ResumeReplayMiddleware,
    close_interrupted,
    interrupted_runs,
    repair_interrupted_warcs,
)
from crawler.run_lock import ProfileBusyError, ProfileLock
from crawler.runtime import RunState, attach
from crawler.settings import crawler_process, profile_settings
from spiders.profile import Profile, ProfileError, load_profile
from spiders.profile_spider import ProfileSpider
from spiders.search import search_urls
from storage.config import AppConfig
from storage.db import Database, open_database
from storage.models import CrawlRun
from storage.timestamps import timestamp_warc_files

logger = logging.getLogger(__name__)


@dataclass
class CrawlResult:
    profile: str
    run_id: int
    summary: dict[str, Any]
    problems: list[str]
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "run_id": self.run_id,
            "summary": self.summary,
            "problems": self.problems,
            "warnings": self.warnings,
        }


def resolve_profiles(
    refs: list[str], variables: dict[str, str] | None = None, *, operator_dir: Path | None = None
) -> list[Profile]:
    """Profiles by path or name; names are looked up in the operator's folder (the data dir's
    `profiles/`, where admins add them in the review app) and then in the bundled ones."""
    profiles = [load_profile(ref, variables, operator_dir=operator_dir) for ref in refs]
    names = [p.name for p in profiles]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise ProfileError(f"the same profile is named twice: {', '.join(sorted(dupes))}")
    for profile in profiles:
        if profile.allow_private_addresses:
            continue
        for url in [*profile.start_urls, *search_urls(profile.search)]:
            reason = restricted_reason(url)
            if reason:
                raise ProfileError(
                    f"{profile.source_path or profile.name}: refusing to crawl {url}: {reason}. "
                    "mimamori does not crawl private, loopback or link-local addresses unless the "
                    "profile says `allow_private_addresses: true` (only for a lab or the demo site)."
                )
    return profiles


class CrawlBusyError(ProfileError, ProfileBusyError):
    """A profile asked for is being crawled by another process right now."""


def _interrupted_before(cfg: AppConfig, profile: Profile, database: Database) -> list[int]:
    """Runs of this profile that were cut short just before now; this crawl resumes them."""
    with database.session() as session:
        run_ids = interrupted_runs(session, profile.name)
        close_interrupted(session, run_ids)
    if run_ids:
        _, closed = repair_interrupted_warcs(cfg.warc_dir, profile.name, run_ids)
        # The killed run never timestamped its last files: they are closed for good now.
        timestamp_warc_files(cfg, database, closed)
        logger.warning("%s: resuming interrupted run(s) %s", profile.name, run_ids)
    return run_ids


def _with_resume(settings: dict[str, Any], run_ids: list[int]) -> dict[str, Any]:
    if not run_ids:
        return settings
    middleware = f"{ResumeReplayMiddleware.__module__}.{ResumeReplayMiddleware.__name__}"
    return {
        **settings,
        RESUME_SETTING: run_ids,
        # 960: next to the downloader, after the evidence middleware (950) in request order.
        "DOWNLOADER_MIDDLEWARES": {**settings["DOWNLOADER_MIDDLEWARES"], middleware: 960},
    }


def _acquire_locks(cfg: AppConfig, profiles: list[Profile]) -> list[ProfileLock]:
    held: list[ProfileLock] = []
    try:
        for profile in profiles:
            held.append(ProfileLock(cfg, profile.name).acquire())
    except ProfileBusyError as exc:
        for lock in held:
            lock.release()
        raise CrawlBusyError(str(exc)) from None
    return held


STORE_PROCESS_ENV = "MIMAMORI_STORE_PROCESS"


def store_process_enabled() -> bool:
    """Whether a crawl's data writes go to a store process on another core
    (crawler/store/process.py); MIMAMORI_STORE_PROCESS=0 keeps them on a thread of the crawl
    process, as a fallback and for comparison."""
    return os.environ.get(STORE_PROCESS_ENV, "1") != "0"


def run_crawls(
    cfg: AppConfig,
    profiles: list[Profile],
    *,
    log_level: str = "WARNING",
    show_progress: bool = True,
    triggered_by: str = "cli",
    database: Database | None = None,
) -> list[CrawlResult]:
    """Crawl every profile concurrently in one Scrapy process (the reactor can start only once)."""
    database = database or open_database(cfg)
    BOARD.enabled = show_progress
    # Held until this process exits: two crawls of one profile would interleave their
    # runs and fight over which run an interrupted crawl resumes.
    locks = _acquire_locks(cfg, profiles)
    try:
        process = crawler_process(log_level)
        # Logged once the process has installed its log handler, so it reaches the run's log.
        warnings = [w for w in [missing_watchlist_warning(database)] if w]
        for warning in warnings:
            logger.warning(warning)
        states: list[RunState] = []
        for profile in profiles:
            resume_from = _interrupted_before(cfg, profile, database)
            state = RunState.open(
                cfg,
                profile,
                database,
                triggered_by=triggered_by,
                store_process=store_process_enabled(),
            )
            states.append(state)
            settings = _with_resume(profile_settings(profile, log_level=log_level), resume_from)
            crawler = Crawler(ProfileSpider, Settings(settings))
            # Every engine component finds the run's state on its crawler (from_crawler).
            attach(crawler, state)
            process.crawl(crawler, profile=profile)
        process.start()
    finally:
        for lock in locks:
            lock.release()
    results = []
    with database.session() as session:
        for state in states:
            run = session.get(CrawlRun, state.run_id)
            assert run is not None
            if run.finished_at is None:
                # The spider never closed normally (the process was interrupted).
                run.status = "crashed"
                run.health_ok = False
                run.health_messages = ["the crawl did not finish"]
            results.append(
                CrawlResult(
                    state.profile.name,
                    state.run_id,
                    dict(run.stats or {}),
                    list(run.health_messages or []),
                    list(warnings),
                )
            )
    return results
