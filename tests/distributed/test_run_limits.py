"""A profile's `limits.max_pages` and `limits.max_runtime_s` hold for a distributed run as a
whole, and a run they cut is finished once, like a single-process run a limit cut
(crawler/distributed/frontier.py, `Frontier.pop`; lifecycle.py)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
import redis
from dist_world import Site, expected_urls
from helpers import response_captures, seed_and_join, wait_for, warcio_check
from sqlalchemy import func, select

from storage.db import Database
from storage.models import Account, Detection

pytestmark = pytest.mark.postgres

MAX_PAGES = 30


def _limit(site: Site, limits: str) -> None:
    text = site.profile.read_text()
    site.profile.write_text(text.replace("health:", f"limits: {{{limits}}}\nhealth:", 1))


def _two_workers(site: Site, frontier_url: str, pg_url: str, data_dir: Path):
    client = redis.Redis.from_url(frontier_url)
    seeder, worker = seed_and_join(site.profile, frontier_url, data_dir=data_dir, db=pg_url)
    b = f"{socket.gethostname()}-b"

    def joined() -> bool:
        # A worker that joins a run already stopped by its deadline leaves at once, having
        # reported its numbers (which the run's summary then holds).
        return bool(
            client.sismember("mimamori:run:1:workers", b)
            or client.hexists("mimamori:run:1:stats", b)
        )

    try:
        wait_for(joined, "b to join")
    except AssertionError:
        for proc in (seeder, worker):
            proc.kill()
        raise AssertionError(f"b never joined:\n{worker.communicate()[1][-3000:]}") from None
    return client, seeder, worker


def _judged_once(pg_url: str, run_id: int) -> tuple[int, int]:
    """(accounts the run saw, account detections the run wrote)."""
    database = Database(pg_url)
    try:
        with database.session() as session:
            seen = session.scalar(
                select(func.count()).select_from(Account).where(Account.last_seen_run_id == run_id)
            )
            judged = session.scalar(
                select(func.count())
                .select_from(Detection)
                .where(Detection.run_id == run_id, Detection.subject == "account")
            )
            return int(seen or 0), int(judged or 0)
    finally:
        database.dispose()


def _ended_cleanly(client: redis.Redis, seeder, worker, reason: str) -> dict:
    seeder_out, seeder_err = seeder.communicate(timeout=300)
    worker_out, worker_err = worker.communicate(timeout=300)
    # A run a limit cut is unhealthy, as in a single process ("finished early"): the seeding
    # command waits for the run's end and reports it; the other worker's exit code depends
    # on whether it was the one to finish the run.
    assert seeder.returncode == 1, seeder_err[-4000:]
    assert worker.returncode in (0, 1), worker_err[-4000:]
    (report,) = json.loads(seeder_out)
    assert report["problems"] == [f"finished early: {reason}"]
    assert [r["run_id"] for r in json.loads(worker_out)] == [report["run_id"]]
    # Nothing of the run is left in Redis for the next one: no queue, no leases, no run.
    assert not list(client.scan_iter(match="mimamori:run:*"))
    assert client.get("mimamori:profile:dist:run") is None
    assert not client.smembers("mimamori:runs")
    return report


def test_max_pages_holds_for_the_run_over_both_workers(
    tmp_path: Path, site: Site, frontier_url: str, pg_url: str
) -> None:
    _limit(site, f"max_pages: {MAX_PAGES}")
    data_dir = tmp_path / "data"
    client, seeder, worker = _two_workers(site, frontier_url, pg_url, data_dir)
    site.gate.set()
    _ended_cleanly(client, seeder, worker, "closespider_pagecount")

    runs, per_url, _ = response_captures(pg_url)
    (run,) = runs
    assert run.finished_at is not None and run.status == "failed"
    assert run.finish_reason == "closespider_pagecount"
    # Each request taken from the frontier is one page: exactly the limit, over both.
    assert sum(per_url.values()) == MAX_PAGES and set(per_url.values()) == {1}
    assert per_url.keys() < expected_urls(site.base)
    workers = run.stats["workers"]
    assert len(workers) == 2
    assert all(w["finish_reason"] == "closespider_pagecount" for w in workers.values())
    assert sum(w["dequeued"] for w in workers.values()) == MAX_PAGES
    seen, judged = _judged_once(pg_url, run.id)
    assert run.stats["judged_accounts"] == seen == judged > 0
    warcio_check(sorted((data_dir / "warc").glob("*.warc.gz")))


def _redis_ms(client: redis.Redis) -> int:
    seconds, micros = client.time()
    return seconds * 1000 + micros // 1000


def test_max_runtime_is_one_deadline_for_the_run(
    tmp_path: Path, site: Site, frontier_url: str, pg_url: str
) -> None:
    _limit(site, "max_runtime_s: 3600")
    data_dir = tmp_path / "data"
    before = _redis_ms(redis.Redis.from_url(frontier_url))
    client, seeder, worker = _two_workers(site, frontier_url, pg_url, data_dir)
    # The seeding worker set one deadline for the run, on Redis's clock.
    deadline = int(client.get("mimamori:run:1:deadline"))
    assert before + 3_600_000 <= deadline <= _redis_ms(client) + 3_600_000

    def account_page_in_flight() -> bool:
        workers = client.smembers("mimamori:run:1:workers")
        return any(
            b"/acct/" in data
            for w in workers
            for data in client.hvals(f"mimamori:run:1:inflight:{w.decode()}")
        )

    # Account pages wait at the gate: the run cannot end before the test brings its
    # deadline to now (rather than waiting an hour), with work still queued.
    wait_for(account_page_in_flight, "an account page in flight")
    client.set("mimamori:run:1:deadline", _redis_ms(client))
    assert client.zcard("mimamori:run:1:requests") > 0
    site.gate.set()
    _ended_cleanly(client, seeder, worker, "closespider_timeout")

    runs, per_url, _ = response_captures(pg_url)
    (run,) = runs
    assert run.finished_at is not None and run.finish_reason == "closespider_timeout"
    assert set(per_url.values()) == {1}
    assert per_url.keys() < expected_urls(site.base), "the deadline cut the run"
    assert all(w["finish_reason"] == "closespider_timeout" for w in run.stats["workers"].values())
    seen, judged = _judged_once(pg_url, run.id)
    assert run.stats["judged_accounts"] == seen == judged
    warcio_check(sorted((data_dir / "warc").glob("*.warc.gz")))
