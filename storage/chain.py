"""The hash chain over captures: each row's hash covers its fields and the previous row's hash.

Deleting, inserting or editing a capture row anywhere breaks every later link,
which `mimamori verify --store` reports.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from storage.models import Capture

CHAINED_FIELDS = (
    "run_id",
    "kind",
    "url",
    "final_url",
    "method",
    "status",
    "content_type",
    "captured_at",
    "sha256",
    "body_length",
    "warc_file",
    "warc_offset",
    "warc_length",
    "warc_record_id",
    "refers_to_capture_id",
    "blob_sha256",
    "server_ip",
    "tool_version",
)
# Any constant works; it only has to be the same in every mimamori process.
_PG_CHAIN_LOCK = 0x6D696D61


def canonical_fields(capture: Capture) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in CHAINED_FIELDS:
        value = getattr(capture, name)
        out[name] = value.isoformat() if isinstance(value, datetime) else value
    return out


def row_hash(prev_hash: str | None, fields: dict[str, Any]) -> str:
    payload = json.dumps({"prev": prev_hash, "row": fields}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def lock_chain(session: Session) -> None:
    """Serialise chain appends across processes (SQLite writers already hold the write lock)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_CHAIN_LOCK})


def chain_head(session: Session) -> str | None:
    return session.scalar(select(Capture.row_hash).order_by(Capture.id.desc()).limit(1))


HEAD_KEY = "mimamori_chain_head"


def _fill_defaults(capture: Capture) -> None:
    """Column defaults apply at INSERT, after hashing: set them first so the hash covers
    exactly what is stored."""
    for column in Capture.__table__.columns:
        if (
            getattr(capture, column.key) is None
            and column.default is not None
            and column.default.is_scalar
        ):
            setattr(capture, column.key, column.default.arg)
    if capture.captured_at is None:
        from storage.models.base import utcnow

        capture.captured_at = utcnow()
    elif capture.captured_at.tzinfo is not None:
        # The column stores UTC: hash the time as it will read back, not as it was given.
        capture.captured_at = capture.captured_at.astimezone(UTC)


def append(session: Session, captures: list[Capture]) -> None:
    """Link and insert captures, in order, at the end of the chain (inside the caller's transaction).

    The head is read once per transaction: the transaction holds the chain lock (SQLite's
    write lock or the PostgreSQL advisory lock) until it commits, so it cannot move under us.
    """
    if HEAD_KEY not in session.info:
        lock_chain(session)
        session.info[HEAD_KEY] = chain_head(session)
    prev = session.info[HEAD_KEY]
    for capture in captures:
        _fill_defaults(capture)
        capture.prev_row_hash = prev
        capture.row_hash = row_hash(prev, canonical_fields(capture))
        session.add(capture)
        prev = capture.row_hash
    session.info[HEAD_KEY] = prev
