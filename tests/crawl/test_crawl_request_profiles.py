"""Request-side profile features through the real Scrapy engine, against tests/crawl/lab_platforms.py:
headers and cookies, a CSRF token carried from a page's meta into the API calls two hops later,
a 429 whose cookie is kept for the retry, keyword searches, and sellers known only from items."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from lab_platforms import FC_POSTS, ITEMS, SELLERS, LabServer
from sqlalchemy import select

from storage.config import AppConfig
from storage.db import Database
from storage.models import Account, CrawlRun, Platform, Post

PROFILES = Path(__file__).parent / "lab_profiles"


@pytest.fixture
def lab() -> Iterator[LabServer]:
    with LabServer() as server:
        yield server


def _crawl(mimamori, data_dir: Path, profile: str, lab: LabServer, *extra: str):
    result = mimamori(
        "crawl",
        str(PROFILES / profile),
        "--no-progress",
        "--json",
        "--var",
        f"LAB_URL={lab.base_url}",
        *extra,
        data_dir=data_dir,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    [summary] = json.loads(result.stdout)
    return summary


def _rows(data_dir: Path, platform: str) -> tuple[list[Account], list[Post], list[CrawlRun]]:
    database = Database(AppConfig.resolve(data_dir).db_url)
    try:
        with database.session() as s:
            accounts = list(
                s.scalars(
                    select(Account)
                    .join(Platform, Platform.id == Account.platform_id)
                    .where(Platform.key == platform)
                    .order_by(Account.account_key)
                )
            )
            posts = list(
                s.scalars(
                    select(Post)
                    .where(Post.account_id.in_([a.id for a in accounts]))
                    .order_by(Post.post_key)
                )
            )
            runs = list(s.scalars(select(CrawlRun).order_by(CrawlRun.id)))
            s.expunge_all()
            return accounts, posts, runs
    finally:
        database.dispose()


def test_fanclub_api_gets_csrf_token_origin_and_kept_cookie(tmp_path: Path, mimamori, lab):
    data_dir = tmp_path / "data"
    summary = _crawl(mimamori, data_dir, "lab-fanclub.yaml", lab)
    assert summary["problems"] == []
    accounts, posts, _ = _rows(data_dir, "lab-fanclub")
    # Stable ids from the URL, handles from the page.
    assert [(a.account_key, a.handle) for a in accounts] == [("7", "labclub7"), ("8", "labclub8")]
    expected = sorted((pid, at) for (club, page), items in FC_POSTS.items() for pid, _, at in items)
    # Page 2 of each club is reached only with the token carried from the club page, two hops.
    assert sorted((p.post_key, p.posted_at_text) for p in posts) == expected
    statuses = [status for _, status in lab.seen.api]
    assert 403 not in statuses
    # The first API answer was a 429 setting the `gate` cookie; the retry carried it.
    assert statuses[0] == 429 and statuses.count(200) == len(FC_POSTS)
    assert summary["summary"]["accounts"] == 2


def test_flea_market_search_sellers_from_items_counted_and_kept(tmp_path: Path, mimamori, lab):
    data_dir = tmp_path / "data"
    first = _crawl(mimamori, data_dir, "lab-flea.yaml", lab, "--var", "EXTRA_KEYWORD=lab extra")
    # Both keywords searched, URL-encoded and decoded back by the server.
    assert sorted(set(lab.seen.searches)) == ["AI 画像 依頼", "lab extra"]
    # The sellers exist only on item pages: they are counted and the run is healthy.
    assert first["problems"] == []
    assert first["summary"]["accounts"] == len(SELLERS)
    accounts, posts, _ = _rows(data_dir, "lab-flea")
    assert [(a.account_key, a.handle, a.display_name) for a in accounts] == [
        (key, key, name) for key, name in sorted(SELLERS.items())
    ]
    assert all(a.profile_url == f"{lab.base_url}/flea/user/{a.account_key}" for a in accounts)
    assert sorted((p.post_key, p.posted_at_text) for p in posts) == sorted(
        (key, at) for key, (_, _, at) in ITEMS.items()
    )

    second = _crawl(mimamori, data_dir, "lab-flea.yaml", lab, "--var", "EXTRA_KEYWORD=lab extra")
    assert second["problems"] == [] and second["summary"]["missing"].get("accounts", 0) == 0
    accounts, posts, runs = _rows(data_dir, "lab-flea")
    # Their items were seen again: the sellers are not gone, and were seen by the second run.
    assert len(accounts) == len(SELLERS)
    assert all(a.missing_since_run_id is None for a in accounts)
    assert {a.last_seen_run_id for a in accounts} == {runs[-1].id}
    assert all(p.missing_since_run_id is None for p in posts)


def test_live_check_of_a_misspelled_carried_value_fails_and_names_what_is_carried(
    tmp_path: Path, mimamori, lab
):
    # The API call's header names {csrf_token}, but the page carries it as {csrf}: every
    # API call is refused, so the posts' fields are never tested. That must not pass.
    text = (
        (PROFILES / "lab-fanclub.yaml")
        .read_text()
        .replace('X-CSRF-Token: "{csrf}"', 'X-CSRF-Token: "{csrf_token}"')
    )
    profile = tmp_path / "misspelled.yaml"
    profile.write_text(text)
    var = f"LAB_URL={lab.base_url}"
    result = mimamori("profile", "check", str(profile), "--live", "--var", var, data_dir=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "no value for {csrf_token} (carried: csrf, fanclub_id)" in result.stdout
    assert "NOT CHECKED: no `posts` page was read" in result.stdout
    assert "every field found a value" not in result.stdout
    ok = mimamori(
        "profile", "check", str(PROFILES / "lab-fanclub.yaml"), "--var", var, data_dir=tmp_path
    )
    assert f"--live --var {var}" in ok.stdout  # the hint keeps the values given
