"""How politely, how far and how a profile's crawl runs: the option sections of a profile."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from spiders.profile.base import Strict as _Strict


class Politeness(_Strict):
    """How gently the crawl treats the platform. The defaults are polite for real sites;
    robots.txt is obeyed unless the operator says otherwise."""

    download_delay: float = Field(
        default=0.5,
        ge=0,
        description="Seconds between requests to the same host (AutoThrottle may wait "
        "longer when the site slows down).",
        examples=[1.0],
    )
    concurrency: int = Field(
        default=4,
        ge=1,
        le=64,
        description="Requests in flight at once to the same host.",
        examples=[2],
    )
    obey_robots_txt: bool = Field(
        default=True,
        description="Fetch robots.txt and skip what it disallows.",
        examples=[True],
    )
    autothrottle: bool = Field(
        default=True,
        description="Adapt the delay to the site's response times (Scrapy AutoThrottle).",
        examples=[True],
    )
    user_agent: str | None = Field(
        default=None,
        description="User-Agent header; default: mimamori's own, which says it is an "
        "evidence crawler. Put a contact address in it for real platforms.",
        examples=["mimamori/1.0 (+mailto:abuse@example.org)"],
    )


class Limits(_Strict):
    """Bounds on one crawl run and on each page. 0 means no limit."""

    max_page_bytes: int = Field(
        default=8 * 1024 * 1024,
        ge=1024,
        description="Largest response body accepted, in bytes; larger pages are dropped and "
        "reported.",
        examples=[4194304],
    )
    page_timeout_s: float = Field(
        default=30,
        gt=0,
        description="Seconds a page (download or browser rendering) may take.",
        examples=[15],
    )
    max_pages: int = Field(
        default=0,
        ge=0,
        description="Stop after this many pages (0: no limit).",
        examples=[500],
    )
    max_depth: int = Field(
        default=0,
        ge=0,
        description="Follow links at most this many hops from the start URLs (0: no limit).",
        examples=[5],
    )
    max_runtime_s: int = Field(
        default=0,
        ge=0,
        description="Stop the run after this many seconds (0: no limit).",
        examples=[3600],
    )
    max_retry_after_s: float = Field(
        default=120,
        ge=0,
        description="Honour a 429/503 `Retry-After` up to this many seconds; longer waits "
        "give up on the page.",
        examples=[60],
    )


class MediaOptions(_Strict):
    """Pictures of accounts and posts: hashed in memory, kept only as blurred thumbnails."""

    fetch: bool = Field(
        default=True,
        description="Fetch media to hash them and keep blurred thumbnails.",
        examples=[False],
    )
    keep_originals: bool = Field(
        default=False,
        description="Also keep original files. Off by default on purpose: see "
        "docs/architecture.md, Safety.",
        examples=[False],
    )


class BrowserOptions(_Strict):
    """How rendered pages (profile or link rule `render: true`) are loaded in Chromium."""

    wait_until: Literal["load", "domcontentloaded", "networkidle"] = Field(
        default="load",
        description="When a navigation counts as done. Client-rendered pages usually also "
        "need `wait_for` on their link rule.",
        examples=["networkidle"],
    )


class ScreenshotOptions(_Strict):
    """Full-page screenshots of rendered pages, kept as evidence."""

    enabled: bool = Field(
        default=True,
        description="Take a screenshot of each rendered page.",
        examples=[True],
    )
    blur_media: bool = Field(
        default=True,
        description="Blur images, videos, canvases and backgrounds before the screenshot.",
        examples=[True],
    )


class HealthThresholds(_Strict):
    """When a run counts as failed (`mimamori crawl` exits 1): usually a sign that the
    platform changed and the profile's selectors no longer match."""

    min_accounts: int = Field(
        default=1,
        ge=0,
        description="Fewest accounts a run must extract.",
        examples=[5],
    )
    max_error_ratio: float = Field(
        default=0.2,
        ge=0,
        le=1,
        description="Largest share of pages that may fail (HTTP errors, timeouts, refusals).",
        examples=[0.1],
    )
    min_field_coverage: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="The share of account pages that must give an account (their `key`, or "
        "`handle` without a key); below it the run is unhealthy, even when accounts named by "
        "posts make up the count. Other fields' coverage is not part of a run's health: "
        "`mimamori profile check FILE --live` shows empty fields.",
        examples=[0.5],
    )
