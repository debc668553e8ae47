"""Links between accounts: the evidence that two accounts are run by one seller.

An `AccountLink` is one piece of evidence (an edge): a declared link, a shared payment or
contact id, a re-used image, near-duplicate words or a close handle, with the values that
matched and the captures that show them on both sides. A `SellerPair` is the verdict of the
linking rule (a YAML file of weights and thresholds) over all the edges between two accounts:
joined pairs are "probably the same seller", and a seller cluster is a connected component
of joined pairs. Edges are evidence and stay; pairs are re-judged whenever the rule or the
edges change.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, utcnow


class AccountLink(Base):
    """One edge between two accounts; `account_a_id` is always the smaller id."""

    __tablename__ = "account_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_a_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    account_b_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    # declared | identifier | image | text | handle
    kind: Mapped[str] = mapped_column(String(30))
    # The identifier's or text's sort within the kind: paypay, email, discord, line,
    # amazon_wishlist, crypto, profile_url, handle_mention, bio, plan, price_list, ...
    value_kind: Mapped[str | None] = mapped_column(String(40))
    # The normalised value that matched (an id, a URL, an image pair, a text digest).
    value: Mapped[str] = mapped_column(Text)
    # Kind-specific closeness: PDQ distance for images, Jaccard for text, ratio for handles.
    similarity: Mapped[float | None] = mapped_column(Float)
    # {"a": {"capture_ids": [...], "post_ids": [...], "media_ids": [...], "shown": "..."},
    #  "b": {...}}: where each side shows the value, as scraped (escape on display).
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)
    first_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    last_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (
        UniqueConstraint("account_a_id", "account_b_id", "kind", "value", name="uq_account_link"),
    )


class SellerPair(Base):
    """The linking rule's verdict on two accounts; `account_a_id` is always the smaller id."""

    __tablename__ = "seller_pairs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_a_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    account_b_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    score: Mapped[float] = mapped_column(Float)
    joined: Mapped[bool] = mapped_column(default=False)
    # {"threshold": t, "strong_needed": n, "edges": [{"kind", "value_kind", "weight",
    #  "strong", "link_ids": [...]}], "why": "plain sentence"}: what the screen explains.
    explanation: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # SHA-256 of the rule file the verdict was made under.
    rule_version: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (
        UniqueConstraint("account_a_id", "account_b_id", name="uq_seller_pair"),
        Index("ix_seller_pairs_joined", "joined", "account_a_id"),
    )


class AccountIdentifier(Base):
    """A payment or contact id (or declared link target) extracted from an account's text.

    Kept per account so shared ids are one indexed lookup at millions of accounts, and so an
    edge can name the captures that show the id on each side.
    """

    __tablename__ = "account_identifiers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    value_kind: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(Text)
    shown: Mapped[str | None] = mapped_column(Text)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    capture_ids: Mapped[list[Any]] = mapped_column(default=list)
    first_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    last_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))

    __table_args__ = (
        UniqueConstraint("account_id", "value_kind", "value", name="uq_account_identifier"),
        Index("ix_account_identifiers_value", "value_kind", "value"),
    )
