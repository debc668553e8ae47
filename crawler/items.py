"""What the spider extracts. Plain dataclasses: Scrapy's itemadapter handles them natively."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from storage.findings import AccountText, account_name, plan_text, post_text


@dataclass
class PlanData:
    name: str
    price: Decimal | None = None
    currency: str | None = None
    price_text: str | None = None
    description: str | None = None


@dataclass
class AccountItem:
    platform: str
    account_key: str
    profile_url: str
    seen_at: datetime
    handle: str | None = None
    display_name: str | None = None
    bio: str | None = None
    # URLs from the page, then `{"url", "via"}` for each link on a link-in-bio page it links
    # to (spiders/link_in_bio.py).
    links: list[str | dict[str, str]] = field(default_factory=list)
    avatar_url: str | None = None
    plans: list[PlanData] = field(default_factory=list)
    # WARC record ids of the captures that show this account.
    evidence: list[str] = field(default_factory=list)

    def detection_text(self) -> str:
        """Name, bio and plans as the detector reads them before the account is stored."""
        return AccountText(
            display_name=account_name(self.display_name, self.handle),
            bio=self.bio or "",
            plans=tuple(plan_text(p.name, p.price_text, p.description) for p in self.plans),
        ).profile_text()


@dataclass
class PostItem:
    platform: str
    account_key: str
    post_key: str
    seen_at: datetime
    url: str | None = None
    account_handle: str | None = None
    account_url: str | None = None
    # The seller's name as the post shows it: names an account that has no account page.
    account_display_name: str | None = None
    title: str | None = None
    text: str | None = None
    price: Decimal | None = None
    currency: str | None = None
    price_text: str | None = None
    posted_at_text: str | None = None
    # The same time read as UTC (spiders/dates.py); None when the text names no absolute time.
    posted_at: datetime | None = None
    # Whether (or what) the platform charges to see the post, as it says it ("500", "true").
    fee_text: str | None = None
    media_urls: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)

    def detection_text(self) -> str:
        """Title, text and price text as the detector reads them (storage.findings)."""
        return post_text(self.title, self.text, self.price_text)


@dataclass
class MediaItem:
    platform: str
    account_key: str
    url: str
    fetched_at: datetime
    post_key: str | None = None
    sha256: str | None = None
    pdq: str | None = None
    pdq_quality: int | None = None
    width: int | None = None
    height: int | None = None
    size: int | None = None
    content_type: str | None = None
    thumbnail: bytes | None = None
    original: bytes | None = None
    withheld_reason: str | None = None
    error: str | None = None
    evidence: list[str] = field(default_factory=list)
    # Set when the same URL was hashed by an earlier run and is not fetched again.
    known_thumb_blob: str | None = None
