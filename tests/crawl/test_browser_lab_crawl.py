"""Real Scrapy engine, real Chromium, real local server: the browser-side profile features.

One rendered crawl covers "load more" clicks, `response:` extraction from a creator SPA's
API calls, malformed API JSON and the render timeout's message; a second crawl of the
same site with edited post texts adds no posts. One static crawl covers pages whose
bytes are Shift_JIS or EUC-JP while their header says UTF-8 or nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_lab_site import CREATORS, EUC_SHOP, SJIS_SHOP, LabSite
from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator

from storage.config import AppConfig
from storage.db import Database
from storage.models import Account, Capture, CrawlError, Detection, Post

REPO = Path(__file__).resolve().parents[2]

SPA_PROFILE = """\
name: spa-lab
platform: spalab
display_name: SPA lab
start_urls: ["{base}/creators"]
allow_private_addresses: true
render: true
politeness: {{obey_robots_txt: false, download_delay: 0, autothrottle: false, concurrency: 2}}
limits: {{page_timeout_s: 4}}
screenshots: {{enabled: false}}
health: {{min_accounts: 0, max_error_ratio: 1}}
links:
  - kind: listing
    pattern: '^/creators$'
    wait_for: 'body[data-state="ready"]'
    load_more: {{selector: "button.more", max_clicks: 10, wait_ms: 300, max_seconds: 30}}
  - kind: listing
    pattern: '^/stuck$'
    follow: false
    wait_for: '#never'
  - kind: account
    pattern: '^/@(?P<creator>[a-z]+)$'
    follow: false
    wait_for: '#root[data-state="ready"]'
account:
  key: {{jmespath: "body.user.userId", response: '/api/creator\\.get\\?'}}
  handle: {{jmespath: "body.creatorId", response: '/api/creator\\.get\\?'}}
  display_name: {{css: "h1.name", text: true}}
  bio: {{jmespath: "body.text", response: '/api/creator\\.bio\\?'}}
post_list:
  response: '/api/post\\.listCreator\\?'
  each: "body.items"
  each_is: jmespath
  fields:
    key: {{jmespath: "id"}}
    title: {{jmespath: "title"}}
    text: {{jmespath: "excerpt"}}
    posted_at: {{jmespath: "publishedDatetime"}}
    account_key: {{jmespath: "user.userId"}}
    fee: {{jmespath: "to_string(feeRequired)"}}
"""

SHOP_PROFILE = """\
name: shop-lab
platform: shoplab
display_name: Shop lab
start_urls: ["{base}/shop/sjis", "{base}/shop/euc"]
allow_private_addresses: true
politeness: {{obey_robots_txt: false, download_delay: 0, autothrottle: false}}
health: {{min_accounts: 0}}
links:
  - kind: account
    pattern: '^/shop/'
account:
  handle: "section.shop::attr(data-seller)"
  display_name: {{css: "h1.name", text: true}}
  bio: {{css: "p.bio", text: true}}
