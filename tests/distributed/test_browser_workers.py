"""A browser-rendered profile (scrapy-playwright, the system Chromium) on two workers: every
page rendered and captured once, with its rendered DOM, and every WARC valid."""

from __future__ import annotations

import socket
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from dist_world import Site, expected_urls, serve_site
from helpers import finish, response_captures, seed_and_join, wait_for, warcio_check
from sqlalchemy import select

from crawler.provenance import CHROMIUM_PATH
from storage.db import Database
from storage.models import Capture

pytestmark = pytest.mark.postgres

# Small: every page is a Chromium render, on a machine whose cores the tests share.
PAGES = 30


@pytest.fixture
def browser_site(tmp_path: Path) -> Iterator[Site]:
    if not Path(CHROMIUM_PATH).exists():
        pytest.skip(f"no Chromium at {CHROMIUM_PATH} (./bootstrap.sh test installs it)")
    # Each page takes a second, so the second worker still gets pages: an idle Scrapy engine
    # asks its scheduler (the shared queue) again only on its 5 s heartbeat, and the first
    # worker, 4 pages at a time, needs at least 7 s for the 27 post pages the account pages
    # release. With 0.3 s a fast run could finish them between two of the other's looks.
    server, served = serve_site(tmp_path, pages=PAGES, delay_s=1.0)
    text = served.profile.read_text()
    served.profile.write_text(text.replace("media:", "render: true\nmedia:", 1))
    yield served
    served.gate.set()
    server.shutdown()


def _captures(db_url: str) -> list[Capture]:
    database = Database(db_url)
    try:
        with database.session() as session:
            rows = list(session.scalars(select(Capture)))
            session.expunge_all()
    finally:
        database.dispose()
    return rows


def test_a_browser_profile_on_two_workers_renders_every_page_once(
    tmp_path: Path, browser_site: Site, frontier_url: str, pg_url: str
) -> None:
    site = browser_site
    data_dir = tmp_path / "data"
    client = redis.Redis.from_url(frontier_url)
    host = socket.gethostname()
    seeder, worker = seed_and_join(
        site.profile, frontier_url, data_dir=data_dir, db=pg_url, json_out=False
    )
    wait_for(lambda: client.sismember("mimamori:run:1:workers", f"{host}-b"), "b to join")
    site.gate.set()
    finish(seeder)
    finish(worker)

    runs, per_url, _ = response_captures(pg_url)
    (run,) = runs
    assert run.status == "finished" and run.health_ok, run.health_messages
    assert per_url.keys() == expected_urls(site.base, PAGES)
    assert set(per_url.values()) == {1}, "every page rendered and captured exactly once"
    workers = run.stats["workers"]
    assert all(w["responses"] > 0 for w in workers.values()), "both workers rendered pages"
    captures = _captures(pg_url)
    # Each page's rendered DOM is kept beside its response, once.
    doms = Counter(c.url for c in captures if c.kind == "dom")
    assert doms.keys() == per_url.keys() and set(doms.values()) == {1}
    assert run.stats["judged_accounts"] == run.stats["accounts"] > 0
    warcs = sorted((data_dir / "warc").glob("*.warc.gz"))
    assert any(f"-{host}-a-" in p.name for p in warcs) and any(
        f"-{host}-b-" in p.name for p in warcs
    )
    warcio_check(warcs)
