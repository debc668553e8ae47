"""Two workers on one Redis frontier and one PostgreSQL store, as an operator starts them."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from dist_world import Site, expected_urls, serve_site
from helpers import finish, response_captures, seed_and_join, start, wait_for, warcio_check

pytestmark = pytest.mark.postgres


def test_seed_and_worker_crawl_every_page_once_into_one_run(
    tmp_path: Path, site: Site, frontier_url: str, pg_url: str
) -> None:
    data_dir = tmp_path / "data"
    client = redis.Redis.from_url(frontier_url)
    seeder, worker = seed_and_join(site.profile, frontier_url, data_dir=data_dir, db=pg_url)
    host = socket.gethostname()
    wait_for(lambda: client.sismember("mimamori:run:1:workers", f"{host}-b"), "the worker to join")
    site.gate.set()
    seeder_out, _ = finish(seeder)
    worker_out, _ = finish(worker)

    runs, per_url, captures = response_captures(pg_url)
    assert len(runs) == 1, "one run record spans both workers"
    run = runs[0]
    assert run.status == "finished" and run.health_ok
    assert per_url.keys() == expected_urls(site.base)
    assert set(per_url.values()) == {1}, "every page captured exactly once"
    workers = run.stats["workers"]
    assert set(workers) == {f"{host}-a", f"{host}-b"}
    assert sum(w["captures"] for w in workers.values()) == len(captures)
    # The start URL went through scrapy-redis's scheduler: popped from Redis, not local.
    assert sum(w["dequeued"] for w in workers.values()) == len(captures)
    assert run.stats["judged_accounts"] == run.stats["accounts"] > 0
    # The last worker linked the run's accounts too (crawler/link/run_step.py), once.
    assert run.stats["links"]["accounts"] == run.stats["accounts"], run.stats["links"]
    # Each worker wrote its own WARC series, named by host and worker id.
    warcs = sorted((data_dir / "warc").glob("*.warc.gz"))
    assert {p.name.split("-run000001-")[1].rsplit("-", 2)[0] for p in warcs} <= {
        f"{host}-a",
        f"{host}-b",
    }
    assert {c.warc_file for c in captures} <= {p.name for p in warcs}
    warcio_check(warcs)
    # Whichever worker left last wrote the summary; the run's keys are gone from Redis.
    reports = json.loads(seeder_out) + json.loads(worker_out)
    assert [r["run_id"] for r in reports] == [run.id, run.id]
    assert not list(client.scan_iter(match=f"mimamori:run:{run.id}:*"))
    assert client.get("mimamori:profile:dist:run") is None
    # `mimamori runs` shows each worker's share.
    listing, _ = finish(start("runs", data_dir=data_dir, db=pg_url))
    for name, numbers in workers.items():
        assert f"run {run.id} worker {name}: {numbers['pages']} pages" in listing


def test_a_worker_with_no_run_to_join_exits_with_nothing_done(
    tmp_path: Path, site: Site, frontier_url: str, pg_url: str
) -> None:
    worker = start(
        "worker",
        "--frontier",
        frontier_url,
        "--profiles",
        str(site.profile),
        "--json",
        data_dir=tmp_path / "data",
        db=pg_url,
    )
    out, err = finish(worker)
    assert json.loads(out) == []
    assert "no distributed run" in err


@pytest.fixture
def one_at_a_time(tmp_path: Path) -> Iterator[Site]:
    # Slow pages so that both workers always have one waiting; one request at a time per host.
    server, served = serve_site(tmp_path, delay_s=0.05, concurrency=1)
    yield served
    served.gate.set()
    server.shutdown()


def test_two_workers_share_the_hosts_concurrency(
    tmp_path: Path, one_at_a_time: Site, frontier_url: str, pg_url: str
) -> None:
    data_dir = tmp_path / "data"
    client = redis.Redis.from_url(frontier_url)
    site = one_at_a_time
    seeder, worker = seed_and_join(
        site.profile, frontier_url, data_dir=data_dir, db=pg_url, json_out=False
    )
    host = socket.gethostname()
    wait_for(lambda: client.sismember("mimamori:run:1:workers", f"{host}-b"), "b to join")
    site.gate.set()
    finish(seeder)
    finish(worker)
    runs, per_url, _ = response_captures(pg_url)
    assert runs[0].status == "finished" and set(per_url.values()) == {1}
    workers = runs[0].stats["workers"]
    assert all(w["responses"] > 0 for w in workers.values()), "both workers fetched pages"
    # The profile allows one request at a time to the host: over both workers, not each.
    assert site.load.most == 1


def test_a_serving_worker_joins_each_new_run(
    tmp_path: Path, site: Site, frontier_url: str, pg_url: str
) -> None:
    data_dir = tmp_path / "data"
    # A serving worker finds a run's profile by name, as on a machine of its own.
    (data_dir / "profiles").mkdir(parents=True)
    (data_dir / "profiles" / "dist.yaml").write_text(site.profile.read_text())
    client = redis.Redis.from_url(frontier_url)
    host = socket.gethostname()
    serving = start(
        "worker",
        "--frontier",
        frontier_url,
        "--serve",
        "--worker-id",
        "s",
        data_dir=data_dir,
        db=pg_url,
    )
    try:
        seeder = start(
            "crawl",
            str(site.profile),
            "--frontier",
            frontier_url,
            "--worker-id",
            "a",
            "--no-progress",
            data_dir=data_dir,
            db=pg_url,
        )
        wait_for(lambda: client.sismember("mimamori:run:1:workers", f"{host}-s"), "s to join")
        site.gate.set()
        finish(seeder)
        runs, per_url, _ = response_captures(pg_url)
        assert runs[0].status == "finished" and set(per_url.values()) == {1}
        assert set(runs[0].stats["workers"]) == {f"{host}-a", f"{host}-s"}
        assert serving.poll() is None, "still serving, waiting for the next run"
    finally:
        serving.terminate()
        serving.wait(timeout=30)
