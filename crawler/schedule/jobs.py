"""The job a scheduler trigger runs: one `mimamori crawl PROFILE` in its own process.

Scrapy's reactor cannot be restarted, so a long-running scheduler never crawls in
its own process. It starts a child, waits for it, and records what happened when
the child did not get to record it itself (it crashed, was killed, or never started).
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from crawler.alerts import alert_after_runs
from crawler.distributed.frontier_url import (
    FRONTIER_PASSWORD_ENV,
    missing_message,
    redacted,
    split_password,
)
from crawler.provenance import tool_commit, tool_version
from crawler.run_lock import is_busy
from storage.config import AppConfig
from storage.db import Database
from storage.models import CrawlRun

logger = logging.getLogger(__name__)

# Child crawl processes running right now, so a stopping scheduler can stop them cleanly.
_active: set[subprocess.Popen[bytes]] = set()
_active_lock = threading.Lock()
BUSY_MARKER = "is already being crawled"


@dataclass
class JobOutcome:
    profile: str
    status: str  # finished | unhealthy | skipped | crashed
    run_ids: list[int] = field(default_factory=list)
    exit_code: int | None = None
    log_file: str | None = None
    message: str = ""
    # How the digest went to each alert target (crawler/alerts); empty when none is set up.
    alerts: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def crawl_command(
    cfg: AppConfig,
    profile_ref: str,
    variables: dict[str, str] | None = None,
    frontier: str | None = None,
) -> list[str]:
    command = [sys.executable, "-m", "crawler.cli.main", "--data-dir", str(cfg.data_dir)]
    if split_password(cfg.db_url)[1] is None:
        # A URL with a password goes to the child in MIMAMORI_DB (run_profile_job), not
        # in its arguments, which every user of the machine can read.
        command += ["--db", cfg.db_url]
    command += [
        "crawl",
        profile_ref,
        "--triggered-by",
        "schedule",
        "--no-progress",
        "--json",
    ]
    for name, value in sorted((variables or {}).items()):
        command += ["--var", f"{name}={value}"]
    if frontier:
        # A distributed run: seed the shared frontier and work as its local worker; the
        # command returns when the last worker has finished the run (docs/deploy.md).
        command += ["--frontier", frontier]
    return command


def _log_path(cfg: AppConfig, profile_name: str, started: datetime) -> Path:
    folder = cfg.data_dir / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"crawl-{profile_name}-{started.strftime('%Y%m%dT%H%M%S%fZ')}.log"


def _tail(path: Path, lines: int = 5) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.strip().splitlines()[-lines:])


def _describe_exit(code: int) -> str:
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exited with status {code}"


def stop_active_crawls(grace_s: float = 60.0) -> None:
    """SIGTERM every running child (Scrapy then closes the run cleanly), SIGKILL stragglers."""
    with _active_lock:
        children = list(_active)
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    for child in children:
        try:
            child.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            logger.error("crawl process %s ignored SIGTERM for %ss; killing it", child.pid, grace_s)
            child.kill()
            child.wait()


def _reported_run_ids(stdout_file: Path) -> list[int] | None:
    """Run ids the child printed (`crawl --json`) when it got to the end, else None."""
    try:
        results = json.loads(stdout_file.read_text())
        return [int(r["run_id"]) for r in results]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _record_outcome(
    cfg: AppConfig,
    database: Database,
    *,
    profile_name: str,
    after_run_id: int,
    exit_code: int,
    log_file: Path,
    stdout_file: Path,
    started: datetime,
) -> JobOutcome:
    outcome = JobOutcome(profile_name, "finished", exit_code=exit_code, log_file=str(log_file))
    tail = _tail(log_file)
    if exit_code != 0 and BUSY_MARKER in tail:
        # Lost the race for the profile lock to another crawl: its run is not ours to touch.
        outcome.status = "skipped"
        outcome.message = "another crawl of this profile was running"
        return outcome
    reported = _reported_run_ids(stdout_file)
    with database.session() as session:
        if reported is not None:
            runs = [r for r in (session.get(CrawlRun, i) for i in reported) if r is not None]
        elif is_busy(cfg, profile_name):
            # The child died, but some other process holds the profile now; a "running" run
            # may be that process's, so leave it (the next crawl's resume closes it if not).
            runs = []
            outcome.status = "crashed"
            outcome.message = f"crawl process {_describe_exit(exit_code)}"
            return outcome
        else:
            # Nobody holds the lock: every run of this profile still "running" since we
            # started belongs to our dead child.
            runs = list(
                session.scalars(
                    select(CrawlRun)
                    .where(CrawlRun.profile == profile_name, CrawlRun.id > after_run_id)
                    .order_by(CrawlRun.id)
                )
            )
        outcome.run_ids = [run.id for run in runs]
        if not runs:
            # The child died before it could create its run: record that, or nobody sees it.
            run = _crashed_before_start(profile_name, started, exit_code, log_file, tail)
            session.add(run)
            session.flush()
            outcome.run_ids = [run.id]
            outcome.status = "crashed"
            outcome.message = run.health_messages[0]
            return outcome
        for run in runs:
            _settle_run(run, outcome, exit_code, log_file)
    return outcome


def _crashed_before_start(
    profile_name: str, started: datetime, exit_code: int, log_file: Path, tail: str
) -> CrawlRun:
    return CrawlRun(
        profile=profile_name,
        platform="unknown",
        started_at=started,
        finished_at=datetime.now(UTC),
        status="crashed",
        finish_reason="process_error",
        health_ok=False,
        health_messages=[
            f"crawl process {_describe_exit(exit_code)} before the crawl started",
            *([tail] if tail else []),
        ],
        stats={"log_file": str(log_file), "exit_code": exit_code},
        tool_version=tool_version(),
        tool_commit=tool_commit(),
        triggered_by="schedule",
    )


def _settle_run(run: CrawlRun, outcome: JobOutcome, exit_code: int, log_file: Path) -> None:
    """A run the child left "running" crashed with it; a finished unhealthy run says why."""
    if run.status == "running":
        run.status = "crashed"
        run.finished_at = datetime.now(UTC)
        run.finish_reason = "process_died"
        run.health_ok = False
        run.health_messages = [
            *(run.health_messages or []),
            f"crawl process {_describe_exit(exit_code)}; the next run resumes it",
        ]
        run.stats = {**(run.stats or {}), "log_file": str(log_file), "exit_code": exit_code}
        outcome.status = "crashed"
        outcome.message = run.health_messages[-1]
    elif run.health_ok is False and outcome.status != "crashed":
        outcome.status = "unhealthy"
        outcome.message = "; ".join(str(m) for m in run.health_messages or [])


def _frontier_password(frontier: str, needed: bool, env: dict[str, str]) -> tuple[str | None, str]:
    """(a refusal or None, the URL for the child's command line). The password goes to the
    child in its environment, never in its arguments."""
    url, password = split_password(frontier)
    if password is not None:
        # A job stored before passwords were kept out of the job store.
        logger.warning(
            "the schedule of this profile stores the frontier's password; add it again to "
            "keep only %s there",
            redacted(frontier),
        )
        env.setdefault(FRONTIER_PASSWORD_ENV, password)
    elif needed and not env.get(FRONTIER_PASSWORD_ENV):
        return missing_message(url), url
    return None, url


def _database_url(stored: str, env: dict[str, str]) -> str:
    """The job store keeps the database URL without its password (service.add_profile_job):
    the scheduler's own MIMAMORI_DB gives it back when it names the same database;
    otherwise libpq's own PGPASSWORD or ~/.pgpass may."""
    own = env.get("MIMAMORI_DB", "")
    if split_password(stored)[1] is None and own and split_password(own)[0] == stored:
        return own
    return stored


def _prepare(
    data_dir: str, db_url: str, frontier: str | None, frontier_password: bool
) -> tuple[AppConfig, dict[str, str], str | None, str | None]:
    """(config, the child's environment, the frontier URL for its command line, a refusal)."""
    env = dict(os.environ)
    cfg = AppConfig.resolve(data_dir, _database_url(db_url, env))
    if split_password(cfg.db_url)[1] is not None:
        env["MIMAMORI_DB"] = cfg.db_url
    refusal = None
    if frontier:
        refusal, frontier = _frontier_password(frontier, frontier_password, env)
    return cfg, env, frontier, refusal


def run_profile_job(
    profile_ref: str,
    profile_name: str,
    data_dir: str,
    db_url: str,
    variables: dict[str, str] | None = None,
    timeout_s: float | None = None,
    frontier: str | None = None,
    frontier_password: bool = False,
) -> dict[str, Any]:
    """Crawl one profile in a child process and record the outcome. Called by APScheduler.
    `frontier_password`: the frontier needs the password from the environment (it is not
    in the stored job; crawler/distributed/frontier_url.py)."""
    cfg, env, frontier, refusal = _prepare(data_dir, db_url, frontier, frontier_password)
    if refusal:
        logger.error("not crawling %s: %s", profile_name, refusal)
        return JobOutcome(profile_name, "crashed", message=refusal).as_dict()
    if is_busy(cfg, profile_name):
        logger.warning("skipping %s: a crawl of it is still running", profile_name)
        return JobOutcome(
            profile_name, "skipped", message="a crawl of it is still running"
        ).as_dict()
    database = Database(cfg.db_url)
    try:
        with database.session() as session:
            after = session.scalar(select(func.max(CrawlRun.id))) or 0
        started = datetime.now(UTC)
        log_file = _log_path(cfg, profile_name, started)
        stdout_file = log_file.with_suffix(".json")
        command = crawl_command(cfg, profile_ref, variables, frontier)
        logger.info("starting crawl of %s: %s", profile_name, " ".join(command))
        with open(log_file, "wb") as log, open(stdout_file, "wb") as out:
            # A session of its own: a Ctrl-C at the scheduler's terminal must not hit the
            # crawl directly; the scheduler decides how to stop it (stop_active_crawls).
            child = subprocess.Popen(
                command,
                stdout=out,
                stderr=log,
                env=env,
                start_new_session=True,
            )
            with _active_lock:
                _active.add(child)
            try:
                exit_code = child.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                logger.error("crawl of %s ran over %ss; stopping it", profile_name, timeout_s)
                child.send_signal(signal.SIGTERM)
                try:
                    exit_code = child.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    child.kill()
                    exit_code = child.wait()
            finally:
                with _active_lock:
                    _active.discard(child)
        outcome = _record_outcome(
            cfg,
            database,
            profile_name=profile_name,
            after_run_id=after,
            exit_code=exit_code,
            log_file=log_file,
            stdout_file=stdout_file,
            started=started,
        )
        # After the outcome is recorded, so a digest (or its failure) never changes it.
        outcome.alerts = [d.as_dict() for d in alert_after_runs(cfg, database, outcome.run_ids)]
    finally:
        database.dispose()
    if outcome.status in ("crashed", "unhealthy"):
        logger.error(
            "crawl of %s %s: %s (log: %s)", profile_name, outcome.status, outcome.message, log_file
        )
    else:
        logger.info("crawl of %s %s (runs %s)", profile_name, outcome.status, outcome.run_ids)
    return outcome.as_dict()
