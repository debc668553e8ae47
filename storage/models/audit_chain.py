"""The custody chain over the audit log: each entry's hash covers its fields and the previous
entry's hash, so deleting or rewriting an export, reveal, decision or media deletion entry
breaks the chain, and checkpoints (storage.checkpoints) pin its head.

The hook runs before every INSERT into `audit_log`, however the entry was added (the audit
helper, the export's recording, tests), so no path writes an unchained entry. It imports no
model: storage/models/review.py registers it on AuditEntry.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import object_session

AUDIT_CHAIN_VERSION = 1
AUDIT_FIELDS = (
    "at",
    "user_id",
    "user_name",
    "action",
    "target_type",
    "target_id",
    "detail",
    "remote_addr",
)
# A different key from the capture chain's: the two chains do not wait for each other.
PG_AUDIT_LOCK = 0x6D696D62


def canonical_entry(entry: Any) -> dict[str, Any]:
    """The hashed form of one audit entry (an AuditEntry or anything with its attributes)."""
    out: dict[str, Any] = {"v": AUDIT_CHAIN_VERSION}
    for name in AUDIT_FIELDS:
        value = getattr(entry, name)
        if isinstance(value, datetime):
            value = value.astimezone(UTC).isoformat()
        elif isinstance(value, (dict, list, tuple)):
            # Hash the detail as it reads back from the JSON column.
            value = json.loads(json.dumps(value, ensure_ascii=False))
        out[name] = value
    return out


def entry_hash(prev_hash: str | None, fields: dict[str, Any]) -> str:
    payload = json.dumps({"prev": prev_hash, "entry": fields}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def lock_audit_log(connection: Connection) -> None:
    """Hold the audit log's append lock until the transaction ends, before reading the head."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_AUDIT_LOCK})
    else:
        # A write that touches no row still takes SQLite's write lock (waiting out other
        # writers with busy_timeout), so the head read next is the newest committed one.
        connection.execute(text("UPDATE audit_log SET id = id WHERE 0"))


def _head(connection: Connection, target: Any) -> str | None:
    """The hash to link to: the newest entry of this flush not yet inserted, else the table's."""
    session = object_session(target)
    pending = [
        obj
        for obj in (session.new if session is not None else ())
        if type(obj) is type(target) and obj is not target and obj.row_hash and obj.id is None
    ]
    if pending:
        # Entries of one flush are linked in insert order before any is inserted: the tail
        # is the one no other pending entry links to.
        linked_to = {obj.prev_hash for obj in pending}
        tails = [obj.row_hash for obj in pending if obj.row_hash not in linked_to]
        if len(tails) == 1:
            return tails[0]
    return connection.execute(
        text("SELECT row_hash FROM audit_log ORDER BY id DESC LIMIT 1")
    ).scalar()


def link_audit_entry(_mapper: Any, connection: Connection, target: Any) -> None:
    """SQLAlchemy before_insert hook on AuditEntry."""
    if target.at is None:
        target.at = datetime.now(UTC)
    elif target.at.tzinfo is not None:
        target.at = target.at.astimezone(UTC)
    if target.detail is None:
        target.detail = {}
    lock_audit_log(connection)
    target.prev_hash = _head(connection, target)
    target.row_hash = entry_hash(target.prev_hash, canonical_entry(target))
