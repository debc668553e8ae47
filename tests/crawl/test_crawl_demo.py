"""The main job, checked the way a user would: crawl the demo world and look at what was kept."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, UnidentifiedImageError
from sqlalchemy import func, select
from warcio.archiveiterator import ArchiveIterator

from crawler.demo_site.world import build_world
from storage import chain
from storage.blobs import BlobStore
from storage.config import AppConfig
from storage.db import open_database
from storage.models import Account, Capture, CrawlError, EvidenceLink, Media, Plan, Platform, Post

WORLD = build_world(1)


@pytest.fixture(scope="module")
def db(demo_data_dir: Path):
    database = open_database(AppConfig.resolve(demo_data_dir))
    yield database
    database.dispose()


def _accounts(db, platform: str) -> dict[str, Account]:
    with db.session() as s:
        rows = s.scalars(select(Account).join(Platform).where(Platform.key == platform)).all()
        return {a.handle: a for a in rows}


def test_stats_json_shows_three_platforms_with_screenshots_and_warcs(demo_data_dir, mimamori):
    result = mimamori("stats", "--json", data_dir=demo_data_dir)
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["platforms"] == 3
    assert stats["platform_names"] == ["fanclub", "market", "social"]
    assert stats["accounts"] == len(WORLD.accounts)
    assert stats["screenshots"] >= len(WORLD.accounts_on("social"))
    assert stats["warc_files"] >= 3
    assert stats["posts"] > 150
    assert stats["flags"] == len(stats["flagged_account_ids"]) > 0


@pytest.mark.parametrize("platform", ["fanclub", "social", "market"])
def test_every_account_of_every_platform_is_extracted(db, platform):
    stored = _accounts(db, platform)
    expected = {a.handle for a in WORLD.accounts_on(platform)}
    assert set(stored) == expected


def test_client_rendered_timeline_posts_were_seen_through_the_browser(db):
    stored = _accounts(db, "social")
    for account in WORLD.accounts_on("social"):
        with db.session() as s:
            texts = set(
                s.scalars(select(Post.text).where(Post.account_id == stored[account.handle].id))
            )
        # every post, including those only loaded by infinite scroll
        assert {p.text.strip() for p in account.posts} <= {t.strip() for t in texts if t}, (
            account.handle
        )
        assert len(account.posts) > 5


def test_shift_jis_and_euc_jp_pages_are_decoded(db):
    for handle in ("deepcollage_k", "undress_works"):
        expected = WORLD.account("fanclub", handle)
        stored = _accounts(db, "fanclub")[handle]
        assert stored.display_name == expected.display_name
        first_line = expected.bio.splitlines()[0].strip()
        assert first_line[:12] in (stored.bio or "")
    with db.session() as s:
        euc = s.scalar(select(Post).where(Post.post_key == "200305"))
    _, post = WORLD.post("fanclub", 200305)
    assert euc is not None and post.title == euc.title


def test_plan_prices_are_parsed_including_shift_jis_yen_signs(db):
    for handle in ("deepcollage_k", "ai_bijin_lab"):
        account = WORLD.account("fanclub", handle)
        stored = _accounts(db, "fanclub")[handle]
        with db.session() as s:
            plans = {p.name: p for p in s.scalars(select(Plan).where(Plan.account_id == stored.id))}
        assert plans.keys() == {p.name for p in account.plans}
        for plan in account.plans:
            assert plans[plan.name].price == plan.price_yen, (handle, plan.name)
            assert plans[plan.name].currency == "JPY"


def test_hostile_text_is_stored_as_text(db):
    with db.session() as s:
        post = s.scalar(select(Post).where(Post.post_key == "200506"))
    assert post is not None
    assert "<script>alert(1)</script>" in (post.title or "") + (post.text or "")
    assert "onerror=alert(1)" in (post.title or "") + (post.text or "")


def test_awkward_pages_become_recorded_errors(db):
    with db.session() as s:
        errors = {(e.kind, e.url.split("/", 3)[-1]) for e in s.scalars(select(CrawlError))}
    kinds = {k for k, _ in errors}
    assert ("too_large", "fanclub/creators/ai_bijin_lab/archive") in errors
    assert "redirect_loop" in kinds
    assert ("http_404", "fanclub/posts/209999") in errors
    assert ("robots_forbidden", "fanclub/private/room-7") in errors
    assert ("http_503", "market/campaign") in errors


def test_429_is_retried_after_the_retry_after_delay(db):
    with db.session() as s:
        rows = s.execute(
            select(Capture.status, Capture.captured_at)
            .where(Capture.url.like("%/fanclub/ranking"), Capture.kind == "response")
            .order_by(Capture.id)
        ).all()
    statuses = [r.status for r in rows]
    assert statuses[0] == 429 and 200 in statuses
    waited = (rows[statuses.index(200)].captured_at - rows[0].captured_at).total_seconds()
    assert waited >= 2.0


def test_redirect_chain_is_followed_and_every_hop_recorded(db):
    with db.session() as s:
        hops = s.execute(
            select(Capture.url, Capture.status)
            .where(Capture.url.like("%/fanclub/campaign%"))
            .order_by(Capture.id)
        ).all()
    assert [status for _, status in hops][:3] == [302, 301, 302]


def test_warcs_pass_warcio_check(demo_data_dir):
    files = sorted((demo_data_dir / "warc").glob("*.warc.gz"))
    assert len(files) >= 3
    result = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "check", *map(str, files)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_capture_rows_point_at_the_exact_warc_record_with_matching_sha256(db, demo_data_dir):
    with db.session() as s:
        captures = s.scalars(
            select(Capture).where(Capture.kind.in_(["response", "dom", "screenshot"])).limit(60)
        ).all()
    assert captures
    for capture in captures:
        raw = (demo_data_dir / "warc" / capture.warc_file).read_bytes()[
            capture.warc_offset : capture.warc_offset + capture.warc_length
        ]
        record = next(iter(ArchiveIterator(io.BytesIO(raw))))
        assert record.rec_headers.get_header("WARC-Record-ID") == capture.warc_record_id
        body = (
            record.content_stream().read()
            if record.rec_type == "response"
            else record.raw_stream.read()
        )
        if (
            record.rec_type == "response"
            and record.http_headers.get_header("Content-Encoding") == "gzip"
        ):
            body = gzip.decompress(body)  # pragma: no cover - demo serves identity
        assert hashlib.sha256(body).hexdigest() == capture.sha256


def test_the_capture_hash_chain_is_intact(db):
    with db.session() as s:
        captures = s.scalars(select(Capture).order_by(Capture.id)).all()
    prev = None
    for capture in captures:
        assert capture.prev_row_hash == prev
        assert capture.row_hash == chain.row_hash(prev, chain.canonical_fields(capture))
        prev = capture.row_hash


def test_every_account_has_linked_evidence(db):
    with db.session() as s:
        without = s.scalars(
            select(Account.handle).where(
                ~select(EvidenceLink.id).where(EvidenceLink.account_id == Account.id).exists()
            )
        ).all()
    assert without == []


def test_screenshots_are_blurred_compared_with_an_unblurred_render(db, demo_data_dir, demo_site):
    """Variance of edges in an image's box: sharp in a plain render, smoothed in ours."""
    from PIL import ImageChops, ImageFilter, ImageStat
    from playwright.sync_api import sync_playwright

    from crawler.settings import CHROMIUM_ARGS

    handle = WORLD.accounts_on("social")[0].handle
    with db.session() as s:
        shot = s.scalar(
            select(Capture).where(
                Capture.kind == "screenshot", Capture.url.like(f"%/social/@{handle}")
            )
        )
    assert shot is not None and shot.blob_sha256
    ours = Image.open(io.BytesIO(BlobStore(demo_data_dir / "blobs").get(shot.blob_sha256))).convert(
        "L"
    )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ja-JP")
        page.goto(f"{demo_site.base_url}/social/@{handle}", wait_until="networkidle")
        page.wait_for_selector("img.sc-post__image")
        page.evaluate("window.scrollTo(0, 0)")
        box = page.locator("img.sc-post__image").first.bounding_box()
        plain = Image.open(io.BytesIO(page.screenshot(full_page=True))).convert("L")
        browser.close()
    region = (
        int(box["x"]) + 8,
        int(box["y"]) + 8,
        int(box["x"] + box["width"]) - 8,
        int(box["y"] + box["height"]) - 8,
    )

    def fine_detail(img: Image.Image) -> float:
        """Mean difference between the region and a slightly smoothed copy: high for sharp content."""
        crop = img.crop(region)
        return ImageStat.Stat(
            ImageChops.difference(crop, crop.filter(ImageFilter.GaussianBlur(2)))
        ).mean[0]

    assert fine_detail(plain) > 1.0
    assert fine_detail(ours) < fine_detail(plain) / 5


