"""The append-only audit log: who did what, to which evidence, when and from where.

Kept free of web-framework imports so the CLI and the export can record entries too.
The database itself refuses UPDATE and DELETE on `audit_log` (migration 0001).
Every entry is hash-chained to the one before it when it is inserted
(storage/models/audit_chain.py), and checkpoints pin the chain's head (storage.checkpoints).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from storage.models import AuditEntry, User


def record(
    session: Session,
    *,
    user: User | None,
    action: str,
    target_type: str | None = None,
    target_id: str | int | None = None,
    detail: dict[str, Any] | None = None,
    remote_addr: str | None = None,
) -> AuditEntry:
    """Append one entry; it is committed with the caller's session."""
    entry = AuditEntry(
        user_id=user.id if user is not None else None,
        user_name=user.name if user is not None else None,
        action=action,
        target_type=target_type,
        target_id=str(target_id) if target_id is not None else None,
        detail=dict(detail or {}),
        remote_addr=remote_addr,
    )
    session.add(entry)
    session.flush()
    return entry
