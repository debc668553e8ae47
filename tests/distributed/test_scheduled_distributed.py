"""The scheduler starts a distributed run: it seeds the frontier and crawls as its local worker."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis
from dist_world import Site, expected_urls
from helpers import response_captures

from crawler.schedule.jobs import run_profile_job

pytestmark = pytest.mark.postgres


def test_a_scheduled_job_seeds_the_frontier_and_works_the_run(
    tmp_path: Path, site: Site, frontier_url: str, pg_url: str
) -> None:
    site.gate.set()
    outcome = run_profile_job(
        profile_ref=str(site.profile),
        profile_name="dist",
        data_dir=str(tmp_path / "data"),
        db_url=pg_url,
        frontier=frontier_url,
    )
    assert outcome["status"] == "finished", outcome
    runs, per_url, _ = response_captures(pg_url)
    assert [r.id for r in runs] == outcome["run_ids"]
    assert runs[0].triggered_by == "schedule" and runs[0].status == "finished"
    assert per_url.keys() == expected_urls(site.base) and set(per_url.values()) == {1}
    assert len(runs[0].stats["workers"]) == 1
    # The run went through Redis and left nothing behind there.
    assert runs[0].stats["workers"].popitem()[1]["dequeued"] == len(per_url)
    assert not list(redis.Redis.from_url(frontier_url).scan_iter(match="mimamori:run:*"))
