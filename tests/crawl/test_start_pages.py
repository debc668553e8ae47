"""A start page that a later page links back to is fetched once: start requests go through
the duplicate filter like every other link."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from storage.config import AppConfig
from storage.db import Database
from storage.models import Capture

REPO = Path(__file__).resolve().parents[2]


def test_page_one_linked_back_from_page_two_is_fetched_once(tmp_path: Path, demo_site, mimamori):
    market = (REPO / "spiders/profiles/demo-market.yaml").read_text()
    # Start at page 1 itself: page 2's "previous page" link points back to it.
    profile = tmp_path / "market-page-one.yaml"
    profile.write_text(
        market.replace("name: demo-market", "name: market-page-one").replace(
            '"${MIMAMORI_DEMO_URL}/market/"', '"${MIMAMORI_DEMO_URL}/market/?page=1"'
        )
    )
    data_dir = tmp_path / "data"
    result = mimamori(
        "crawl", str(profile), "--json", "--no-progress",
        "--var", f"MIMAMORI_DEMO_URL={demo_site.base_url}", data_dir=data_dir,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    database = Database(AppConfig.resolve(data_dir).db_url, migrate=False)
    with database.session() as session:
        fetched = session.scalar(
            select(func.count(Capture.id)).where(
                Capture.url == f"{demo_site.base_url}/market/?page=1"
            )
        )
    database.dispose()
    assert fetched == 1
