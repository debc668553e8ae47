"""A realistic evidence store built with the real WARC writer, hash chain and database.

Fictional people only; pictures are synthetic placeholders drawn with Pillow.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter

from storage import chain
from storage.blobs import BlobStore
from storage.config import AppConfig
from storage.db import Database, open_database
from storage.models import (
    Account,
    AuditEntry,
    Capture,
    CrawlRun,
    Decision,
    Detection,
    EvidenceLink,
    Flag,
    Media,
    Plan,
    Platform,
    Post,
    User,
    WatchlistPerson,
)
from storage.warc.writer import EvidenceWarcWriter

BASE = "http://127.0.0.1:8765"
T0 = datetime(2026, 1, 15, 14, 30, 5, tzinfo=UTC)
PROFILE_TEXT = "似せた画像のリクエスト受付中 月額プラン"
HOSTILE_BIO = (
    '<script>alert("x")</script> 山田花子 に酷似 AI美女 サブスク =HYPERLINK("http://evil")'
)


def placeholder_png(seed: int, size: tuple[int, int] = (320, 200)) -> bytes:
    image = Image.new("RGB", size, (40 + seed * 30 % 200, 90, 160))
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 30, 140, 130), fill=(230, 200, 80))
    draw.rectangle((180, 60, 290, 170), fill=(80, 180, 90))
    out = io.BytesIO()
    image.filter(ImageFilter.GaussianBlur(12)).save(out, "PNG")
    return out.getvalue()


def placeholder_jpeg(seed: int) -> bytes:
    image = Image.open(io.BytesIO(placeholder_png(seed, (96, 96)))).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


def page_html(title: str, body: str) -> bytes:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><h1>{title}</h1><p id='bio'>{body}</p></body></html>"
    ).encode()


@dataclass
class Case:
    cfg: AppConfig
    db: Database
    account_ids: list[int] = field(default_factory=list)
    minor_account_id: int = 0
    minor_thumb: str = ""
    minor_original: str = ""
    minor_screenshot: str = ""
    kept_thumb: str = ""
    kept_original: str = ""
    kept_screenshot: str = ""
    capture_ids: list[int] = field(default_factory=list)


def build_case(data_dir: Path, *, extra_pages: int = 0) -> Case:
    cfg = AppConfig.resolve(data_dir)
    db = open_database(cfg)
    blobs = BlobStore(cfg.blob_dir)
    case = Case(cfg=cfg, db=db)
    writer = EvidenceWarcWriter(
        cfg.warc_dir, "crawl-1", warcinfo={"software": "mimamori 0.1.0 (test)"}
    )
    with db.session() as s:
        platform = Platform(key="fanclub", display_name="Demo Fanclub")
        s.add(platform)
        s.flush()
        run = CrawlRun(
            profile="fanclub",
            platform="fanclub",
            tool_version="0.1.0",
            tool_commit="abc1234",
            started_at=T0,
        )
        s.add(run)
        s.add(WatchlistPerson(id="p-001", name="山田花子", kana="やまだはなこ"))
        reviewer = User(name="alice", role="volunteer", password_hash="x", pseudonym="Reviewer-7")
        s.add(reviewer)
        s.flush()

        accounts = []
        for n, (handle, bio) in enumerate(
            [("deepseller", HOSTILE_BIO), ("schoolfake", "卒アル 制服 JK リクエスト")]
        ):
            acc = Account(
                platform_id=platform.id,
                account_key=f"10{n}42",
                handle=handle,
                display_name=f"売り手{n}",
                profile_url=f"{BASE}/u/{handle}",
                bio=bio,
                links=[f"https://pay.example/{handle}"],
                first_seen_at=T0,
                last_seen_at=T0 + timedelta(days=3),
            )
            s.add(acc)
            s.flush()
            accounts.append(acc)
            s.add(
                Plan(
                    account_id=acc.id,
                    name="リクエストプラン",
                    price=Decimal("3000"),
                    currency="JPY",
                    price_text="¥3,000/月",
                )
            )
        seller, minor = accounts
        case.account_ids = [seller.id, minor.id]
        case.minor_account_id = minor.id

        post = Post(
            account_id=seller.id,
            post_key="p1",
            url=f"{BASE}/p/1",
            title="新作",
            text=PROFILE_TEXT + " 山田花子",
            first_seen_at=T0,
        )
        minor_post = Post(
            account_id=minor.id,
            post_key="p2",
            url=f"{BASE}/p/2",
            title="卒アル",
            text="卒アル加工 リクエスト",
            first_seen_at=T0,
        )
        s.add_all([post, minor_post])
        s.flush()

        case.kept_thumb = blobs.put(placeholder_jpeg(1))
        case.kept_original = blobs.put(placeholder_png(2))
        case.minor_thumb = blobs.put(placeholder_jpeg(3))  # must never be exported
        case.minor_original = blobs.put(placeholder_png(4))
        s.add(
            Media(
                account_id=seller.id,
                post_id=post.id,
                url=f"{BASE}/img/1.png",
                sha256="a" * 64,
                pdq="f" * 64,
                pdq_quality=90,
                thumb_blob=case.kept_thumb,
                original_blob=case.kept_original,
                content_type="image/png",
            )
        )
        # A thumbnail that a later detection should have purged: the export must still drop it.
        s.add(
            Media(
                account_id=minor.id,
                post_id=minor_post.id,
                url=f"{BASE}/img/2.png",
                sha256="b" * 64,
                pdq="e" * 64,
                thumb_blob=case.minor_thumb,
                original_blob=case.minor_original,
                content_type="image/png",
            )
        )
        s.add(
            Media(
                account_id=minor.id,
                post_id=minor_post.id,
                url=f"{BASE}/img/3.png",
                sha256="c" * 64,
                withheld_reason="minor_risk",
            )
        )

        reasons = [
            {
                "family": "request",
                "term": "リクエスト",
                "matched": "リクエスト",
                "start": 0,
                "end": 0,
                "part": "bio",
            },
            {
                "family": "lookalike",
                "term": "酷似",
                "matched": "酷似",
                "start": 36,
                "end": 38,
                "part": "bio",
            },
            {
                "family": "person",
                "term": "山田花子",
                "matched": "山田花子",
                "person_id": "p-001",
                "part": "bio",
            },
        ]
        det = Detection(
            account_id=seller.id,
            subject="account",
            flagged=True,
            score=0.93,
            minor_risk=False,
            people=["p-001"],
            reasons=reasons,
            detector_version="d1",
            text_sha256="0" * 64,
        )
        det_post = Detection(
            account_id=seller.id,
            post_id=post.id,
            subject="post",
            flagged=True,
            score=0.9,
            minor_risk=False,
            people=["p-001"],
            reasons=[{"family": "lookalike", "matched": "似せた", "part": "text"}],
            detector_version="d1",
            text_sha256="1" * 64,
        )
        det_minor = Detection(
            account_id=minor.id,
            post_id=minor_post.id,
            subject="post",
            flagged=True,
            score=0.97,
            minor_risk=True,
            people=[],
            reasons=[{"family": "minor", "matched": "卒アル", "part": "text"}],
            detector_version="d1",
            text_sha256="2" * 64,
        )
        s.add_all([det, det_post, det_minor])
        s.flush()
        for acc, d, minor_flag in ((seller, det, False), (minor, det_minor, True)):
            flag = Flag(
                account_id=acc.id,
                status="confirmed",
                score=d.score,
                minor_risk=minor_flag,
                detection_id=d.id,
                people=d.people,
            )
            s.add(flag)
            s.flush()
            dec = Decision(
                flag_id=flag.id,
                account_id=acc.id,
                user_id=reviewer.id,
                decision="confirm",
                note="販売の告知",
                created_at=T0 + timedelta(days=1),
            )
            s.add(dec)
            s.add(
                AuditEntry(
                    user_id=reviewer.id,
                    user_name="alice",
                    action="decide",
                    target_type="flag",
                    target_id=str(flag.id),
                    detail={"decision": "confirm"},
                    remote_addr="127.0.0.1",
                )
            )

        # Captures: a profile page (+ screenshot) per account, a revisit, and extra pages.
        captures: list[tuple[Capture, list[tuple[int, int | None]]]] = []
        for n, acc in enumerate(accounts):
            when = T0 + timedelta(minutes=n)
            body = page_html(f"@{acc.handle}", PROFILE_TEXT if n == 0 else "卒アル加工 受付")
            resp, _req = writer.write_exchange(
                url=acc.profile_url,
                method="GET",
                request_headers=[("User-Agent", "mimamori-test"), ("Host", "127.0.0.1:8765")],
                request_body=b"",
                status=200,
                response_headers=[
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                ],
                body=body,
                captured_at=when,
                ip_address="127.0.0.1",
            )
            page = Capture(
                run_id=run.id,
                method="GET",  # set explicitly: chain.append hashes before column defaults apply
                kind="response",
                url=acc.profile_url,
                final_url=acc.profile_url,
                status=200,
                headers=[["Content-Type", "text/html; charset=utf-8"]],
                content_type="text/html; charset=utf-8",
                captured_at=when,
                sha256=hashlib.sha256(body).hexdigest(),
                body_length=len(body),
                warc_file=resp.warc_file,
                warc_offset=resp.offset,
                warc_length=resp.length,
                warc_record_id=resp.record_id,
                server_ip="127.0.0.1",
                user_agent="mimamori-test",
                tool_version="0.1.0",
                browser_version="Chromium 130",
                playwright_version="1.48",
            )
            captures.append((page, [(acc.id, None)]))
            png = placeholder_png(10 + n)
            shot_sha = blobs.put(png)
            shot = writer.write_resource(
                uri=f"urn:mimamori:screenshot:{acc.profile_url}",
                content_type="image/png",
                data=png,
                captured_at=when,
                concurrent_to=resp.record_id,
            )
            shot_cap = Capture(
                run_id=run.id,
                method="GET",  # set explicitly: chain.append hashes before column defaults apply
                kind="screenshot",
                url=acc.profile_url,
                content_type="image/png",
                captured_at=when,
                sha256=shot_sha,
                body_length=len(png),
                warc_file=shot.warc_file,
                warc_offset=shot.offset,
                warc_length=shot.length,
                warc_record_id=shot.record_id,
                blob_sha256=shot_sha,
                tool_version="0.1.0",
                browser_version="Chromium 130",
            )
            captures.append((shot_cap, [(acc.id, minor_post.id if acc is minor else None)]))
            if acc is seller:
                case.kept_screenshot = shot_sha
            else:
                case.minor_screenshot = shot_sha
        for i in range(extra_pages):
            when = T0 + timedelta(hours=1, seconds=i)
            url = f"{BASE}/u/deepseller/posts?page={i}"
            body = page_html(f"page {i}", f"{PROFILE_TEXT} #{i}")
            resp, _ = writer.write_exchange(
                url=url,
                method="GET",
                request_headers=[("User-Agent", "mimamori-test")],
                request_body=b"",
                status=200,
                response_headers=[("Content-Type", "text/html; charset=utf-8")],
                body=body,
                captured_at=when,
                ip_address="127.0.0.1",
            )
            captures.append(
                (
                    Capture(
                        run_id=run.id,
                        method="GET",  # set explicitly: chain.append hashes before column defaults apply
                        kind="response",
                        url=url,
                        status=200,
                        content_type="text/html",
                        captured_at=when,
                        sha256=hashlib.sha256(body).hexdigest(),
                        body_length=len(body),
                        warc_file=resp.warc_file,
                        warc_offset=resp.offset,
                        warc_length=resp.length,
                        warc_record_id=resp.record_id,
                        tool_version="0.1.0",
                    ),
                    [(seller.id, None)],
                )
            )
        chain.append(s, [c for c, _ in captures])
        s.flush()  # ids for the evidence links
        for capture, links in captures:
            for account_id, post_id in links:
                s.add(EvidenceLink(capture_id=capture.id, account_id=account_id, post_id=post_id))
        first_page = captures[0][0]
        # A second crawl found the seller's profile unchanged: a revisit record.
        when = T0 + timedelta(days=1)
        revisit = writer.write_revisit(
            url=seller.profile_url,
            status=200,
            response_headers=[("Content-Type", "text/html; charset=utf-8")],
            payload_digest="sha256:"
            + __import__("base64").b32encode(bytes.fromhex(first_page.sha256)).decode(),
            refers_to_record_id=first_page.warc_record_id,
            refers_to_uri=seller.profile_url,
            refers_to_date="2026-01-15T14:30:05Z",
            captured_at=when,
        )
        rv = Capture(
            run_id=run.id,
            method="GET",  # set explicitly: chain.append hashes before column defaults apply
            kind="revisit",
            body_length=0,
            url=seller.profile_url,
            status=200,
            content_type="text/html",
            captured_at=when,
            sha256=first_page.sha256,
            warc_file=revisit.warc_file,
            warc_offset=revisit.offset,
            warc_length=revisit.length,
            warc_record_id=revisit.record_id,
            refers_to_capture_id=first_page.id,
            tool_version="0.1.0",
        )
        chain.append(s, [rv])
        s.flush()  # ids for the evidence links
        s.add(EvidenceLink(capture_id=rv.id, account_id=seller.id))
        s.flush()
        case.capture_ids = [c.id for c, _ in captures] + [rv.id]
    writer.close()
    return case


@pytest.fixture
def case(tmp_path: Path) -> Case:
    return build_case(tmp_path / "data")


@dataclass
class Exported:
    case: Case
    path: Path
    result: object


def export_case(case: Case, out: Path, **options: object) -> Exported:
    from storage.export.bundle import ExportRequest, export_bundle

    request = ExportRequest(account_ids=case.account_ids, analyst="Analyst-1", **options)  # type: ignore[arg-type]
    result = export_bundle(case.cfg, case.db, request, out)
    return Exported(case, out, result)


@pytest.fixture
def exported(case: Case, tmp_path: Path) -> Exported:
    return export_case(case, tmp_path / "case.wacz", include_originals=True)
