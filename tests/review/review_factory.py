"""A small, realistic review world inserted straight into the database.

Fictional people and accounts only; every image is a synthetic placeholder drawn
with Pillow (coloured shapes), blurred the way the crawler stores thumbnails.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.review.users import create_user
from storage.blobs import BlobStore
from storage.config import AppConfig
from storage.db import Database
from storage.models import (
    Account,
    AccountRevision,
    Capture,
    CrawlRun,
    Detection,
    EvidenceLink,
    Flag,
    Media,
    Plan,
    Platform,
    Post,
    WatchlistPerson,
)

PASSWORD = "correct-horse-battery"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

SCRIPT_PAYLOAD = "<script>alert(1)</script>"
IMG_PAYLOAD = "<img src=x onerror=alert(1)>"
JS_URL_PAYLOAD = "javascript:alert(1)"


@dataclass
class World:
    users: dict[str, int] = field(default_factory=dict)
    flags: dict[str, int] = field(default_factory=dict)
    accounts: dict[str, int] = field(default_factory=dict)
    media: dict[str, int] = field(default_factory=dict)
    captures: dict[str, int] = field(default_factory=dict)
    blobs: dict[str, str] = field(default_factory=dict)
    password: str = PASSWORD


def placeholder_image(seed: int, size: tuple[int, int] = (320, 240)) -> Image.Image:
    """Coloured shapes, nothing else: stands in for a scraped image."""
    image = Image.new("RGB", size, (40 + seed * 30 % 200, 90, 160))
    draw = ImageDraw.Draw(image)
    draw.ellipse((60, 40, 200, 200), fill=(230, 180 - seed * 20 % 120, 90))
    draw.rectangle((180, 120, 300, 220), fill=(20, 140, 90))
    draw.text((20, 10), f"SAMPLE {seed}", fill=(255, 255, 255))
    return image


def blurred_jpeg(image: Image.Image) -> bytes:
    small = image.copy()
    small.thumbnail((160, 160))
    out = io.BytesIO()
    small.filter(ImageFilter.GaussianBlur(10)).save(out, "JPEG", quality=70)
    return out.getvalue()


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def blurred_screenshot(seed: int) -> bytes:
    page = Image.new("RGB", (640, 900), (250, 250, 250))
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, 0, 640, 60), fill=(50, 60, 90))
    for row in range(6):
        draw.rectangle(
            (30, 90 + row * 130, 230, 200 + row * 130), fill=(120 + seed * 10 % 100, 90, 140)
        )
        draw.rectangle((250, 100 + row * 130, 600, 115 + row * 130), fill=(80, 80, 80))
    return png_bytes(page.filter(ImageFilter.GaussianBlur(8)))


def _warc_record(cfg: AppConfig, url: str, body: bytes) -> tuple[str, int, int]:
    cfg.warc_dir.mkdir(parents=True, exist_ok=True)
    name = "fixture-00001.warc.gz"
    path = cfg.warc_dir / name
    with path.open("ab") as handle:
        offset = handle.tell()
        writer = WARCWriter(handle, gzip=True, warc_version="WARC/1.1")
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(record)
        length = handle.tell() - offset
    return name, offset, length


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
    blobs = BlobStore(cfg.blob_dir)
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
        fan = Platform(key="fanlounge", display_name="FanLounge")
        market = Platform(key="kirakira", display_name="Kirakira Market")
        s.add_all([fan, market])
        s.add_all(
            [
                WatchlistPerson(
                    id="p-001",
                    name="星野みらい",
                    kana="ほしのみらい",
                    aliases=["ミライ"],
                    category="actress",
                ),
                WatchlistPerson(
                    id="p-002",
                    name="桜井ゆうな",
                    kana="さくらいゆうな",
                    aliases=[],
                    category="idol",
                ),
                WatchlistPerson(
                    id="p-003",
                    name="青山玲奈",
                    kana="あおやまれな",
                    aliases=[],
                    category="announcer",
                ),
            ]
        )
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
        s.add_all([run_ok, run_bad])
        s.flush()

        def account(
            key: str,
            platform: Platform,
            handle: str,
            display: str,
            bio: str,
            minutes_ago: int,
            links: list | None = None,
        ) -> Account:
            row = Account(
                platform_id=platform.id,
                account_key=key,
                handle=handle,
                display_name=display,
                profile_url=f"http://127.0.0.1:9/{platform.key}/{handle}",
                bio=bio,
                links=links or [],
                first_seen_at=NOW - timedelta(days=2, minutes=minutes_ago),
                last_seen_at=NOW - timedelta(minutes=minutes_ago),
                first_seen_run_id=run_ok.id,
                last_seen_run_id=run_ok.id,
            )
            s.add(row)
            s.flush()
            world.accounts[key] = row.id
            return row

        def capture(
            acct: Account,
            kind: str,
            url: str,
            minutes_ago: int,
            body: bytes,
            blob: str | None = None,
            warc: tuple[str, int, int] | None = None,
            post: Post | None = None,
        ) -> Capture:
            row = Capture(
                run_id=run_ok.id,
                kind=kind,
                url=url,
                status=200 if kind == "response" else None,
                content_type="image/png" if kind == "screenshot" else "text/html",
                captured_at=NOW - timedelta(minutes=minutes_ago),
                sha256=hashlib.sha256(body).hexdigest(),
                body_length=len(body),
                blob_sha256=blob,
                tool_version="0.1.0",
                warc_file=warc[0] if warc else None,
                warc_offset=warc[1] if warc else None,
                warc_length=warc[2] if warc else None,
            )
            s.add(row)
            s.flush()
            s.add(
                EvidenceLink(
                    capture_id=row.id, account_id=acct.id, post_id=post.id if post else None
                )
            )
            return row

        def post(
            acct: Account,
            key: str,
            title: str,
            text: str,
            minutes_ago: int,
            price: str | None = None,
        ) -> Post:
            row = Post(
                account_id=acct.id,
                post_key=key,
                url=f"{acct.profile_url}/posts/{key}",
                title=title,
                text=text,
                price=Decimal(price) if price else None,
                currency="JPY" if price else None,
                posted_at_text="2026/11/24",
                first_seen_at=NOW - timedelta(minutes=minutes_ago),
                last_seen_at=NOW - timedelta(minutes=minutes_ago),
                first_seen_run_id=run_ok.id,
            )
            s.add(row)
            s.flush()
            return row

        def detect(
            acct: Account,
            subject: str,
            text: str,
            reasons: list[dict],
            people: list[str],
            score: float,
            minor: bool = False,
            post_row: Post | None = None,
        ) -> Detection:
            row = Detection(
                account_id=acct.id,
                post_id=post_row.id if post_row else None,
                subject=subject,
                run_id=run_ok.id,
                flagged=True,
                score=score,
                minor_risk=minor,
                people=people,
                reasons=reasons,
                detector_version="test-1",
                text_sha256=hashlib.sha256(text.encode()).hexdigest(),
                created_at=NOW - timedelta(minutes=30),
            )
            s.add(row)
            s.flush()
            return row

        def flag(
            name: str,
            acct: Account,
            score: float,
            people: list[str],
            minutes_ago: int,
            minor: bool = False,
            status: str = "new",
            detection: Detection | None = None,
            reason: str = "new_account",
        ) -> Flag:
            row = Flag(
                account_id=acct.id,
                status=status,
                reason=reason,
                score=score,
                minor_risk=minor,
                people=people,
                detection_id=detection.id if detection else None,
                run_id=run_ok.id,
                created_at=NOW - timedelta(minutes=minutes_ago),
                updated_at=NOW - timedelta(minutes=minutes_ago),
            )
            s.add(row)
            s.flush()
            world.flags[name] = row.id
            return row

        # 1. A membership storefront that takes paid requests for named actresses.
        bio = "AI美女のサブスク。星野みらい に酷似したコラ画像を毎週更新。月額プランのリクエスト枠で好きな女優を指名できます。"
        a1 = account("fl-1001", fan, "aiko_studio", "AIko スタジオ", bio, 10)
        for name, price, desc in (
            ("ライト", "500", "サンプル閲覧"),
            ("スタンダード", "1500", "全画像"),
            ("リクエスト", "10000", "好きな女優を指名してリクエスト"),
        ):
            s.add(
                Plan(
                    account_id=a1.id,
                    name=name,
                    price=Decimal(price),
                    currency="JPY",
                    description=desc,
                )
            )
        t1 = "新作：桜井ゆうな 似せたAI生成画像 20枚。リクエストは上位プランで受付中。"
        p1 = post(a1, "1001-1", "今週の新作", t1, 40, "1500")
        t2 = "星野みらい の服を脱がす加工、完成しました。会員限定。"
        p2 = post(a1, "1001-2", "会員限定", t2, 35)
        post(a1, "1001-3", "お知らせ", "年末年始の更新予定です。", 20)
        d_acc = detect(
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
        detect(
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
        detect(
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
        c_resp = capture(
            a1, "response", a1.profile_url, 60, html, warc=_warc_record(cfg, a1.profile_url, html)
        )
        world.blobs["a1_shot"] = blobs.put(blurred_screenshot(1))
        c_shot = capture(
            a1, "screenshot", a1.profile_url, 59, b"raw screenshot", blob=world.blobs["a1_shot"]
        )
        world.captures["a1_response"] = c_resp.id
        world.captures["a1_screenshot"] = c_shot.id
        s.add(
            AccountRevision(
                account_id=a1.id,
                run_id=run_ok.id,
                at=NOW - timedelta(minutes=15),
                changed_fields=["plans"],
                diff="+ リクエスト ¥10,000",
            )
        )
        flag("storefront", a1, 0.92, ["p-001", "p-002"], 5, detection=d_acc)

        # 2. A flea-market listing for "undressing edits" of an announcer.
        bio2 = "青山玲奈 アイコラ 1枚300円から。ご依頼はDMで。"
        a2 = account("kk-2002", market, "deep_collage", "コラ職人", bio2, 30)
        d2 = detect(
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
        s.add(
            Plan(
                account_id=a2.id,
                name="1枚",
                price=Decimal("300"),
                currency="JPY",
                price_text="300円",
            )
        )
        flag("listing", a2, 0.81, ["p-003"], 15, detection=d2)

        # 3. Possibly a minor: no image kept at all, analysts only.
        bio3 = "卒アル・制服写真からの加工リクエスト受付。JK素材あり。"
        a3 = account("fl-3003", fan, "school_memories", "思い出加工", bio3, 50)
        d3 = detect(
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
        s.add(m3)
        s.flush()
        world.media["minor"] = m3.id
        flag("minor", a3, 0.97, [], 20, minor=True, detection=d3)

        # 4. Hostile scraped text: must render as text and run nothing.
        bio4 = f"プロフィール {SCRIPT_PAYLOAD} リクエスト受付 {IMG_PAYLOAD}"
        a4 = account(
            "fl-4004",
            fan,
            "x_payload",
            '"><svg onload=alert(1)>',
            bio4,
            70,
            links=[JS_URL_PAYLOAD, {"url": JS_URL_PAYLOAD}],
        )
        t4 = f"リンクはこちら {JS_URL_PAYLOAD} と {IMG_PAYLOAD} 星野みらい AI生成"
        p4 = post(a4, "4004-1", SCRIPT_PAYLOAD, t4, 65)
        d4 = detect(
            a4,
            "account",
            bio4,
            [
                _reason(bio4, "request", "リクエスト", "bio"),
                {
                    "family": "<b>evil</b>",
                    "term": SCRIPT_PAYLOAD,
                    "matched": SCRIPT_PAYLOAD,
                    "start": 999,
                    "end": 5,
                    "part": "bio",
                },
            ],
            [],
            0.75,
        )
        detect(
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
        flag("hostile", a4, 0.75, ["p-001"], 25, detection=d4)

        # 5. Already dismissed (news about deepfakes): not in the open queue.
        a5 = account(
            "fl-5005",
            fan,
            "news_watch",
            "ディープフェイク注意喚起",
            "性的ディープフェイクの被害に注意しましょう。",
            90,
        )
        flag("news", a5, 0.55, [], 80, status="dismissed")
    return world


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
