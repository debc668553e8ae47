"""The case graph as read-only values: an account and everything stored about it.

Both the review app and the export read these instead of ORM rows, so neither can
change the store by accident and both see the same fields under the same names
(see docs/architecture.md, "Case loader"). Reasons and people stay the plain JSON
lists the detector stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cached_property
from typing import Any

MINOR_RISK = "minor_risk"


@dataclass(frozen=True)
class CasePlatform:
    id: int
    key: str
    display_name: str


@dataclass(frozen=True)
class CaseAccount:
    id: int
    platform_id: int
    account_key: str
    handle: str | None
    display_name: str | None
    profile_url: str
    bio: str | None
    links: list[Any]
    first_seen_at: datetime
    last_seen_at: datetime
    missing_since_at: datetime | None


@dataclass(frozen=True)
class CasePlan:
    id: int
    account_id: int
    name: str
    price: Decimal | None
    currency: str | None
    price_text: str | None
    description: str | None
    first_seen_at: datetime
    last_seen_at: datetime


@dataclass(frozen=True)
class CasePost:
    id: int
    account_id: int
    post_key: str
    url: str | None
    title: str | None
    text: str | None
    price: Decimal | None
    currency: str | None
    posted_at_text: str | None
    posted_at: datetime | None
    first_seen_at: datetime
    last_seen_at: datetime


@dataclass(frozen=True)
class CaseDetection:
    """One detector verdict on the account (post_id None) or on one post, with its reasons."""

    id: int
    account_id: int
    post_id: int | None
    subject: str
    flagged: bool
    score: float
    minor_risk: bool
    people: list[Any]
    reasons: list[Any]
    detector_version: str
    text_sha256: str
    created_at: datetime


@dataclass(frozen=True)
class CaseFlag:
    id: int
    account_id: int
    status: str
    reason: str
    detail: str | None
    score: float
    minor_risk: bool
    people: list[Any]
    detection_id: int | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class CaseDecision:
    """A reviewer's decision; `pseudonym` is the only name a bundle may carry."""

    id: int
    flag_id: int
    account_id: int
    user_id: int
    decision: str
    note: str | None
    created_at: datetime
    user_name: str | None
    role: str | None
    pseudonym: str | None


@dataclass(frozen=True)
class CaseMedia:
    """A picture seen on the account: hashes always, blobs only when one may be kept."""

    id: int
    account_id: int
    post_id: int | None
    url: str
    sha256: str | None
    pdq: str | None
    pdq_quality: int | None
    width: int | None
    height: int | None
    size: int | None
    content_type: str | None
    thumb_blob: str | None
    original_blob: str | None
    withheld_reason: str | None
    error: str | None
    fetched_at: datetime


@dataclass(frozen=True)
class CaseCapture:
    """One WARC record of evidence: where it lies, its hashes, and its place in the chain."""

    id: int
    run_id: int
    kind: str
    url: str
    final_url: str | None
    method: str
    status: int | None
    headers: list[Any]
    content_type: str | None
    captured_at: datetime
    sha256: str
    body_length: int
    warc_file: str | None
    warc_offset: int | None
    warc_length: int | None
    warc_record_id: str | None
    refers_to_capture_id: int | None
    blob_sha256: str | None
    server_ip: str | None
    user_agent: str | None
    tool_version: str
    browser_version: str | None
    playwright_version: str | None
    prev_row_hash: str | None
    row_hash: str | None
    # Which canonical form row_hash covers (storage.chain): the bundle's chain.jsonl needs it.
    chain_version: int | None = None
    # How the page's bytes were decoded (chain version 3 covers it).
    text_encoding: str | None = None

    @property
    def has_screenshot(self) -> bool:
        return self.kind == "screenshot" and bool(self.blob_sha256)


@dataclass(frozen=True)
class CaseLink:
    """A capture is evidence of an account (and maybe of one of its posts)."""

    capture_id: int
    account_id: int
    post_id: int | None


@dataclass(frozen=True)
class CaseRevision:
    id: int
    at: datetime
    changed_fields: list[Any]
    diff: str


@dataclass(frozen=True)
class AccountCase:
    """An account's graph as far as the scope asked for (captures are read separately,
    a chunk at a time: an account can have hundreds of thousands)."""

    account: CaseAccount
    platform: CasePlatform
    plans: tuple[CasePlan, ...]
    posts: tuple[CasePost, ...]
    detections: tuple[CaseDetection, ...]
    flags: tuple[CaseFlag, ...]
    decisions: tuple[CaseDecision, ...]
    media: tuple[CaseMedia, ...]
    # Watchlist names of every person the flags, detections and reasons refer to.
    person_names: dict[str, str]

    @cached_property
    def flagged_minor(self) -> bool:
        """A review flag says a minor may be involved: volunteers are kept off the account."""
        return any(flag.minor_risk for flag in self.flags)

    @cached_property
    def minor_risk(self) -> bool:
        """A flag, or a verdict on the account itself, says a minor may be involved."""
        return self.flagged_minor or any(
            d.minor_risk and d.post_id is None for d in self.detections
        )

    @cached_property
    def minor_posts(self) -> frozenset[int]:
        return frozenset(
            d.post_id for d in self.detections if d.minor_risk and d.post_id is not None
        )

    def media_withheld(self, media: CaseMedia) -> str | None:
        """Why no picture of `media` may leave the store (the export's rule: the stored
        reason, else any minor risk on the account or on the post it belongs to)."""
        if media.withheld_reason:
            return media.withheld_reason
        if self.minor_risk or (media.post_id is not None and media.post_id in self.minor_posts):
            return MINOR_RISK
        return None
