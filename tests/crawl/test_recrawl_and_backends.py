"""Crawling twice adds no duplicates, on SQLite and on a real PostgreSQL; endless pages stop."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crawler.demo_site.world import build_world
from storage.config import AppConfig
from storage.db import Database
from storage.models import Account, Capture, CrawlError, Flag, Media, Plan, Post


def _counts(db_url: str) -> dict[str, int]:
    database = Database(db_url)
    try:
        with database.session() as s:
            return {
                "accounts": s.scalar(select(func.count(Account.id))),
                "posts": s.scalar(select(func.count(Post.id))),
                "plans": s.scalar(select(func.count(Plan.id))),
                "media": s.scalar(select(func.count(Media.id))),
                "flags": s.scalar(select(func.count(Flag.id))),
                "responses": s.scalar(
                    select(func.count(Capture.id)).where(Capture.kind == "response")
                ),
                "revisits": s.scalar(
                    select(func.count(Capture.id)).where(Capture.kind == "revisit")
                ),
            }
    finally:
        database.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_second_crawl_adds_no_duplicate_rows(backend, tmp_path: Path, demo_site, mimamori, request):
    db_url = request.getfixturevalue("pg_url") if backend == "postgres" else None
    data_dir = tmp_path / "data"
    args = (
        "crawl",
        "demo-market",
        "demo-fanclub",
        "--no-progress",
        "--var",
        f"MIMAMORI_DEMO_URL={demo_site.base_url}",
    )
    first = mimamori(*args, data_dir=data_dir, db=db_url)
    assert first.returncode == 0, first.stderr[-3000:]
    url = db_url or AppConfig.resolve(data_dir).db_url
    after_first = _counts(url)
    world = build_world(1)
    assert after_first["accounts"] == len(world.accounts_on("market")) + len(
        world.accounts_on("fanclub")
    )
    assert after_first["posts"] > 100 and after_first["plans"] > 10

    second = mimamori(*args, data_dir=data_dir, db=db_url)
    assert second.returncode == 0, second.stderr[-3000:]
    after_second = _counts(url)
    for key in ("accounts", "posts", "plans", "media", "flags"):
        assert after_second[key] == after_first[key], key
    # Unchanged pages become revisit records, not new full responses.
    assert after_second["revisits"] - after_first["revisits"] > 0.8 * after_first["responses"] - 10


def test_endless_page_is_cut_off_and_recorded(tmp_path: Path, demo_site, mimamori):
    profile = tmp_path / "endless.yaml"
    profile.write_text(
        textwrap.dedent(
            f"""\
            name: endless-lab
            platform: lab
            display_name: Endless lab
            start_urls: ["{demo_site.base_url}/test/endless"]
            allow_private_addresses: true
            politeness: {{obey_robots_txt: false, download_delay: 0}}
            limits: {{page_timeout_s: 3, max_page_bytes: 65536}}
            health: {{min_accounts: 0}}
            links:
              - kind: listing
                pattern: '^/test/'
            """
        )
    )
    result = mimamori(
        "crawl", str(profile), "--no-progress", data_dir=tmp_path / "data", timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    database = Database(AppConfig.resolve(tmp_path / "data").db_url)
    with database.session() as s:
        kinds = {e.kind for e in s.scalars(select(CrawlError))}
    assert kinds & {"too_large", "timeout"}, kinds
