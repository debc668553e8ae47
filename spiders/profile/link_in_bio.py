"""Link-in-bio pages (lit.link, linktr.ee, potofu.me, ...): followed one hop from a bio."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from pydantic import Field, field_validator

from spiders.profile.base import Strict as _Strict


class LinkInBio(_Strict):
    """A link-in-bio service: a page of one user's links that a bio points to instead of
    listing the accounts itself. When an account's `links` include a URL of such a page,
    the crawl fetches that page (one hop, never further), keeps it as evidence of the account
    like every page, and adds each link on it to the account's links as
    `{"url": ..., "via": <the link-in-bio page's URL>}`, so linking sees the other accounts
    the seller lists there. The service's own home page must not match `path`: many
    unrelated accounts link to it."""

    hosts: list[str] = Field(
        default_factory=list,
        description="Hosts of the service (a subdomain of one counts too). Empty: the "
        "profile's own `allowed_domains` (a service run on the platform itself).",
        examples=[["lit.link"], ["linktr.ee"]],
    )
    path: str = Field(
        description="Regular expression a page's path must match (searched), so a user's "
        "page is followed and the service's home, help and login pages are not.",
        examples=[r"^/[A-Za-z0-9_.-]+/?$", r"^/links/[\w-]+$"],
    )
    links: str = Field(
        default="a::attr(href)",
        description="CSS selector of the links on the page, read as URLs (relative ones are "
        "made absolute).",
        examples=["ul.links a::attr(href)"],
    )

    @field_validator("path")
    @classmethod
    def _pattern(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"`path` is not a regular expression: {exc}") from None
        return value

    def matches(self, url: str, own_hosts: list[str]) -> bool:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or not host:
            return False
        hosts = [h.lower() for h in self.hosts] or [h.lower() for h in own_hosts]
        if not any(host == h or host.endswith("." + h) for h in hosts):
            return False
        return re.search(self.path, parts.path) is not None
