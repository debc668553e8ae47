"""What was found: platforms, accounts (with revisions and plans), posts and media."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, utcnow


class Platform(Base):
    __tablename__ = "platforms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id"), index=True)
    # The platform's stable id where it has one (survives renames), else the handle.
    account_key: Mapped[str] = mapped_column(String(300))
    handle: Mapped[str | None] = mapped_column(String(300))
    display_name: Mapped[str | None] = mapped_column(Text)
    profile_url: Mapped[str] = mapped_column(Text)
    bio: Mapped[str | None] = mapped_column(Text)
    links: Mapped[list[Any]] = mapped_column(default=list)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    first_seen_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    last_seen_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    # Set by the first run that expected the account and did not find it; cleared if it returns.
    missing_since_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    missing_since_at: Mapped[datetime | None]

    __table_args__ = (
        UniqueConstraint("platform_id", "account_key"),
        Index("ix_accounts_first_seen", "first_seen_at", "id"),
    )


class AccountRevision(Base):
    """A change to an account seen between two runs, with a readable diff."""

    __tablename__ = "account_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_fields: Mapped[list[Any]] = mapped_column(default=list)
    before: Mapped[dict[str, Any]] = mapped_column(default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(default=dict)
    diff: Mapped[str] = mapped_column(Text, default="")


class Plan(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    name: Mapped[str] = mapped_column(String(500))
    price: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str | None] = mapped_column(String(8))
    price_text: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    missing_since_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))

    __table_args__ = (UniqueConstraint("account_id", "name"),)


class Post(Base):
    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    # The platform's post id where it has one, else the post URL.
    post_key: Mapped[str] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    price: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str | None] = mapped_column(String(8))
    posted_at_text: Mapped[str | None] = mapped_column(String(100))
    posted_at: Mapped[datetime | None]
    # The platform's own fee flag or amount for the post, as given (profile field `fee`).
    fee_text: Mapped[str | None] = mapped_column(String(100))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    first_seen_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    last_seen_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    missing_since_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    missing_since_at: Mapped[datetime | None]

    __table_args__ = (
        UniqueConstraint("account_id", "post_key"),
        Index("ix_posts_account_first_seen", "account_id", "first_seen_at", "id"),
    )


class Media(Base):
    """An image a post or profile references: hashes always, a blurred thumbnail at most."""

    __tablename__ = "media"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    pdq: Mapped[str | None] = mapped_column(String(64))
    pdq_quality: Mapped[int | None]
    width: Mapped[int | None]
    height: Mapped[int | None]
    size: Mapped[int | None]
    content_type: Mapped[str | None] = mapped_column(String(100))
    thumb_blob: Mapped[str | None] = mapped_column(String(64))
    original_blob: Mapped[str | None] = mapped_column(String(64))
    # Why no thumbnail is kept ("minor_risk"), or why hashing failed.
    withheld_reason: Mapped[str | None] = mapped_column(String(100))
    error: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("account_id", "post_id", "url"),)
