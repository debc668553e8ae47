"""A real `mimamori crawl` process killed with SIGKILL resumes without losing or duplicating captures."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import func, select

from crawler.demo_site import DemoSite
from crawler.resume import REFETCH_STATUSES
from storage.config import AppConfig
from storage.db import Database
from storage.models import Account, Capture, CrawlRun, Post

REPO = Path(__file__).resolve().parents[2]
PROFILE = "demo-fanclub"


def crawl_process(data_dir: Path, base: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crawler.cli.main",
            "--data-dir",
            str(data_dir),
            "crawl",
            PROFILE,
            "--no-progress",
            "--json",
        ],
        cwd=REPO,
        env={**os.environ, "MIMAMORI_DEMO_URL": base},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> None:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, out[-2000:] + err[-4000:]


def snapshot(data_dir: Path) -> dict:
    database = Database(AppConfig.resolve(data_dir).db_url)
    try:
        with database.session() as session:
            # Keyed by path: the reference crawl ran against a demo site on another port.
            per_url = Counter(
                urlsplit(url)._replace(scheme="", netloc="").geturl()
                for url in session.scalars(
                    select(Capture.url).where(Capture.kind.in_(("response", "revisit", "media")))
                )
            )
            return {
                "per_url": per_url,
                # Pages (not media: a post's media are known by hash and never re-fetched)
                # with an answer worth keeping: every one the killed run captured is
                # replayed, none fetched again. A 429/503 is asked for again on purpose.
                "pages": session.scalar(
                    select(func.count())
                    .select_from(Capture)
                    .where(
                        Capture.kind.in_(("response", "revisit")),
                        Capture.status.not_in(REFETCH_STATUSES),
                    )
                ),
                "accounts": session.scalar(select(func.count()).select_from(Account)),
                "posts": session.scalar(select(func.count()).select_from(Post)),
                "runs": [
                    (r.id, r.status, r.stats)
                    for r in session.scalars(select(CrawlRun).order_by(CrawlRun.id))
                ],
            }
    finally:
        database.dispose()


def captured_so_far(data_dir: Path) -> int:
    """Read-only peek while the crawl runs: must not migrate or lock the database it is creating."""
    db = data_dir / "mimamori.sqlite3"
    if not db.exists():
        return 0
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)) as conn:
            return conn.execute(
                "SELECT count(*) FROM captures WHERE kind IN ('response', 'revisit', 'media')"
            ).fetchone()[0]
    except sqlite3.Error:  # not created yet, or busy for a moment
        return 0


def test_sigkilled_crawl_resumes_without_losing_or_duplicating_captures(tmp_path: Path) -> None:
    # Reference: the same crawl, never interrupted (its own site: the demo's rate limit
    # answers 429 once per server, so each crawl gets the same treatment). It runs while
    # the victim does: separate sites and data dirs, and the second core is otherwise idle.
    data_dir = tmp_path / "killed"
    with DemoSite(day=1) as reference_site, DemoSite(day=1) as site:
        uninterrupted = crawl_process(tmp_path / "reference", reference_site.base_url)
        # Its output is read all along (a full pipe would stall it).
        reference_done = ThreadPoolExecutor(1).submit(finish, uninterrupted)
        try:
            victim = crawl_process(data_dir, site.base_url)
            deadline = time.monotonic() + 240
            while captured_so_far(data_dir) < 40:
                assert victim.poll() is None, "the crawl ended before it could be killed"
                assert time.monotonic() < deadline
                time.sleep(0.2)
            victim.send_signal(signal.SIGKILL)
            victim.wait(30)
            reference_done.result(timeout=300)
        finally:
            if uninterrupted.poll() is None:
                uninterrupted.kill()
        reference = snapshot(tmp_path / "reference")
        killed = snapshot(data_dir)
        assert [status for _, status, _ in killed["runs"]] == ["running"]
        assert 40 <= sum(killed["per_url"].values()) < sum(reference["per_url"].values())
        finish(crawl_process(data_dir, site.base_url))
    resumed = snapshot(data_dir)

    (first_id, first_status, _), (_, second_status, stats) = resumed["runs"]
    assert (first_status, second_status) == ("crashed", "finished")
    assert stats["resumed_from_runs"] == [first_id]
    # Every page the killed run captured is replayed: exactly those, once each. (The demo's
    # rate limit answers 429 once per server; that answer is fetched again, not replayed.)
    assert stats["replayed"] == killed["pages"] >= 30
    # Every URL captured exactly as often as in the uninterrupted crawl: nothing lost,
    # nothing captured twice.
    missing = {u: n for u, n in reference["per_url"].items() if resumed["per_url"].get(u, 0) < n}
    extra = {u: n for u, n in resumed["per_url"].items() if n > reference["per_url"].get(u, 0)}
    assert not missing, f"lost captures: {missing}"
    assert not extra, f"duplicated captures: {extra}"
    assert (resumed["accounts"], resumed["posts"]) == (reference["accounts"], reference["posts"])
    # The WARC the killed process was writing is still a valid WARC.
    warcs = sorted((data_dir / "warc").glob("*.warc.gz"))
    assert any(f"run{first_id:06d}" in w.name for w in warcs)
    check = subprocess.run(
        [str(Path(sys.executable).with_name("warcio")), "check", *map(str, warcs)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
