"""The three crawled nights every change-tracking test reads (see nightly_world.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from mimamori_cli import run_mimamori
from nightly_world import STATIC_PROFILES, Nights, crawl, review_between_nights
from prefetch import PREFETCH

from crawler.demo_site import DemoSite
from storage.config import AppConfig
from storage.db import Database


def _crawl_nights(config: pytest.Config) -> Nights:
    data_dir = config._tmp_path_factory.mktemp("nights")  # type: ignore[attr-defined]
    database = Database(AppConfig.resolve(data_dir).db_url)
    state = Nights(data_dir, database)
    # The fictional watchlist of the demo world, so accounts name people as they would in use.
    watchlist = Path(__file__).resolve().parents[2] / "crawler" / "demo_site" / "watchlist.csv"
    loaded = run_mimamori("watchlist", "import", str(watchlist), data_dir=data_dir)
    assert loaded.returncode == 0, loaded.stderr
    with DemoSite(day=1) as site:
        for night, profiles in ((1, STATIC_PROFILES), (2, STATIC_PROFILES), (3, ("demo-fanclub",))):
            site.set_day(night)
            results = crawl(run_mimamori, data_dir, site.base_url, *profiles)
            state.runs[night] = {r["profile"]: r["run_id"] for r in results}
            state.summaries[night] = {r["profile"]: r["summary"] for r in results}
            if night == 1:
                review_between_nights(database)
    return state


# Crawled in the background from the start of the session (see tests/prefetch.py).
PREFETCH.offer("nights", _crawl_nights)


@pytest.fixture(scope="module")
def nights(request: pytest.FixtureRequest) -> Iterator[Nights]:
    state = PREFETCH.take("nights", request.config)
    yield state
    state.database.dispose()
