"""The whole profile: one platform's start URLs, link rules, extractors and options."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator

from spiders.profile.base import Strict as _Strict
from spiders.profile.browser import LoadMoreSpec
from spiders.profile.fields import RepeatedSpec
from spiders.profile.link_in_bio import LinkInBio
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
    """The top level of a profile file: one platform, where to start, which URLs are which
    kind of page (`links`), what to read on each kind (`account`, `post`, `post_list`) and
    how to crawl (`politeness`, `limits`, ...). `${NAME}` anywhere in the file is replaced
    by the environment variable or `--var NAME=VALUE` when the profile is loaded;
    `${NAME:-default}` takes the default when NAME is unset or empty."""

    name: str = Field(
        pattern=r"^[a-z0-9][a-z0-9_-]*$",
        description="The profile's name (lower case, digits, `-`, `_`): what `mimamori crawl "
        "NAME` and the run records use. Usually the file name without `.yaml`.",
        examples=["fanclub-example"],
    )
    platform: str = Field(
        pattern=r"^[a-z0-9][a-z0-9_-]*$",
        description="Key of the platform the accounts belong to. Two profiles of the same "
        "site (HTML pages and its API) share it, so their accounts are the same accounts.",
        examples=["fanclub"],
    )
    display_name: str = Field(
        description="The platform's name as reviewers see it.",
        examples=["FanClub Example"],
    )
    confirmed: date | None = Field(
        default=None,
        description="Date the platform's page structure was last checked against this "
        "profile (`mimamori profile check FILE --live`); shown by `mimamori profile list`.",
        examples=[date(2026, 11, 20)],
    )
    notes: str | None = Field(
        default=None,
        description="Free text for operators (what the profile covers, what to check "
        "first); shown by `mimamori profile list`.",
        examples=["Public creator pages only; the post API needs the CSRF token."],
    )
    start_urls: list[str] = Field(
        default_factory=list,
        description="Absolute http(s) URLs the crawl starts from (a directory, a search, a "
        "ranking). A start URL that no rule in `links` matches is fetched and its links "
        "followed, but nothing is read from it. May be empty when `search:` starts the crawl.",
        examples=[["https://fanclub.example/creators/"]],
    )
    allowed_domains: list[str] = Field(
        default_factory=list,
        description="Hosts the crawl may visit; default: the hosts of `start_urls`. Add the "
        "API or media hosts the site uses.",
        examples=[["fanclub.example", "api.fanclub.example"]],
    )
    render: bool = Field(
        default=False,
        description="Render every page in Chromium (client-rendered sites). Link rules can "
        "override it one by one with their own `render`.",
        examples=[True],
    )
    timezone: str = Field(
        default="UTC",
        description="The IANA time zone of times the site writes without an offset "
        "(`2026/10/03 23:10`, `2026年10月3日 23時10分`), used to store each post's `posted_at` "
        "as a time; `Asia/Tokyo` for Japanese sites. Times with an offset or `Z`, and epoch "
        "numbers, need none.",
        examples=["Asia/Tokyo"],
    )
    allow_private_addresses: bool = Field(
        default=False,
        description="Allow 127.0.0.1 and private networks. Only for the demo and tests; "
        "never for a real platform.",
        examples=[False],
    )
    links: list[LinkRule] = Field(
        min_length=1,
        description="Which URLs to follow and what kind of page each is; the first rule "
        "whose `pattern` matches a URL decides. Links matching no rule are not followed.",
        examples=[[{"kind": "listing", "pattern": r"^/creators/(\?page=\d+)?$"}]],
    )
    account: AccountSpec | None = Field(
        default=None,
        description="What to read on pages of kind `account`; required when a rule has that kind.",
        examples=[{"handle": {"from_url": "handle"}, "bio": {"css": "div.bio", "text": True}}],
    )
    post: PostSpec | None = Field(
        default=None,
        description="What to read on pages of kind `post`; required when a rule has that kind.",
        examples=[{"account_key": "article::attr(data-creator)", "text": "div.body"}],
    )
    post_list: RepeatedSpec | None = Field(
        default=None,
        description="Pages of kind `posts` that list several posts (a JSON timeline "
        "endpoint): each block is one post; `fields` needs `account_key` (which account "
        "each post belongs to) and `key` or `url`.",
        examples=[
            {
                "each": "data.posts",
                "each_is": "jmespath",
                "fields": {"key": {"jmespath": "id"}, "account_key": {"jmespath": "user.id"}},
            }
        ],
    )
    scroll: ScrollSpec | None = Field(
        default=None,
        description="Infinite scroll on rendered `account` pages.",
        examples=[{"item_selector": "article.post", "max_scrolls": 20}],
    )
    link_in_bio: list[LinkInBio] = Field(
        default_factory=list,
        description="Link-in-bio services (lit.link, linktr.ee, potofu.me, ...) whose pages an "
        "account's links may point to: such a page is fetched one hop from the account page, "
        "captured as the account's evidence, and the links on it are added to the account's "
        '`links` as `{"url": ..., "via": <page URL>}`. Those pages are fetched even off '
        "`allowed_domains`; nothing else on their hosts is.",
        examples=[[{"hosts": ["lit.link"], "path": r"^/[A-Za-z0-9_.-]+/?$"}]],
    )
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
    politeness: Politeness = Field(
        default=Politeness(),
        description="Request pace, concurrency, robots.txt, User-Agent.",
        examples=[{"download_delay": 1.0, "concurrency": 2}],
    )
    limits: Limits = Field(
        default=Limits(),
        description="Bounds on pages, depth, run time and page size.",
        examples=[{"max_pages": 500, "page_timeout_s": 15}],
    )
    media: MediaOptions = Field(
        default=MediaOptions(),
        description="Whether media are fetched (hashed, blurred thumbnails).",
        examples=[{"fetch": True}],
    )
    screenshots: ScreenshotOptions = Field(
        default=ScreenshotOptions(),
        description="Screenshots of rendered pages.",
        examples=[{"enabled": True, "blur_media": True}],
    )
    browser: BrowserOptions = Field(
        default=BrowserOptions(),
        description="How rendered pages are loaded.",
        examples=[{"wait_until": "networkidle"}],
    )
    health: HealthThresholds = Field(
        default=HealthThresholds(),
        description="When a run counts as failed.",
        examples=[{"min_accounts": 5}],
    )
    source_path: str | None = Field(default=None, exclude=True)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ValueError, ZoneInfoNotFoundError):
            raise ValueError(
                f"unknown time zone {value!r}; use an IANA name such as Asia/Tokyo or UTC"
            ) from None
        return value

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

    def link_in_bio_for(self, url: str) -> LinkInBio | None:
        """The link-in-bio service a URL is a user page of, if any."""
        return next((s for s in self.link_in_bio if s.matches(url, self.allowed_domains)), None)

    def needs_browser(self, rule: LinkRule | None) -> bool:
        if rule is not None and rule.render is not None:
            return rule.render
        return self.render


def _path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")