def test_media_are_hashed_and_kept_only_as_small_blurred_thumbnails(db, demo_data_dir):
    blobs = BlobStore(demo_data_dir / "blobs")
    with db.session() as s:
        media = s.scalars(select(Media)).all()
    assert len(media) > 100
    with_thumb = [m for m in media if m.thumb_blob]
    assert with_thumb
    for m in with_thumb[:40]:
        assert m.sha256 and len(m.sha256) == 64 and m.pdq and len(m.pdq) == 64
        assert m.original_blob is None
        thumb = Image.open(io.BytesIO(blobs.get(m.thumb_blob)))
        assert thumb.format == "JPEG" and max(thumb.size) <= 320
    broken = [m for m in media if m.url.endswith("/fanclub/media/posts/201102/2.jpg")]
    assert broken and broken[0].error and broken[0].thumb_blob is None and broken[0].sha256


def test_no_original_image_is_written_anywhere(demo_data_dir):
    """Everything on disk is the database, WARCs, screenshots (PNG) or thumbnails (≤320 px JPEG)."""
    for path in demo_data_dir.rglob("*"):
        if (
            not path.is_file()
            or path.parent.name == "warc"
            or path.name.startswith("mimamori.sqlite3")
        ):
            continue
        try:
            image = Image.open(path)
        except UnidentifiedImageError:
            continue  # not an image (locks, job state, login file)
        if image.format == "JPEG":
            assert max(image.size) <= 320, path
        else:
            assert image.format == "PNG" and image.width == 1280, path  # full-page screenshots
    for warc in (demo_data_dir / "warc").glob("*.warc.gz"):
        with open(warc, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    ctype = record.http_headers.get_header("Content-Type") or ""
                    assert not ctype.startswith(("image/", "video/")), (
                        record.rec_headers.get_header("WARC-Target-URI")
                    )


def test_minor_risk_accounts_keep_no_thumbnails(db):
    minors = WORLD.minors()
    assert minors
    with db.session() as s:
        for account in minors:
            stored = s.scalar(
                select(Account)
                .join(Platform)
                .where(Platform.key == account.platform, Account.handle == account.handle)
            )
            thumbs = s.scalar(
                select(func.count(Media.id)).where(
                    Media.account_id == stored.id, Media.thumb_blob.is_not(None)
                )
            )
            assert thumbs == 0, account.handle


def test_flags_match_the_demo_worlds_storefronts(db):
    """Every storefront is queued for review; no news, warning, official or removal account is."""
    from storage.models import Flag

    with db.session() as s:
        rows = s.execute(
            select(Platform.key, Account.handle, Flag.minor_risk)
            .join(Account, Flag.account_id == Account.id)
            .join(Platform)
        ).all()
    flagged = {(p, h) for p, h, _ in rows}
    minor_flagged = {(p, h) for p, h, minor in rows if minor}
    targets = {(a.platform, a.handle) for a in WORLD.targets()}
    assert targets - flagged == set(), "storefronts not flagged"
    assert flagged - targets == set(), "hard negatives flagged"
    assert {(a.platform, a.handle) for a in WORLD.minors()} <= minor_flagged


def test_link_in_bio_page_is_followed_from_a_bio_and_kept_as_its_evidence(db):
    """hoshizora_samples' bio links only to its link-in-bio page: the crawl reads that page one
    hop away, keeps its links "via" it and its capture as the account's evidence."""
    with db.session() as s:
        acc = _accounts(db, "social")["hoshizora_samples"]
        [page] = [link for link in acc.links if isinstance(link, str)]
        assert page.endswith("/links/hoshizora")
        base = page.removesuffix("/links/hoshizora")
        market = WORLD.account("market", "hoshizora_store")
        assert market is not None
        assert [link for link in acc.links if isinstance(link, dict)] == [
            {"url": f"{base}/fanclub/creators/hoshizora_ai", "via": page},
            {"url": f"{base}{market.path}", "via": page},
            {"url": "https://discord.gg/hoshizora-req", "via": page},
            {"url": f"{base}/links/", "via": page},
        ]
        capture = s.scalar(select(Capture).where(Capture.url == page, Capture.kind == "response"))
        assert capture is not None and capture.warc_record_id
        linked = s.scalars(
            select(EvidenceLink.account_id).where(EvidenceLink.capture_id == capture.id)
        ).all()
        assert linked == [acc.id]
        # The service's home page, linked by many unrelated accounts, is not a page to follow.
        assert s.scalar(select(Capture).where(Capture.url == f"{base}/links/")) is None
