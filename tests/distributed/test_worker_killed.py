"""A worker killed with SIGKILL in the middle of a crawl loses no page and duplicates none."""

from __future__ import annotations

import signal
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from dist_world import Site, expected_urls, serve_site
from helpers import finish, response_captures, start, wait_for, warcio_check
from sqlalchemy import func, select

from storage.db import Database
from storage.models import Capture

pytestmark = pytest.mark.postgres


@pytest.fixture
def slow_site(tmp_path: Path) -> Iterator[Site]:
    # Slow pages: the killed worker always has requests in flight.
    server, served = serve_site(tmp_path, delay_s=0.1)
    yield served
    served.gate.set()
    server.shutdown()


def _captured_by(db_url: str, worker: str) -> int:
    database = Database(db_url)
    try:
        with database.session() as session:
            return int(
                session.scalar(
                    select(func.count())
                    .select_from(Capture)
                    .where(Capture.warc_file.like(f"%-{worker}-%"))
                )
                or 0
            )
    finally:
        database.dispose()


def test_killed_worker_loses_no_page_and_duplicates_none(
    tmp_path: Path, slow_site: Site, frontier_url: str, pg_url: str
) -> None:
    data_dir = tmp_path / "data"
    client = redis.Redis.from_url(frontier_url)
    host = socket.gethostname()
    common = ("--lease", "2", "--no-progress")
    seeder = start(
        "crawl",
        str(slow_site.profile),
        "--frontier",
        frontier_url,
        "--worker-id",
        "a",
        *common,
        data_dir=data_dir,
        db=pg_url,
    )
    wait_for(lambda: client.get("mimamori:profile:dist:run") is not None, "the run to be seeded")
    victim = start(
        "worker",
        "--frontier",
        frontier_url,
        "--profiles",
        str(slow_site.profile),
        "--worker-id",
        "b",
        "--lease",
        "2",
        data_dir=data_dir,
        db=pg_url,
    )
    wait_for(lambda: client.sismember("mimamori:run:1:workers", f"{host}-b"), "b to join")
    slow_site.gate.set()
    wait_for(lambda: _captured_by(pg_url, f"{host}-b") >= 10, "b to capture some pages")
    assert client.hlen(f"mimamori:run:1:inflight:{host}-b") > 0, "b dies with work in flight"
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    finish(seeder)

    runs, per_url, _ = response_captures(pg_url)
    assert len(runs) == 1
    run = runs[0]
    assert run.status == "finished"
    assert per_url.keys() == expected_urls(slow_site.base), "no page lost"
    assert set(per_url.values()) == {1}, "no page captured twice"
    assert run.stats["workers_lost"] == [f"{host}-b"]
    assert set(run.stats["workers"]) == {f"{host}-a"}
    warcs = sorted((data_dir / "warc").glob("*.warc.gz"))
    assert any(f"-{host}-b-" in p.name for p in warcs) and any(
        f"-{host}-a-" in p.name for p in warcs
    )
    # The survivor cut the half-written record off the killed worker's file.
    warcio_check(warcs)
