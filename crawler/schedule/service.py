"""The scheduler: APScheduler 3 with its jobs stored in mimamori's own database.

Jobs live in the `apscheduler_jobs` table, so `mimamori schedule add` in one process
and `mimamori schedule run` (or scheduler.py) in another share them, and they
survive restarts. Every job crawls one profile; missed runs are coalesced into one,
a profile never runs twice at once (max_instances=1 here, the crawl lock across
processes), and a run more than `misfire_grace_time` late is skipped, not piled up.
"""

from __future__ import annotations

import logging
import signal
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_MAX_INSTANCES,
    EVENT_JOB_MISSED,
    JobEvent,
    JobExecutionEvent,
)
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.job import Job
from apscheduler.jobstores.base import JobLookupError
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from crawler.distributed.frontier_url import split_password
from crawler.schedule.jobs import run_profile_job, stop_active_crawls
from storage.config import AppConfig
from storage.db import Database

logger = logging.getLogger(__name__)

JOB_FUNC = f"{run_profile_job.__module__}:{run_profile_job.__name__}"
JOBS_TABLE = "apscheduler_jobs"
DEFAULT_MISFIRE_GRACE_S = 3600
# How often the scheduler looks at the job table again, to pick up jobs that
# `schedule add/remove` changed from another process.
DEFAULT_POLL_S = 30.0


class ScheduleError(ValueError):
    """A schedule that cannot be created as asked."""


def job_id(profile_name: str) -> str:
    return f"crawl:{profile_name}"


def make_scheduler(database: Database, *, max_workers: int = 4) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=database.engine, tablename=JOBS_TABLE)},
        executors={"default": ThreadPoolExecutor(max_workers)},
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": DEFAULT_MISFIRE_GRACE_S,
        },
    )
    scheduler.add_listener(_log_event, EVENT_JOB_ERROR | EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES)
    return scheduler


def _log_event(event: JobEvent) -> None:
    if event.code == EVENT_JOB_ERROR:
        assert isinstance(event, JobExecutionEvent)
        logger.error("scheduled job %s failed: %r", event.job_id, event.exception)
    elif event.code == EVENT_JOB_MISSED:
        logger.error(
            "scheduled job %s missed its run at %s (scheduler was down?)",
            event.job_id,
            event.scheduled_run_time,
        )
    elif event.code == EVENT_JOB_MAX_INSTANCES:
        logger.warning("scheduled job %s is still running; this trigger was skipped", event.job_id)


def make_trigger(
    *, cron: str | None, every_s: float | None, jitter_s: int | None, timezone: str | None
) -> BaseTrigger:
    if bool(cron) == bool(every_s):
        raise ScheduleError("give exactly one of --cron or --every")
    if every_s is not None:
        if every_s < 1:
            raise ScheduleError("--every must be at least 1 second")
        return IntervalTrigger(seconds=every_s, jitter=jitter_s, timezone=timezone)
    assert cron is not None
    fields = cron.split()
    if len(fields) != 5:
        raise ScheduleError(
            f"bad cron expression {cron!r}: give five fields (minute hour day month weekday), "
            'e.g. "0 2 * * *" for 02:00 every night'
        )
    minute, hour, day, month, weekday = fields
    if any(ch.isdigit() for ch in weekday):
        # APScheduler counts weekdays from Monday=0, cron from Sunday=0: a number would
        # silently run on the wrong day, so ask for names.
        raise ScheduleError(
            f"write the weekday field of {cron!r} with names (mon,tue,...,sun or mon-fri), not numbers"
        )
    try:
        return CronTrigger(
            minute=minute,
            hour=hour,
            day=day,
            month=month,
            day_of_week=weekday,
            timezone=timezone,
            jitter=jitter_s,
        )
    except ValueError as exc:
        raise ScheduleError(f"bad cron expression {cron!r}: {exc}") from None


