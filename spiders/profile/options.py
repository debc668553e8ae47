"""How politely, how far and how a profile's crawl runs: the option sections of a profile."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from spiders.profile.base import Strict as _Strict


class Politeness(_Strict):
    download_delay: float = Field(default=0.5, ge=0)
    concurrency: int = Field(default=4, ge=1, le=64)
    obey_robots_txt: bool = True
    autothrottle: bool = True
    user_agent: str | None = None


class Limits(_Strict):
    max_page_bytes: int = Field(default=8 * 1024 * 1024, ge=1024)
    page_timeout_s: float = Field(default=30, gt=0)
    max_pages: int = Field(default=0, ge=0)
    max_depth: int = Field(default=0, ge=0)
    max_runtime_s: int = Field(default=0, ge=0)
    max_retry_after_s: float = Field(default=120, ge=0)


class MediaOptions(_Strict):
    fetch: bool = True
    # Keep originals (not only blurred thumbnails). Off by default: see docs/architecture.md, "Safety".
    keep_originals: bool = False


class BrowserOptions(_Strict):
    # When a navigation counts as done; client-rendered pages add `wait_for` on their link rule.
    wait_until: Literal["load", "domcontentloaded", "networkidle"] = "load"


class ScreenshotOptions(_Strict):
    enabled: bool = True
    # Blur images, videos, canvases and backgrounds before the screenshot (operator may opt out).
    blur_media: bool = True


class HealthThresholds(_Strict):
    min_accounts: int = Field(default=1, ge=0)
    max_error_ratio: float = Field(default=0.2, ge=0, le=1)
    min_field_coverage: float = Field(default=0.5, ge=0, le=1)
