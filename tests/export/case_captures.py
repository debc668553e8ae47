"""The test case's evidence: profile pages, screenshots and a revisit, written with the
real WARC writer (fictional people; pictures are synthetic placeholders drawn with Pillow)."""

from __future__ import annotations

import base64
import hashlib
import io
from datetime import UTC, datetime, timedelta

from PIL import Image, ImageDraw, ImageFilter
from sqlalchemy.orm import Session

from storage import chain
from storage.blobs import BlobStore
from storage.models import Account, Capture, CrawlRun, EvidenceLink, Post
from storage.warc.writer import EvidenceWarcWriter

BASE = "http://127.0.0.1:8765"
T0 = datetime(2026, 1, 15, 14, 30, 5, tzinfo=UTC)
PROFILE_TEXT = "似せた画像のリクエスト受付中 月額プラン"


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


Links = list[tuple[int, int | None]]


def profile_captures(
    writer: EvidenceWarcWriter,
    blobs: BlobStore,
    run: CrawlRun,
    accounts: tuple[Account, Account],
    minor_post: Post,
) -> list[tuple[Capture, Links]]:
    """A profile page and its screenshot per account (the minor's screenshot shows a post)."""
    _seller, minor = accounts
    captures: list[tuple[Capture, Links]] = []
    for n, acc in enumerate(accounts):
        when = T0 + timedelta(minutes=n)
        body = page_html(f"@{acc.handle}", PROFILE_TEXT if n == 0 else "卒アル加工 受付")
        page, record_id = _profile_page(writer, run, acc, body, when)
        captures.append((page, [(acc.id, None)]))
        png = placeholder_png(10 + n)
        shot_cap = _screenshot(writer, run, acc, png, blobs.put(png), when, record_id)
        captures.append((shot_cap, [(acc.id, minor_post.id if acc is minor else None)]))
    return captures


def _profile_page(
    writer: EvidenceWarcWriter, run: CrawlRun, acc: Account, body: bytes, when: datetime
) -> tuple[Capture, str]:
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
    return page, resp.record_id


def _screenshot(
    writer: EvidenceWarcWriter,
    run: CrawlRun,
    acc: Account,
    png: bytes,
    shot_sha: str,
    when: datetime,
    page_record_id: str,
) -> Capture:
    shot = writer.write_resource(
        uri=f"urn:mimamori:screenshot:{acc.profile_url}",
        content_type="image/png",
        data=png,
        captured_at=when,
        concurrent_to=page_record_id,
    )
    return Capture(
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


def extra_page(writer: EvidenceWarcWriter, run: CrawlRun, i: int) -> Capture:
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
    return Capture(
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
    )


def revisit(
    s: Session, writer: EvidenceWarcWriter, run: CrawlRun, seller: Account, first_page: Capture
) -> Capture:
    """A second crawl found the seller's profile unchanged: a revisit record."""
    when = T0 + timedelta(days=1)
    revisit = writer.write_revisit(
        url=seller.profile_url,
        status=200,
        response_headers=[("Content-Type", "text/html; charset=utf-8")],
        payload_digest="sha256:" + base64.b32encode(bytes.fromhex(first_page.sha256)).decode(),
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
    return rv
