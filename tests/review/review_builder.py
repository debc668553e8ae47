"""Rows of the review world, added the way a crawl and the detector would add them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from storage.blobs import BlobStore
from storage.config import AppConfig
from storage.models import (
    Account,
    Capture,
    CrawlRun,
    Detection,
    EvidenceLink,
    Flag,
    Platform,
    Post,
)

PASSWORD = "correct-horse-battery"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@dataclass
class World:
    users: dict[str, int] = field(default_factory=dict)
    flags: dict[str, int] = field(default_factory=dict)
    accounts: dict[str, int] = field(default_factory=dict)
    media: dict[str, int] = field(default_factory=dict)
    captures: dict[str, int] = field(default_factory=dict)
    blobs: dict[str, str] = field(default_factory=dict)
    password: str = PASSWORD


class WorldBuilder:
    """Adds rows to one session the way a crawl and the detector would, and names them
    in `world` for the tests."""

    def __init__(self, s: Session, cfg: AppConfig, world: World, run: CrawlRun) -> None:
        self.s, self.cfg, self.world, self.run = s, cfg, world, run
        self.blobs = BlobStore(cfg.blob_dir)

    def account(
        self,
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
            first_seen_run_id=self.run.id,
            last_seen_run_id=self.run.id,
        )
        self.s.add(row)
        self.s.flush()
        self.world.accounts[key] = row.id
        return row

    def capture(
        self,
        acct: Account,
        kind: str,
        url: str,
        minutes_ago: int,
        body: bytes,
        blob: str | None = None,
        warc: tuple[str, int, int] | None = None,
    ) -> Capture:
        row = Capture(
            run_id=self.run.id,
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
        self.s.add(row)
        self.s.flush()
        self.s.add(EvidenceLink(capture_id=row.id, account_id=acct.id, post_id=None))
        return row

    def post(
        self,
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
            first_seen_run_id=self.run.id,
        )
        self.s.add(row)
        self.s.flush()
        return row

    def detect(
        self,
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
            run_id=self.run.id,
            flagged=True,
            score=score,
            minor_risk=minor,
            people=people,
            reasons=reasons,
            detector_version="test-1",
            text_sha256=hashlib.sha256(text.encode()).hexdigest(),
            created_at=NOW - timedelta(minutes=30),
        )
        self.s.add(row)
        self.s.flush()
        return row

    def flag(
        self,
        name: str,
        acct: Account,
        score: float,
        people: list[str],
        minutes_ago: int,
        minor: bool = False,
        status: str = "new",
        detection: Detection | None = None,
    ) -> Flag:
        row = Flag(
            account_id=acct.id,
            status=status,
            reason="new_account",
            score=score,
            minor_risk=minor,
            people=people,
            detection_id=detection.id if detection else None,
            run_id=self.run.id,
            created_at=NOW - timedelta(minutes=minutes_ago),
            updated_at=NOW - timedelta(minutes=minutes_ago),
        )
        self.s.add(row)
        self.s.flush()
        self.world.flags[name] = row.id
        return row
