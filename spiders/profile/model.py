"""The whole profile: one platform's start URLs, link rules, extractors and options."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator

from spiders.profile.base import Strict as _Strict
from spiders.profile.browser import LoadMoreSpec
from spiders.profile.fields import RepeatedSpec
from spiders.profile.options import (
    BrowserOptions,
    HealthThresholds,
    Limits,
    MediaOptions,
    Politeness,
    ScreenshotOptions,
)
from spiders.profile.pages import AccountSpec, LinkRule, PostSpec, ScrollSpec
from spiders.profile.requests import RequestSpec, SearchSpec

BUNDLED_PROFILES_DIR = Path(__file__).resolve().parent.parent / "profiles"


class Profile(_Strict):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    platform: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    display_name: str
    start_urls: list[str] = Field(default_factory=list)
    allowed_domains: list[str] = Field(default_factory=list)
    render: bool = False
    allow_private_addresses: bool = False
    links: list[LinkRule] = Field(min_length=1)
    account: AccountSpec | None = None
    post: PostSpec | None = None
    # Pages that list several posts (a JSON timeline endpoint); needs an `account_key` field.
    post_list: RepeatedSpec | None = None
    scroll: ScrollSpec | None = None
    request: RequestSpec | None = Field(
        default=None,
        description="Headers and cookies sent with every request of this profile.",
    )
    search: SearchSpec | None = Field(
        default=None,
        description="Keyword searches that start the crawl (flea markets), besides `start_urls`.",
    )
    load_more: LoadMoreSpec | None = Field(
        default=None,
        description="Rendered listing and account pages: click a 'load more' button until it "
        "is gone. A link rule's own `load_more` takes precedence.",
    )
    politeness: Politeness = Politeness()
    limits: Limits = Limits()
    media: MediaOptions = MediaOptions()
    screenshots: ScreenshotOptions = ScreenshotOptions()
    browser: BrowserOptions = BrowserOptions()
    health: HealthThresholds = HealthThresholds()
    source_path: str | None = Field(default=None, exclude=True)

    @field_validator("start_urls")
    @classmethod
    def _urls(cls, value: list[str]) -> list[str]:
        for url in value:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError(f"start URL {url!r} must be an absolute http(s) URL")
        return value

    @model_validator(mode="after")
    def _extractors_present(self) -> Profile:
        if not self.start_urls and self.search is None:
            raise ValueError("give `start_urls` or `search:` (or both): where the crawl starts")
        kinds = {rule.kind for rule in self.links}
        if "account" in kinds and self.account is None:
            raise ValueError("links has an `account` rule but there is no `account:` section")
        if "post" in kinds and self.post is None:
            raise ValueError("links has a `post` rule but there is no `post:` section")
        if "posts" in kinds and self.post_list is None:
            raise ValueError("links has a `posts` rule but there is no `post_list:` section")
        if self.post_list is not None and "account_key" not in self.post_list.fields:
            raise ValueError(
                "post_list.fields needs `account_key` (which account each post belongs to)"
            )
        if not self.allowed_domains:
            starts = [*self.start_urls, *([self.search.url] if self.search else [])]
            hosts = sorted({urlsplit(u).hostname or "" for u in starts})
            object.__setattr__(self, "allowed_domains", hosts)
        return self

    def rule_for(self, url: str) -> LinkRule | None:
        target = _path_and_query(url)
        for rule in self.links:
            if re.search(rule.pattern, target):
                return rule
        return None

    def load_more_for(self, rule: LinkRule | None) -> LoadMoreSpec | None:
        """The rule's own `load_more`, else the profile's for listing and account pages."""
        if rule is not None and rule.load_more is not None:
            return rule.load_more
        if rule is not None and rule.kind in ("listing", "account"):
            return self.load_more
        return None

    def needs_browser(self, rule: LinkRule | None) -> bool:
        if rule is not None and rule.render is not None:
            return rule.render
        return self.render


def _path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")
