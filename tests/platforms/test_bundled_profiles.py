"""The bundled real-platform profiles crawl the platform world through the real engine (and
Chromium for FANBOX) and store what the platforms' structure hides behind CSRF tokens,
Origin checks, age cookies, 429 challenges, searches and undeclared EUC-JP."""

from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo

import pytest
from expectations import accounts, minors, posts, targets
from platform_world.cast import everyone
from sqlalchemy import select

from spiders.dates import parse_posted_at
from storage.config import AppConfig
from storage.db import open_database
from storage.models import Account, Flag, Platform, Post

PLATFORMS = ["fantia", "fanbox", "cien", "skeb", "rakuma"]


@pytest.fixture(scope="module")
def db(world_crawl):
    database = open_database(AppConfig.resolve(world_crawl.data_dir))
    yield database
    database.dispose()


def _stored_accounts(db, platform: str) -> dict[str, Account]:
    with db.session() as s:
        rows = s.scalars(select(Account).join(Platform).where(Platform.key == platform)).all()
        return {a.account_key: a for a in rows}


def _stored_posts(db, platform: str) -> dict[tuple[str, str], Post]:
    with db.session() as s:
        rows = s.execute(
            select(Account.account_key, Post)
            .join(Post, Post.account_id == Account.id)
            .join(Platform)
            .where(Platform.key == platform)
        ).all()
        return {(key, post.post_key): post for key, post in rows}


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_run_ends_healthy_without_problems(world_crawl, platform):
    result = world_crawl.results[platform]
    assert result["problems"] == [], result
    assert result["summary"]["accounts"] == len(accounts(platform)), result["summary"]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_account_is_stored_under_its_stable_platform_id(db, platform):
    stored = _stored_accounts(db, platform)
    expected = accounts(platform)
    assert set(stored) == set(expected)
    for key, creator in expected.items():
        assert stored[key].handle == creator.handle, key
        assert stored[key].display_name == creator.name, key


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_post_is_stored_with_its_id_and_publish_time(db, platform):
    stored = _stored_posts(db, platform)
    expected = posts(platform)
    assert set(stored) == set(expected)
    for ref, (_title, posted_at) in expected.items():
        assert stored[ref].posted_at_text == posted_at, ref
        # ... and read as a time: the world writes Japan time, with or without an offset.
        parsed = stored[ref].posted_at
        assert parsed is not None, (ref, posted_at)
        assert parse_posted_at(posted_at, ZoneInfo("Asia/Tokyo")) == parsed.replace(tzinfo=UTC)


def test_storefronts_are_flagged_and_innocent_creators_are_not(db):
    with db.session() as s:
        rows = s.execute(
            select(Platform.key, Account.account_key, Flag.minor_risk)
            .join(Account, Flag.account_id == Account.id)
            .join(Platform)
        ).all()
    flagged = {(p, k) for p, k, _ in rows}
    assert targets() - flagged == set(), "storefronts not flagged"
    assert flagged - targets() == set(), "innocent creators flagged"
    assert {(p, k) for p, k, minor in rows if minor} == minors()


def test_the_minor_risk_offer_reaches_analysts_only(db):
    from crawler.review.queue import QueueFilter, Viewer, load_page

    with db.session() as s:
        volunteer = load_page(s, Viewer(1, "volunteer"), QueueFilter(), page_size=100).rows
        analyst = load_page(s, Viewer(2, "analyst"), QueueFilter(), page_size=100).rows
    minor_handles = {c.handle for c in everyone() if c.minor}
    assert minor_handles <= {row.handle for row in analyst if row.minor_risk}
    assert not any(row.minor_risk or row.handle in minor_handles for row in volunteer)
    assert len(volunteer) == len(targets()) - len(minors())


def test_fantia_post_api_was_called_with_the_csrf_token_and_never_refused(world_crawl):
    api = [
        (path, status)
        for path, status in world_crawl.world.hosts["fantia"].hits
        if path.startswith("/api/")
    ]
    assert len(api) == len(posts("fantia"))
    assert {status for _path, status in api} == {200}


def test_fanbox_api_saw_the_site_origin_on_every_call(world_crawl):
    hits = world_crawl.world.hosts["fanbox_api"].hits
    called = {path.split("?")[0] for path, _status in hits}
    assert {"/creator.search", "/creator.get", "/post.listCreator", "/plan.listCreator"} <= called
    assert all(status == 200 for path, status in hits if path != "/robots.txt"), hits


def test_skeb_answers_after_its_429_cookie_challenge(world_crawl):
    hits = world_crawl.world.hosts["skeb"].hits
    assert world_crawl.world.skeb.challenges >= 1
    works = [status for path, status in hits if "/works/" in path]
    assert works and set(works) == {200}


def test_rakuma_runs_every_search_word_and_finds_the_seller_only_one_word_reaches(world_crawl, db):
    assert sorted(world_crawl.world.fril.searched) == sorted(
        ["AI 画像", "コラ 依頼", "AI イラスト 依頼"]
    )
    sellers = _stored_accounts(db, "rakuma")
    assert sellers["s0b2e9d"].display_name == "コラ工房みなと"


def test_the_undeclared_euc_jp_item_is_stored_as_japanese_text(db):
    stored = _stored_posts(db, "rakuma")
    post = stored[("s7c1f0a", "3f2a9c01d4e5b6a7c8d9e0f1a2b3c4d5")]
    assert post.title == "月詠 乃亜 似 AI画像 データ販売 20枚"
    assert "月詠 乃亜" in (post.text or "")
    assert _stored_accounts(db, "rakuma")["s7c1f0a"].display_name == "のあ★AIショップ"


@pytest.mark.parametrize("platform", ["fanbox", "rakuma"])
def test_fees_and_prices_are_stored_from_the_api_or_the_item_page(db, platform):
    stored = _stored_posts(db, platform)
    for creator in accounts(platform).values():
        for work in creator.works:
            post = stored[(creator.key, work.id)]
            assert (post.price, post.currency) == (work.price, "JPY"), work.id


@pytest.mark.parametrize("platform", ["fantia", "fanbox", "cien", "skeb"])
def test_plans_and_their_prices_are_stored(db, platform):
    from storage.models import Plan

    with db.session() as s:
        rows = s.execute(
            select(Account.account_key, Plan.name, Plan.price)
            .join(Plan, Plan.account_id == Account.id)
            .join(Platform)
            .where(Platform.key == platform)
        ).all()
    stored = {(key, name, int(price)) for key, name, price in rows}
    expected = {(c.key, n, yen) for c in accounts(platform).values() for n, yen, _d in c.plans}
    assert stored == expected


def test_stats_json_names_every_flagged_storefront_and_the_watched_people(world_crawl, mimamori):
    import json

    result = mimamori("stats", "--json", data_dir=world_crawl.data_dir)
    assert result.returncode == 0, result.stderr
    flagged = {
        (row["platform"], row["account_key"]): (set(row["people"]), row["minor_risk"])
        for row in json.loads(result.stdout)["flagged_accounts"]
    }
    expected = {(c.platform, c.key): (set(c.people), c.minor) for c in everyone() if c.target}
    assert flagged == expected