"""


@pytest.fixture(scope="module")
def lab() -> Iterator[LabSite]:
    with LabSite() as site:
        yield site


def _crawl(mimamori, tmp: Path, text: str, data_dir: Path) -> None:
    profile = tmp / "profile.yaml"
    profile.write_text(text)
    result = mimamori("crawl", str(profile), "--no-progress", data_dir=data_dir, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]


def _database(data_dir: Path) -> Database:
    return Database(AppConfig.resolve(data_dir).db_url, migrate=False)


@pytest.fixture(scope="module")
def spa_crawl(lab: LabSite, mimamori, tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("spa-lab")
    data_dir = tmp / "data"
    _crawl(mimamori, tmp, SPA_PROFILE.format(base=lab.base_url), data_dir)
    return data_dir


@pytest.mark.browser
def test_load_more_is_clicked_until_gone_and_later_items_are_crawled(spa_crawl: Path) -> None:
    database = _database(spa_crawl)
    with database.session() as s:
        handles = set(s.scalars(select(Account.handle)))
        actions = s.scalars(select(Capture).where(Capture.kind == "actions")).all()
    database.dispose()
    # Creators 3–6 are linked only from the list's pages 2 and 3.
    assert handles == set(CREATORS)
    assert [a.url.rsplit("/", 1)[-1] for a in actions] == ["creators"]
    record = _warc_payload(spa_crawl, actions[0])
    assert record["clicks"] == 2 and record["stopped"] == "gone"
    assert record["selector"] == "button.more"


@pytest.mark.browser
def test_ids_times_and_fees_come_from_the_spa_api_responses(spa_crawl: Path) -> None:
    database = _database(spa_crawl)
    with database.session() as s:
        accounts = {a.handle: a for a in s.scalars(select(Account))}
        posts = s.scalars(select(Post).where(Post.account_id == accounts["sora"].id)).all()
        errors = s.scalars(select(CrawlError)).all()
    database.dispose()
    assert {a.account_key for a in accounts.values()} == {c["userId"] for c in CREATORS.values()}
    assert accounts["sora"].display_name == "Sora Atelier"  # from the DOM, beside the JSON
    assert sorted((p.post_key, p.posted_at_text, p.fee_text) for p in posts) == [
        ("u-1003-p1", "2026-11-01T12:00:00+09:00", "0"),
        ("u-1003-p2", "2026-11-02T12:00:00+09:00", "500"),
    ]
    bad_json = [e for e in errors if e.kind == "bad_json"]
    assert len(bad_json) == len(CREATORS) and "creator.bio" in bad_json[0].message
    assert all(a.bio is None for a in accounts.values())


@pytest.mark.browser
def test_render_timeout_names_the_profiles_page_timeout(spa_crawl: Path) -> None:
    database = _database(spa_crawl)
    with database.session() as s:
        timeouts = s.scalars(select(CrawlError).where(CrawlError.kind == "render_timeout")).all()
    database.dispose()
    assert [(e.url.rsplit("/", 1)[-1], e.message) for e in timeouts] == [
        ("stuck", "'#never' did not appear within 4 s")
    ]


@pytest.mark.browser
def test_an_edited_post_text_is_the_same_post(
    spa_crawl: Path, lab: LabSite, mimamori, tmp_path: Path
) -> None:
    database = _database(spa_crawl)
    with database.session() as s:
        before = s.scalars(select(Post.post_key)).all()
    lab.edited = True
    try:
        _crawl(mimamori, tmp_path, SPA_PROFILE.format(base=lab.base_url), spa_crawl)
    finally:
        lab.edited = False
    with database.session() as s:
        after = s.scalars(select(Post)).all()
    database.dispose()
    assert sorted(p.post_key for p in after) == sorted(before)
    assert any(p.text and p.text.endswith("(edited)") for p in after)
    verify = mimamori("verify", "--store", data_dir=spa_crawl, timeout=300)
    assert verify.returncode == 0, verify.stdout[-3000:] + verify.stderr[-3000:]


def test_legacy_encodings_are_detected_and_recorded(lab: LabSite, mimamori, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    watchlist = REPO / "crawler" / "demo_site" / "watchlist.csv"
    imported = mimamori("watchlist", "import", str(watchlist), data_dir=data_dir)
    assert imported.returncode == 0, imported.stderr[-3000:]
    _crawl(mimamori, tmp_path, SHOP_PROFILE.format(base=lab.base_url), data_dir)
    database = _database(data_dir)
    with database.session() as s:
        accounts = {a.handle: a for a in s.scalars(select(Account))}
        encodings = {
            c.url.rsplit("/", 1)[-1]: c.text_encoding
            for c in s.scalars(select(Capture).where(Capture.kind == "response"))
        }
        people = {
            d.account_id: d.people
            for d in s.scalars(select(Detection).where(Detection.subject == "account"))
        }
    database.dispose()
    for shop in (SJIS_SHOP, EUC_SHOP):
        account = accounts[shop["handle"]]
        assert (account.display_name, account.bio) == (shop["name"], shop["bio"])
    assert encodings["sjis"] == "cp932" and encodings["euc"] == "euc_jp"
    assert "D001" in json.dumps(people[accounts["sjis_seller"].id])
    assert "D002" in json.dumps(people[accounts["euc_seller"].id])


def _warc_payload(data_dir: Path, capture: Capture) -> dict:
    warc_dir = AppConfig.resolve(data_dir).warc_dir
    path = next(warc_dir.rglob(capture.warc_file))
    with path.open("rb") as stream:
        stream.seek(capture.warc_offset)
        record = next(iter(ArchiveIterator(stream)))
        return json.loads(record.content_stream().read())
