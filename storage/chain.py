"""The hash chain over captures: each row's hash covers its fields and the previous row's hash.

Deleting, inserting or editing a capture row anywhere breaks every later link,
which `mimamori verify --store` reports.

The canonical form is versioned (`captures.chain_version`): version 1 (NULL in rows written
before versions existed) left the response headers, user agent and browser versions out;
version 2 covers every column that is evidence; version 3 adds the text encoding. A row verifies under the version it was
written with, and versions never go down along the chain (`storage/verify/store.py`).
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
# Version 2: every column that is evidence, and the version itself (so it cannot be
# lowered to drop the later fields without the row hash changing).
CHAINED_FIELDS_V2 = (
    *CHAINED_FIELDS,
    "headers",
    "user_agent",
    "browser_version",
    "playwright_version",
    "chain_version",
)
# Version 3: also the text encoding the page was read with (docs/architecture.md, "Capture").
CHAINED_FIELDS_V3 = (*CHAINED_FIELDS_V2, "text_encoding")
FIELDS_BY_VERSION = {1: CHAINED_FIELDS, 2: CHAINED_FIELDS_V2, 3: CHAINED_FIELDS_V3}
CHAIN_VERSION = 3
# Any constant works; it only has to be the same in every mimamori process.
_PG_CHAIN_LOCK = 0x6D696D61


def chained_fields(version: int | None) -> tuple[str, ...]:
    """The columns a row of this chain version hashes (NULL: version 1)."""
    try:
        return FIELDS_BY_VERSION[version or 1]
    except KeyError:
        raise ValueError(f"unknown capture chain version {version}") from None


def _canonical_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (list, tuple, dict)):
        # Headers are stored as JSON: hash them as they read back (tuples become lists).
        return json.loads(json.dumps(value, ensure_ascii=False))
    return value


def canonical_row(row: dict[str, Any]) -> dict[str, Any]:
    """The hashed form of a capture given as a dict (the store's bulk insert)."""
    return {
        name: _canonical_value(row.get(name)) for name in chained_fields(row.get("chain_version"))
    }


def canonical_fields(capture: Capture) -> dict[str, Any]:
    return {
        name: _canonical_value(getattr(capture, name))
        for name in chained_fields(capture.chain_version)
    }


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
    if capture.headers is None:
        capture.headers = []
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
        if capture.chain_version is None:
            capture.chain_version = CHAIN_VERSION
        _fill_defaults(capture)
        capture.prev_row_hash = prev
        capture.row_hash = row_hash(prev, canonical_fields(capture))
        session.add(capture)
        prev = capture.row_hash
    session.info[HEAD_KEY] = prev
