"""A small, realistic review world inserted straight into the database.

Fictional people and accounts only; every image is a synthetic placeholder drawn
with Pillow (coloured shapes), blurred the way the crawler stores thumbnails.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from review_builder import NOW, PASSWORD, World, WorldBuilder
from review_pictures import (
    blurred_jpeg,
    blurred_screenshot,
    placeholder_image,
    png_bytes,
    warc_record,
)

from crawler.review.users import create_user
from storage.config import AppConfig
from storage.db import Database
from storage.models import (
    Account,
    AccountRevision,
    CrawlRun,
    Flag,
    Media,
    Plan,
    Platform,
    Post,
    WatchlistPerson,
)

SCRIPT_PAYLOAD = "<script>alert(1)</script>"
IMG_PAYLOAD = "<img src=x onerror=alert(1)>"
JS_URL_PAYLOAD = "javascript:alert(1)"


def _reason(text: str, family: str, matched: str, part: str, person_id: str | None = None) -> dict:
    start = text.find(matched)
    return {
        "family": family,
        "term": matched,
        "matched": matched,
        "start": start if start >= 0 else None,
        "end": start + len(matched) if start >= 0 else None,
        "person_id": person_id,
        "part": part,
    }


def build_world(cfg: AppConfig, db: Database, *, with_users: bool = True) -> World:
    world = World()
    if with_users:
        for name, role in (
            ("vol1", "volunteer"),
            ("vol2", "volunteer"),
            ("vol3", "volunteer"),
            ("ana", "analyst"),
            ("adm", "admin"),
        ):
            user, _ = create_user(db, name, role, PASSWORD)
            world.users[name] = user.id

    with db.session() as s:
        fan, market = (
            Platform(key="fanlounge", display_name="FanLounge"),
            Platform(key="kirakira", display_name="Kirakira Market"),
        )
        s.add_all([fan, market])
        s.add_all(_watchlist())
        run_ok, run_bad = _runs()
        s.add_all([run_ok, run_bad])
        s.flush()
        build = WorldBuilder(s, cfg, world, run_ok)
        _storefront(build, fan)
        _listing(build, market)
        _minor_risk(build, fan)
        _hostile(build, fan)
        # 5. Already dismissed (news about deepfakes): not in the open queue.
        a5 = build.account(
            "fl-5005",
            fan,
            "news_watch",
            "ディープフェイク注意喚起",
            "性的ディープフェイクの被害に注意しましょう。",
            90,
        )
        build.flag("news", a5, 0.55, [], 80, status="dismissed")
    return world


def _watchlist() -> list[WatchlistPerson]:
    return [
        WatchlistPerson(
            id="p-001",
            name="星野みらい",
            kana="ほしのみらい",
            aliases=["ミライ"],
            category="actress",
        ),
        WatchlistPerson(
            id="p-002", name="桜井ゆうな", kana="さくらいゆうな", aliases=[], category="idol"
        ),
        WatchlistPerson(
            id="p-003", name="青山玲奈", kana="あおやまれな", aliases=[], category="announcer"
        ),
    ]


def _runs() -> tuple[CrawlRun, CrawlRun]:
    """A healthy crawl, and a failed one (for the dashboard)."""
    run_ok = CrawlRun(
        profile="fanlounge",
        platform="fanlounge",
        started_at=NOW - timedelta(hours=3),
        finished_at=NOW - timedelta(hours=2),
        status="finished",
        finish_reason="finished",
        stats={"response_received_count": 412},
        health_ok=True,
        tool_version="0.1.0",
    )
    run_bad = CrawlRun(
        profile="kirakira",
        platform="kirakira",
        started_at=NOW - timedelta(hours=1),
        finished_at=NOW - timedelta(minutes=50),
        status="failed",
        finish_reason="closespider_errorcount",
        stats={"response_received_count": 12},
        health_ok=False,
        health_messages=["item count 3 below minimum 20"],
        tool_version="0.1.0",
    )
    return run_ok, run_bad


def _storefront(build: WorldBuilder, fan: Platform) -> None:
    """1. A membership storefront that takes paid requests for named actresses."""
    bio = "AI美女のサブスク。星野みらい に酷似したコラ画像を毎週更新。月額プランのリクエスト枠で好きな女優を指名できます。"
    a1 = build.account("fl-1001", fan, "aiko_studio", "AIko スタジオ", bio, 10)
    for name, price, desc in (
        ("ライト", "500", "サンプル閲覧"),
        ("スタンダード", "1500", "全画像"),
        ("リクエスト", "10000", "好きな女優を指名してリクエスト"),
    ):
        build.s.add(
            Plan(
                account_id=a1.id, name=name, price=Decimal(price), currency="JPY", description=desc
            )
        )
    t1 = "新作：桜井ゆうな 似せたAI生成画像 20枚。リクエストは上位プランで受付中。"
    p1 = build.post(a1, "1001-1", "今週の新作", t1, 40, "1500")
    t2 = "星野みらい の服を脱がす加工、完成しました。会員限定。"
    p2 = build.post(a1, "1001-2", "会員限定", t2, 35)
    build.post(a1, "1001-3", "お知らせ", "年末年始の更新予定です。", 20)
    d_acc = build.detect(
        a1,
        "account",
        bio,
        [
            _reason(bio, "synthetic", "AI美女", "bio"),
            _reason(bio, "commerce", "サブスク", "bio"),
            _reason(bio, "person", "星野みらい", "bio", "p-001"),
            _reason(bio, "lookalike", "酷似", "bio"),
            _reason(bio, "request", "リクエスト", "bio"),
        ],
        ["p-001"],
        0.92,
    )
    build.detect(
        a1,
        "post",
        t1,
        [
            _reason(t1, "person", "桜井ゆうな", "text", "p-002"),
            _reason(t1, "synthetic", "AI生成", "text"),
        ],
        ["p-002"],
        0.88,
        post_row=p1,
    )
    build.detect(
        a1,
        "post",
        t2,
        [
            _reason(t2, "person", "星野みらい", "text", "p-001"),
            _reason(t2, "sexual", "服を脱がす", "text"),
        ],
        ["p-001"],
        0.95,
        post_row=p2,
    )
    _storefront_evidence(build, a1, p1, p2, bio)
    build.flag("storefront", a1, 0.92, ["p-001", "p-002"], 5, detection=d_acc)


def _storefront_evidence(build: WorldBuilder, a1: Account, p1: Post, p2: Post, bio: str) -> None:
    """Its pictures (one kept in full), profile page, screenshot and a plan change."""
    world, blobs, s = build.world, build.blobs, build.s
    original = placeholder_image(1)
    world.blobs["a1_thumb"] = blobs.put(blurred_jpeg(original))
    world.blobs["a1_original"] = blobs.put(png_bytes(original))
    m1 = Media(
        account_id=a1.id,
        post_id=p1.id,
        url=f"{a1.profile_url}/img/1.jpg",
        sha256=hashlib.sha256(png_bytes(original)).hexdigest(),
        pdq="0" * 64,
        pdq_quality=90,
        width=320,
        height=240,
        content_type="image/jpeg",
        thumb_blob=world.blobs["a1_thumb"],
        original_blob=world.blobs["a1_original"],
    )
    other = placeholder_image(2)
    m2 = Media(
        account_id=a1.id,
        post_id=p2.id,
        url=f"{a1.profile_url}/img/2.jpg",
        sha256=hashlib.sha256(png_bytes(other)).hexdigest(),
        thumb_blob=blobs.put(blurred_jpeg(other)),
    )
    s.add_all([m1, m2])
    s.flush()
    world.media["a1_original"] = m1.id
    world.media["a1_blurred_only"] = m2.id
    html = f"<html><body><p>{bio}</p></body></html>".encode()
    warc = warc_record(build.cfg, a1.profile_url, html)
    c_resp = build.capture(a1, "response", a1.profile_url, 60, html, warc=warc)
    world.blobs["a1_shot"] = blobs.put(blurred_screenshot(1))
    c_shot = build.capture(
        a1, "screenshot", a1.profile_url, 59, b"raw screenshot", blob=world.blobs["a1_shot"]
    )
    world.captures["a1_response"] = c_resp.id
    world.captures["a1_screenshot"] = c_shot.id
    s.add(
        AccountRevision(
            account_id=a1.id,
            run_id=build.run.id,
            at=NOW - timedelta(minutes=15),
            changed_fields=["plans"],
            diff="+ リクエスト ¥10,000",
        )
    )


def _listing(build: WorldBuilder, market: Platform) -> None:
    """2. A flea-market listing for "undressing edits" of an announcer."""
    bio2 = "青山玲奈 アイコラ 1枚300円から。ご依頼はDMで。"
    a2 = build.account("kk-2002", market, "deep_collage", "コラ職人", bio2, 30)
    d2 = build.detect(
        a2,
        "account",
        bio2,
        [
            _reason(bio2, "person", "青山玲奈", "bio", "p-003"),
            _reason(bio2, "synthetic", "アイコラ", "bio"),
        ],
        ["p-003"],
        0.81,
    )
    build.s.add(
        Plan(account_id=a2.id, name="1枚", price=Decimal("300"), currency="JPY", price_text="300円")
    )
    build.flag("listing", a2, 0.81, ["p-003"], 15, detection=d2)


def _minor_risk(build: WorldBuilder, fan: Platform) -> None:
    """3. Possibly a minor: no image kept at all, analysts only."""
    bio3 = "卒アル・制服写真からの加工リクエスト受付。JK素材あり。"
    a3 = build.account("fl-3003", fan, "school_memories", "思い出加工", bio3, 50)
    d3 = build.detect(
        a3,
        "account",
        bio3,
        [_reason(bio3, "minor", "卒アル", "bio"), _reason(bio3, "minor", "JK", "bio")],
        [],
        0.97,
        minor=True,
    )
    m3 = Media(
        account_id=a3.id,
        url=f"{a3.profile_url}/img/x.jpg",
        sha256="ab" * 32,
        withheld_reason="minor_risk",
    )
    build.s.add(m3)
    build.s.flush()
    build.world.media["minor"] = m3.id
    build.flag("minor", a3, 0.97, [], 20, minor=True, detection=d3)


def _hostile(build: WorldBuilder, fan: Platform) -> None:
    """4. Hostile scraped text: must render as text and run nothing."""
    bio4 = f"プロフィール {SCRIPT_PAYLOAD} リクエスト受付 {IMG_PAYLOAD}"
    links = [JS_URL_PAYLOAD, {"url": JS_URL_PAYLOAD}]
    a4 = build.account(
        "fl-4004", fan, "x_payload", '"><svg onload=alert(1)>', bio4, 70, links=links
    )
    t4 = f"リンクはこちら {JS_URL_PAYLOAD} と {IMG_PAYLOAD} 星野みらい AI生成"
    p4 = build.post(a4, "4004-1", SCRIPT_PAYLOAD, t4, 65)
    evil = {
        "family": "<b>evil</b>",
        "term": SCRIPT_PAYLOAD,
        "matched": SCRIPT_PAYLOAD,
        "start": 999,
        "end": 5,
        "part": "bio",
    }
    d4 = build.detect(
        a4, "account", bio4, [_reason(bio4, "request", "リクエスト", "bio"), evil], [], 0.75
    )
    build.detect(
        a4,
        "post",
        t4,
        [
            _reason(t4, "person", "星野みらい", "text", "p-001"),
            _reason(t4, "evasion", JS_URL_PAYLOAD, "text"),
        ],
        ["p-001"],
        0.8,
        post_row=p4,
    )
    build.flag("hostile", a4, 0.75, ["p-001"], 25, detection=d4)


def add_bulk_flags(
    db: Database, count: int, *, start: datetime = NOW - timedelta(days=3)
) -> list[int]:
    """`count` extra flagged accounts, one minute apart (for paging tests)."""
    ids = []
    with db.session() as s:
        platform = s.query(Platform).filter_by(key="fanlounge").one()
        for index in range(count):
            acct = Account(
                platform_id=platform.id,
                account_key=f"bulk-{index}",
                handle=f"bulk_{index}",
                display_name=f"Bulk {index}",
                profile_url=f"http://127.0.0.1:9/bulk/{index}",
                bio="AI美女 サブスク",
                first_seen_at=start,
                last_seen_at=start,
            )
            s.add(acct)
            s.flush()
            row = Flag(
                account_id=acct.id,
                status="new" if index % 3 else "in_review",
                score=0.6,
                people=[],
                created_at=start - timedelta(minutes=index),
                updated_at=start,
            )
            s.add(row)
            s.flush()
            ids.append(row.id)
    return ids


def data_dir_files(path: Path) -> list[Path]:
    return sorted(p for p in path.rglob("*") if p.is_file())
