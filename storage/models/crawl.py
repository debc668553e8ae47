"""What a crawl did: runs, the captures it recorded (evidence), errors, and stored blobs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, utcnow


class CrawlRun(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile: Mapped[str] = mapped_column(String(200), index=True)
    platform: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    # running | finished | failed | crashed
    status: Mapped[str] = mapped_column(String(20), default="running")
    finish_reason: Mapped[str | None] = mapped_column(String(100))
    stats: Mapped[dict[str, Any]] = mapped_column(default=dict)
    health_ok: Mapped[bool | None]
    health_messages: Mapped[list[Any]] = mapped_column(default=list)
    tool_version: Mapped[str] = mapped_column(String(50))
    tool_commit: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))
    triggered_by: Mapped[str] = mapped_column(String(50), default="cli")


class Capture(Base):
    """One WARC record of evidence: a fetched response, a revisit, a rendered DOM or a screenshot.

    Rows are written once and never updated; `row_hash` chains each row to the one
    before it (see storage.chain) so that removal or edits are detectable.
    """

    __tablename__ = "captures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    # response | revisit | dom | screenshot | media
    kind: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str | None] = mapped_column(Text)
    method: Mapped[str] = mapped_column(String(10), default="GET")
    status: Mapped[int | None]
    headers: Mapped[list[Any]] = mapped_column(default=list)
    content_type: Mapped[str | None] = mapped_column(String(200))
    captured_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    body_length: Mapped[int] = mapped_column(BigInteger, default=0)
    warc_file: Mapped[str | None] = mapped_column(String(300))
    warc_offset: Mapped[int | None] = mapped_column(BigInteger)
    warc_length: Mapped[int | None] = mapped_column(BigInteger)
    warc_record_id: Mapped[str | None] = mapped_column(String(100), index=True)
    refers_to_capture_id: Mapped[int | None] = mapped_column(ForeignKey("captures.id"))
    blob_sha256: Mapped[str | None] = mapped_column(String(64))
    server_ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))
    tool_version: Mapped[str] = mapped_column(String(50))
    browser_version: Mapped[str | None] = mapped_column(String(100))
    playwright_version: Mapped[str | None] = mapped_column(String(50))
    # The text encoding the page was read with (declared, or detected from its bytes when
    # the declaration was missing or wrong); NULL for non-text and browser captures.
    text_encoding: Mapped[str | None] = mapped_column(String(40))
    prev_row_hash: Mapped[str | None] = mapped_column(String(64))
    row_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Which canonical form `row_hash` covers (storage.chain.FIELDS_BY_VERSION); NULL: 1.
    chain_version: Mapped[int | None]

    __table_args__ = (Index("ix_captures_url_kind", "url", "kind"),)


class ChainCheckpoint(Base):
    """A signed statement of both chain heads (captures and the audit log) at one moment.

    Written at the end of every run and appended to `chain-checkpoints.jsonl` beside the
    WARCs (storage.checkpoints); `statement` is the exact JSON text that was signed.
    """

    __tablename__ = "chain_checkpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    capture_count: Mapped[int] = mapped_column(BigInteger)
    capture_last_id: Mapped[int | None] = mapped_column(BigInteger)
    capture_head: Mapped[str | None] = mapped_column(String(64))
    audit_count: Mapped[int] = mapped_column(BigInteger)
    audit_last_id: Mapped[int | None] = mapped_column(BigInteger)
    audit_head: Mapped[str | None] = mapped_column(String(64))
    statement: Mapped[str] = mapped_column(Text)
    signature: Mapped[str] = mapped_column(Text)
    public_key: Mapped[str] = mapped_column(Text)
    key_fingerprint: Mapped[str] = mapped_column(String(200))
    # A trusted timestamp over `statement`, when an authority was configured.
    timestamp: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class CrawlError(Base):
    """A page that could not be captured, with the reason (oversize, redirect loop, timeout...)."""

    __tablename__ = "crawl_errors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(50))
    message: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class EvidenceLink(Base):
    """Which captures show which account (and post). Kept apart so captures stay immutable."""

    __tablename__ = "evidence_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    capture_id: Mapped[int] = mapped_column(ForeignKey("captures.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"), index=True)

    __table_args__ = (UniqueConstraint("capture_id", "account_id", "post_id"),)


class Blob(Base):
    """A file in the content-addressed blob store (blurred screenshots and thumbnails)."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
