"""What the detector decided: the watchlist, detections with reasons, and review flags."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, utcnow


class WatchlistPerson(Base):
    """A person who may be targeted. Names victims: analysts and admins only."""

    __tablename__ = "watchlist_people"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kana: Mapped[str | None] = mapped_column(String(300))
    aliases: Mapped[list[Any]] = mapped_column(default=list)
    # The aliases an analyst taught from an item page (they are also in `aliases`): an import
    # of the group's own list keeps them, since that list has never heard of them.
    taught_aliases: Mapped[list[Any]] = mapped_column(default=list, server_default="[]")
    category: Mapped[str | None] = mapped_column(String(100))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)


class Detection(Base):
    __tablename__ = "detections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"), index=True)
    # account | post
    subject: Mapped[str] = mapped_column(String(20))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    flagged: Mapped[bool]
    score: Mapped[float] = mapped_column(Float)
    minor_risk: Mapped[bool]
    people: Mapped[list[Any]] = mapped_column(default=list)
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    detector_version: Mapped[str] = mapped_column(String(50))
    text_sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Flag(Base):
    """An account waiting for (or past) human review."""

    __tablename__ = "flags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    # new | in_review | confirmed | dismissed | escalated | needs_analyst
    status: Mapped[str] = mapped_column(String(20), default="new")
    # new_account | changed | returned | now_matches | comeback
    reason: Mapped[str] = mapped_column(String(30), default="new_account")
    # For a comeback: the earlier, confirmed and taken-down account this one is linked to.
    related_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    detail: Mapped[str | None] = mapped_column(Text)
    score: Mapped[float] = mapped_column(Float)
    minor_risk: Mapped[bool] = mapped_column(default=False)
    people: Mapped[list[Any]] = mapped_column(default=list)
    detection_id: Mapped[int | None] = mapped_column(ForeignKey("detections.id"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    locked_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    locked_until: Mapped[datetime | None]
    exported_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_flags_status_created", "status", "created_at", "id"),)
