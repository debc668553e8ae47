"""A link-in-bio hop through the Redis frontier: the account waiting in the request's meta
crosses the queue and comes back with the page's links (spiders/link_in_bio.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import finish, start
from sqlalchemy import select

from crawler.demo_site import DemoSite, build_world
from storage.db import Database
from storage.models import Account, Capture, EvidenceLink

PROFILE = Path(__file__).resolve().parents[1] / "crawl" / "lab_profiles" / "lab-link-in-bio.yaml"


def test_a_hop_through_redis_keeps_the_account_and_its_links(
    tmp_path: Path, frontier_url: str, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with DemoSite(day=1) as site:
        monkeypatch.setenv("MIMAMORI_DEMO_URL", site.base_url)
        crawl = start(
            "crawl",
            str(PROFILE),
            "--frontier",
            frontier_url,
            "--worker-id",
            "a",
            "--no-progress",
            "--json",
            data_dir=tmp_path / "data",
            db=pg_url,
        )
        out, _ = finish(crawl)
    [report] = json.loads(out)
    page = f"{site.base_url}/fanclub/creators/request_yakata/posts"
    world_acc = build_world(1).account("fanclub", "request_yakata")
    assert world_acc is not None
    database = Database(pg_url)
    try:
        with database.session() as session:
            acc = session.scalar(select(Account).where(Account.handle == "request_yakata"))
            assert acc is not None and acc.last_seen_run_id == report["run_id"]
            assert [x for x in acc.links if isinstance(x, dict)] == [
                {"url": f"{site.base_url}{p.path}", "via": page} for p in world_acc.posts[:5]
            ]
            capture = session.scalar(
                select(Capture).where(Capture.url == page, Capture.run_id == report["run_id"])
            )
            assert capture is not None
            assert session.scalars(
                select(EvidenceLink.account_id).where(EvidenceLink.capture_id == capture.id)
            ).all() == [acc.id]
            assert session.scalar(select(Account).where(Account.handle == "ura_request_room"))
    finally:
        database.dispose()
