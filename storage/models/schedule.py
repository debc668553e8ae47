"""Takedown tracking: what became of accounts after they were confirmed and reported."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, utcnow


class TakedownWatch(Base):
    """One row per confirmed and exported account; later complete crawls update it.

    `gone_at` is the time of the first complete run that no longer found the account,
    `last_live_at` the last run that still did: the takedown happened between the two.
    """

    __tablename__ = "takedown_watch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), unique=True)
    confirmed_at: Mapped[datetime | None]
    exported_at: Mapped[datetime]
    last_live_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    last_live_at: Mapped[datetime | None]
    gone_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    gone_at: Mapped[datetime | None]
    # Set when an account that had gone is found again (re-uploaded storefronts are common).
    returned_at: Mapped[datetime | None]
    checks: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
