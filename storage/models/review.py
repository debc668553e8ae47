"""Who reviews, what they decided, what was exported, and the append-only, chained audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.audit_chain import link_audit_entry
from storage.models.base import Base, utcnow


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # volunteer | analyst | admin
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(300))
    # Shown in exported bundles instead of the login name.
    pseudonym: Mapped[str] = mapped_column(String(50))
    disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # "ja" | "en" | None (as the browser asks); the review app's language for this person.
    language: Mapped[str | None] = mapped_column(String(8), default=None)


class Decision(Base):
    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("flags.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # confirm | dismiss | escalate
    decision: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The flag's status before and after this decision (migration 0009_decision_undo): an
    # undo within its window puts the flag back (crawler/review/undo.py). NULL on older rows.
    status_before: Mapped[str | None] = mapped_column(String(20), default=None)
    status_after: Mapped[str | None] = mapped_column(String(20), default=None)

    # Added by migration 0002_review: "has this reviewer already decided this flag?"
    __table_args__ = (Index("ix_decisions_flag_user", "flag_id", "user_id"),)


class AuditEntry(Base):
    """Append-only: the migration installs triggers that refuse UPDATE and DELETE."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    user_name: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50), index=True)
    target_type: Mapped[str | None] = mapped_column(String(50))
    target_id: Mapped[str | None] = mapped_column(String(100))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    remote_addr: Mapped[str | None] = mapped_column(String(64))
    # The custody chain (storage.models.audit_chain): set by the before-insert hook below, so every
    # way of adding an entry is chained. NULL only in rows written before the chain existed.
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    row_hash: Mapped[str | None] = mapped_column(String(64))


event.listen(AuditEntry, "before_insert", link_audit_entry)


class Export(Base):
    __tablename__ = "exports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_name: Mapped[str | None] = mapped_column(String(100))
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(String(20))
    account_ids: Mapped[list[Any]] = mapped_column(default=list)


class ReviewSession(Base):
    """A signed-in browser of the review app. The cookie holds a random token; only its
    SHA-256 is stored, so a copy of the database cannot be used to sign in."""

    __tablename__ = "review_sessions"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    remote_addr: Mapped[str | None] = mapped_column(String(64))
