"""Start a distributed worker: seed a run's frontier (`mimamori crawl --frontier`) or join the
profile's current run (`mimamori worker`), in one Scrapy process (docs/architecture.md,
"Distributed crawl")."""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import socket
import time
import uuid
from typing import Any

from scrapy.crawler import Crawler
from scrapy.settings import Settings

from crawler.distributed.frontier import Frontier, RunKeys, connect
from crawler.distributed.frontier_url import with_password
from crawler.distributed.queue import FRONTIER_ATTRIBUTE
from crawler.distributed.spider import SEED_SETTING, WorkerSpider
from crawler.progress import BOARD
from crawler.run import CrawlResult
from crawler.runtime import RunRecord, RunState, attach
from crawler.settings import crawler_process, profile_settings
from spiders.profile import Profile
from storage.config import AppConfig
from storage.db import Database, open_database
from storage.models import CrawlRun

logger = logging.getLogger(__name__)

DEFAULT_LEASE_S = 60.0


def worker_name(worker_id: str | None = None) -> str:
    """Host and worker id, safe in a file name: the worker's WARC series is named by it."""
    host = re.sub(r"[^A-Za-z0-9.-]+", "-", socket.gethostname()) or "host"
    return f"{host}-{worker_id or f'{os.getpid()}{uuid.uuid4().hex[:4]}'}"


def worker_settings(profile: Profile, keys: RunKeys, url: str, *, seed: bool, log_level: str):
    settings = profile_settings(profile, log_level=log_level)
    return {
        **settings,
        # scrapy-redis's scheduler and duplicate filter, our leased queue.
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "SCHEDULER_QUEUE_CLASS": "crawler.distributed.queue.LeasedQueue",
        "SCHEDULER_QUEUE_KEY": keys.queue,
        "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,
        "REDIS_URL": url,
        SEED_SETTING: seed,
        # The profile's page and time limits hold for the run over all workers, in the
        # frontier (Frontier.pop), not per worker as Scrapy's close-spider extension would.
        "CLOSESPIDER_PAGECOUNT": 0,
        "CLOSESPIDER_TIMEOUT": 0,
        "DOWNLOADER_MIDDLEWARES": {
            **settings["DOWNLOADER_MIDDLEWARES"],
            # Next to the downloader, after the evidence middleware (950), like the resume.
            "crawler.distributed.replay.RequeuedReplayMiddleware": 960,
            # Closest to the network: only a real fetch takes one of the host's shared slots.
            "crawler.distributed.politeness.SharedPolitenessMiddleware": 970,
        },
        "SPIDER_MIDDLEWARES": {
            **settings["SPIDER_MIDDLEWARES"],
            # Outermost: sees every request and item of a page, media requests included.
            "crawler.distributed.leases.LeaseAckMiddleware": 10,
        },
        "EXTENSIONS": {
            **{
                k: v
                for k, v in settings["EXTENSIONS"].items()
                if k != "crawler.extensions.RunLifecycle"
            },
            "crawler.distributed.lifecycle.WorkerLifecycle": 100,
        },
    }


def _record(
    cfg: AppConfig,
    database: Database,
    client: Any,
    profile: Profile,
    *,
    seed: bool,
    worker: str,
    triggered_by: str,
) -> RunRecord | None:
    if seed:
        opened = RunRecord.open(database, profile, triggered_by=triggered_by, operator=cfg.operator)
        Frontier.publish_run(
            client, profile.name, opened.run_id, max_runtime_s=profile.limits.max_runtime_s
        )
        return dataclasses.replace(opened, worker=worker)
    run_id = Frontier.current_run(client, profile.name)
    if run_id is None or _finished(database, run_id):
        return None
    return RunRecord.join(database, profile, run_id=run_id, worker=worker, operator=cfg.operator)


def _finished(database: Database, run_id: int) -> bool:
    with database.session() as session:
        run = session.get(CrawlRun, run_id)
        return run is None or run.finished_at is not None


def run_workers(
    cfg: AppConfig,
    profiles: list[Profile],
    frontier_url: str,
    *,
    seed: bool,
    worker_id: str | None = None,
    lease_s: float = DEFAULT_LEASE_S,
    log_level: str = "WARNING",
    show_progress: bool = True,
    triggered_by: str = "cli",
    database: Database | None = None,
) -> list[CrawlResult]:
    """Seed (with `seed`) and work on each profile's distributed run until it is drained.
    A profile with no run in the frontier is skipped (nothing to do)."""
    client = connect(frontier_url)
    # scrapy-redis opens its own connections from REDIS_URL (a setting in this process only).
    frontier_url = with_password(frontier_url)
    database = database or open_database(cfg)
    BOARD.enabled = show_progress
    worker = worker_name(worker_id)
    process = crawler_process(log_level)
    states: list[RunState] = []
    for profile in profiles:
        record = _record(
            cfg, database, client, profile, seed=seed, worker=worker, triggered_by=triggered_by
        )
        if record is None:
            logger.warning("%s: no distributed run in the frontier; nothing to do", profile.name)
            continue
        state = RunState.open(cfg, profile, database, record=record)
        states.append(state)
        keys = RunKeys(record.run_id)
        settings = worker_settings(profile, keys, frontier_url, seed=seed, log_level=log_level)
        crawler = Crawler(WorkerSpider, Settings(settings))
        attach(crawler, state)
        frontier = Frontier(
            client, record.run_id, worker, lease_s, max_pages=profile.limits.max_pages
        )
        setattr(crawler, FRONTIER_ATTRIBUTE, frontier)
        process.crawl(crawler, profile=profile)
    if states:
        process.start()
    if seed:
        for state in states:
            wait_for_finish(client, database, state.run_id)
    return [_result(database, state) for state in states]


def wait_for_finish(client: Any, database: Database, run_id: int, poll_s: float = 1.0) -> bool:
    """Until another worker has finished the run (True), or none is left alive to (False).
    The seeding command waits, so its caller (the scheduler, a script) gets the run's summary."""
    frontier = Frontier(client, run_id, worker="", lease_s=1)
    while not _finished(database, run_id):
        if not frontier.anyone_on_it():
            return _finished(database, run_id)
        time.sleep(poll_s)
    return True


def _result(database: Database, state: RunState) -> CrawlResult:
    with database.session() as session:
        run = session.get(CrawlRun, state.run_id)
        assert run is not None
        if run.finished_at is None:
            # Another worker is still on this run: it writes the run's summary when it ends.
            return CrawlResult(state.profile.name, state.run_id, {"worker": state.run.worker}, [])
        return CrawlResult(
            state.profile.name,
            state.run_id,
            dict(run.stats or {}),
            list(run.health_messages or []),
        )
