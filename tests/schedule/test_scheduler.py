"""The scheduler: persistent jobs, firing, overlap guard, crash records, clean SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from crawler.schedule.jobs import run_profile_job
from crawler.schedule.service import ScheduleStore, run_scheduler
from storage.config import AppConfig
from storage.db import Database
from storage.models import Capture, CrawlRun

REPO = Path(__file__).resolve().parents[2]


def job_kwargs(cfg: AppConfig, profile: str) -> dict:
    return {
        "profile_ref": profile,
        "profile_name": profile,
        "data_dir": str(cfg.data_dir),
        "db_url": cfg.db_url,
    }


def runs(cfg: AppConfig) -> list[CrawlRun]:
    # No migrating here: a crawl child may be creating the database at this moment.
    database = Database(cfg.db_url, migrate=False)
    try:
        with database.session() as session:
            return list(session.scalars(select(CrawlRun).order_by(CrawlRun.id)))
    except OperationalError:  # tables not created yet
        return []
    finally:
        database.dispose()


def captures_stored(cfg: AppConfig) -> int:
    database = Database(cfg.db_url, migrate=False)
    try:
        with database.session() as session:
            return session.scalar(select(func.count()).select_from(Capture)) or 0
    except OperationalError:
        return 0
    finally:
        database.dispose()


def wait_for(predicate, timeout: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def test_jobs_persist_across_scheduler_restart(mimamori, cfg: AppConfig) -> None:
    added = mimamori(
        "schedule",
        "add",
        "demo-market",
        "--cron",
        "0 2 * * *",
        "--jitter",
        "600",
        "--timezone",
        "Asia/Tokyo",
        "--var",
        "EXTRA=1",
        data_dir=cfg.data_dir,
    )
    assert added.returncode == 0, added.stderr
    # A scheduler starts with the job and stops again (a restart) ... The stop is asked for
    # up front: the scheduler still starts and loads its jobs before it first looks at it.
    stop = threading.Event()
    stop.set()
    thread = threading.Thread(
        target=run_scheduler,
        args=(cfg,),
        kwargs={"stop": stop, "poll_s": 0.2, "install_signal_handlers": False},
    )
    thread.start()
    thread.join(30)
    assert not thread.is_alive()
    # ... and a new process still finds the job, with its trigger, jitter and variables.
    listed = mimamori("schedule", "list", "--json", data_dir=cfg.data_dir)
    assert listed.returncode == 0, listed.stderr
    jobs = json.loads(listed.stdout)
    assert len(jobs) == 1
    job = jobs[0]
    assert job["profile"] == "demo-market"
    assert "hour='2'" in job["trigger"] and "minute='0'" in job["trigger"]
    assert job["jitter_s"] == 600
    assert job["variables"] == ["EXTRA"]
    assert job["next_run"].endswith("+09:00")
    assert job["misfire_grace_s"] == 3600
    removed = mimamori("schedule", "remove", "demo-market", data_dir=cfg.data_dir)
    assert removed.returncode == 0
    with ScheduleStore(cfg) as scheduler:
        assert scheduler.get_jobs() == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["demo-market", "--cron", "0 2 * * 1"], "names"),
        (["demo-market", "--cron", "0 2 * *"], "five fields"),
        (["demo-market"], "exactly one of --cron or --every"),
        (["demo-market", "--cron", "0 2 * * *", "--every", "60"], "exactly one"),
        (["no-such-profile", "--cron", "0 2 * * *"], "bundled profiles"),
    ],
)
def test_bad_schedules_are_refused_with_a_hint(mimamori, cfg: AppConfig, args, message) -> None:
    result = mimamori("schedule", "add", *args, data_dir=cfg.data_dir)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_short_interval_job_fires_and_creates_a_run(mimamori, cfg: AppConfig) -> None:
    added = mimamori("schedule", "add", "demo-social-api", "--every", "2", data_dir=cfg.data_dir)
    assert added.returncode == 0, added.stderr
    stop = threading.Event()
    thread = threading.Thread(
        target=run_scheduler,
        args=(cfg,),
        kwargs={"stop": stop, "poll_s": 0.5, "install_signal_handlers": False},
    )
    thread.start()
    try:
        finished = wait_for(
            lambda: [r for r in runs(cfg) if r.status == "finished"], 120, "a scheduled run"
        )
    finally:
        stop.set()
        thread.join(120)
    assert not thread.is_alive(), "the scheduler did not stop"
    run = finished[0]
    assert run.triggered_by == "schedule"
    assert run.health_ok is True
    assert run.stats["accounts"] >= 5
    # Nothing is left running once the scheduler has stopped.
    assert all(r.status != "running" for r in runs(cfg))


def test_overlapping_triggers_start_one_crawl(cfg: AppConfig) -> None:
    with ThreadPoolExecutor(2) as pool:
        outcomes = list(
            pool.map(lambda _: run_profile_job(**job_kwargs(cfg, "demo-social-api")), range(2))
        )
    assert sorted(o["status"] for o in outcomes) == ["finished", "skipped"]
    assert len(runs(cfg)) == 1


def test_crash_before_the_crawl_starts_is_recorded(cfg: AppConfig, tmp_path: Path) -> None:
    profile = tmp_path / "vanishing.yaml"
    profile.write_text(
        (REPO / "spiders/profiles/demo-market.yaml")
        .read_text()
        .replace("name: demo-market", "name: vanishing")
    )
    kwargs = {**job_kwargs(cfg, "vanishing"), "profile_ref": str(profile)}
    profile.unlink()  # scheduled earlier, deleted since: the child cannot even load it
    outcome = run_profile_job(**kwargs)
    assert outcome["status"] == "crashed"
    assert "before the crawl started" in outcome["message"]
    [run] = runs(cfg)
    assert (run.profile, run.status, run.health_ok, run.triggered_by) == (
        "vanishing",
        "crashed",
        False,
        "schedule",
    )
    assert any("no profile file" in str(m) for m in run.health_messages)


def test_sigterm_stops_the_scheduler_and_its_crawl_cleanly(mimamori, cfg: AppConfig) -> None:
    added = mimamori("schedule", "add", "demo-fanclub", "--every", "1", data_dir=cfg.data_dir)
    assert added.returncode == 0, added.stderr
    scheduler = subprocess.Popen(
        [sys.executable, "scheduler.py", "--data-dir", str(cfg.data_dir)],
        cwd=REPO,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(lambda: [r for r in runs(cfg) if r.status == "running"], 60, "a running crawl")
        # Captures stored means the engine is running and Scrapy's own signal handlers are in
        # place (a fixed sleep was not always enough on a loaded machine). A SIGTERM before
        # that ends the child at once; the next crawl resumes that run (test_resume.py).
        wait_for(lambda: captures_stored(cfg), 120, "the crawl's first stored captures")
        scheduler.send_signal(signal.SIGTERM)
        output, _ = scheduler.communicate(timeout=120)
    finally:
        if scheduler.poll() is None:
            scheduler.kill()
    assert scheduler.returncode == 0, output
    assert "scheduler stopped" in output
    [run] = runs(cfg)
    # Scrapy closed the run on the forwarded SIGTERM: recorded, and resumable next time.
    assert run.status == "failed" and run.finish_reason == "shutdown", (run.status, output)
    assert run.finished_at is not None