@dataclass
class ScheduleStore:
    """Open the job table without running jobs: for add, list, remove and run-now."""

    cfg: AppConfig

    def __enter__(self) -> BackgroundScheduler:
        self.database = Database(self.cfg.db_url)
        self.scheduler = make_scheduler(self.database)
        self.scheduler.start(paused=True)
        return self.scheduler

    def __exit__(self, *exc: object) -> None:
        self.scheduler.shutdown(wait=False)
        self.database.dispose()


def add_profile_job(
    scheduler: BackgroundScheduler,
    cfg: AppConfig,
    *,
    profile_ref: str,
    profile_name: str,
    trigger: BaseTrigger,
    variables: dict[str, str] | None = None,
    misfire_grace_s: int = DEFAULT_MISFIRE_GRACE_S,
    timeout_s: float | None = None,
    frontier: str | None = None,
) -> Job:
    # The job store is a table anyone with the database can read: neither the frontier's
    # password nor the database's is kept there; the job reads them from the environment
    # when it runs (crawler/distributed/frontier_url.py, jobs._database_url).
    frontier_password = False
    if frontier:
        frontier, password = split_password(frontier)
        frontier_password = password is not None
    return scheduler.add_job(
        JOB_FUNC,
        trigger=trigger,
        id=job_id(profile_name),
        name=profile_name,
        kwargs={
            "profile_ref": profile_ref,
            "profile_name": profile_name,
            "data_dir": str(cfg.data_dir),
            "db_url": split_password(cfg.db_url)[0],
            "variables": dict(variables or {}),
            "timeout_s": timeout_s,
            "frontier": frontier,
            "frontier_password": frontier_password,
        },
        replace_existing=True,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=misfire_grace_s,
    )


def remove_profile_job(scheduler: BackgroundScheduler, profile_name: str) -> bool:
    try:
        scheduler.remove_job(job_id(profile_name))
    except JobLookupError:
        return False
    return True


def describe_job(job: Job) -> dict[str, Any]:
    next_run: datetime | None = job.next_run_time
    kwargs = job.kwargs
    return {
        "id": job.id,
        "profile": kwargs.get("profile_name", job.name),
        "profile_ref": kwargs.get("profile_ref"),
        "trigger": str(job.trigger),
        "jitter_s": getattr(job.trigger, "jitter", None),
        "next_run": next_run.isoformat() if next_run else None,
        "variables": sorted(kwargs.get("variables") or {}),
        "misfire_grace_s": job.misfire_grace_time,
    }


def run_scheduler(
    cfg: AppConfig,
    *,
    stop: threading.Event | None = None,
    poll_s: float = DEFAULT_POLL_S,
    stop_grace_s: float = 60.0,
    install_signal_handlers: bool = True,
) -> None:
    """Run scheduled crawls until SIGTERM/SIGINT (or `stop` is set), then stop cleanly.

    On stop, running crawls get SIGTERM (Scrapy closes the run and records it; the
    next run resumes what is left) and `stop_grace_s` to finish before a SIGKILL.
    """
    stop = stop or threading.Event()
    if install_signal_handlers:

        def _on_signal(signum: int, _frame: Any) -> None:
            logger.warning("received %s; stopping the scheduler", signal.Signals(signum).name)
            stop.set()

        signal.signal(signal.SIGTERM, _on_signal)
        signal.signal(signal.SIGINT, _on_signal)
    database = Database(cfg.db_url)
    scheduler = make_scheduler(database)
    scheduler.start()
    jobs = scheduler.get_jobs()
    logger.warning(
        "scheduler started with %d job(s): %s",
        len(jobs),
        ", ".join(f"{j.name} ({j.trigger})" for j in jobs)
        or "none yet; add with `mimamori schedule add`",
    )
    try:
        while not stop.wait(poll_s):
            # Jobs added or removed by other processes are only seen when the scheduler looks again.
            scheduler.wakeup()
    finally:
        scheduler.pause()
        stop_active_crawls(stop_grace_s)
        scheduler.shutdown(wait=True)
        database.dispose()
        logger.warning("scheduler stopped")
