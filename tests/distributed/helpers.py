"""Starting workers as a user would, and reading what they stored."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import select

from storage.db import Database
from storage.models import Capture, CrawlRun

REPO = Path(__file__).resolve().parents[2]


def start(*args: str, data_dir: Path, db: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "crawler.cli.main", "--data-dir", str(data_dir), "--db", db]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("MIMAMORI_DB", None)
    return subprocess.Popen(
        [*command, *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def seed_and_join(
    profile: Path, frontier_url: str, *, data_dir: Path, db: str, json_out: bool = True
) -> tuple[subprocess.Popen[str], subprocess.Popen[str]]:
    """`crawl PROFILE --frontier` as worker "a", and, once the run is seeded, `worker` "b":
    two machines sharing one frontier, as docs/deploy.md starts them."""
    import redis

    json_flag = ["--json"] if json_out else []
    seeder = start(
        "crawl", str(profile), "--frontier", frontier_url, "--worker-id", "a", "--no-progress",
        *json_flag, data_dir=data_dir, db=db,
    )  # fmt: skip
    client = redis.Redis.from_url(frontier_url)
    wait_for(lambda: client.get("mimamori:profile:dist:run") is not None, "the run to be seeded")
    worker = start(
        "worker", "--frontier", frontier_url, "--profiles", str(profile), "--worker-id", "b",
        *json_flag, data_dir=data_dir, db=db,
    )  # fmt: skip
    return seeder, worker


def wait_for(condition: Any, what: str, timeout: float = 120) -> None:
    """Poll a condition (a worker's progress in Redis or the database), never a fixed sleep."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def finish(proc: subprocess.Popen[str], timeout: float = 300) -> tuple[str, str]:
    out, err = proc.communicate(timeout=timeout)
    # The summary (health messages, write failures) is on stdout, the log on stderr: both,
    # with Scrapy's deprecation warnings left out, so a failure says why.
    log = "\n".join(line for line in err.splitlines() if "Deprecation" not in line)
    assert proc.returncode == 0, f"exit {proc.returncode}\n{out[-3000:]}\n{log[-4000:]}"
    return out, err


def response_captures(db_url: str) -> tuple[list[CrawlRun], Counter[str], list[Capture]]:
    database = Database(db_url)
    try:
        with database.session() as session:
            runs = list(session.scalars(select(CrawlRun)))
            captures = list(session.scalars(select(Capture).where(Capture.kind == "response")))
            session.expunge_all()
    finally:
        database.dispose()
    return runs, Counter(c.url for c in captures), captures


def warcio_check(paths: list[Path]) -> None:
    tool = Path(sys.executable).parent / "warcio"
    done = subprocess.run([str(tool), "check", *map(str, paths)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
