"""What each kind of page holds (account, post) and which URLs are which kind of page."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from spiders.profile.base import Strict as _Strict
from spiders.profile.browser import LoadMoreSpec
from spiders.profile.fields import FieldSpec, RepeatedSpec
from spiders.profile.requests import ExtraRequest, RequestSpec


class AccountSpec(_Strict):
    key: FieldSpec | None = None
    handle: FieldSpec | None = Field(
        default=None, description="The account's handle; when left out, the handle is the key."
    )
    display_name: FieldSpec | None = None
    bio: FieldSpec | None = None
    links: FieldSpec | None = None
    avatar: FieldSpec | None = None
    plans: RepeatedSpec | None = None
    posts: RepeatedSpec | None = None

    @model_validator(mode="after")
    def _key_or_handle(self) -> AccountSpec:
        if self.key is None and self.handle is None:
            raise ValueError("account needs `key` or `handle` (or both)")
        return self

    @field_validator("plans")
    @classmethod
    def _plan_fields(cls, value: RepeatedSpec | None) -> RepeatedSpec | None:
        if value is not None and "name" not in value.fields:
            raise ValueError("plans.fields needs at least `name` (and usually `price`)")
        return value

    @field_validator("posts")
    @classmethod
    def _post_fields(cls, value: RepeatedSpec | None) -> RepeatedSpec | None:
        if value is not None and not ({"key", "url"} & value.fields.keys()):
            raise ValueError("posts.fields needs `key` or `url` so a post can be recognised again")
        return value


class PostSpec(_Strict):
    key: FieldSpec | None = None
    account_key: FieldSpec
    account_handle: FieldSpec | None = None
    account_url: FieldSpec | None = None
    account_display_name: FieldSpec | None = Field(
        default=None,
        description=(
            "The seller's display name as the post/item page shows it. When the account has no "
            "account page in the run, the account is created from the post's `account_key`, "
            "`account_handle` (falls back to the key), this and `account_url`."
        ),
    )
    title: FieldSpec | None = None
    text: FieldSpec | None = None
    posted_at: FieldSpec | None = None
    price: FieldSpec | None = None
    media: FieldSpec | None = None
    # More text to judge with the post (request options, tags), joined after `text`.
    extra_text: FieldSpec | None = None


PageKind = Literal["listing", "account", "post", "posts"]


class LinkRule(_Strict):
    """Which URLs to follow and what kind of page each is."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    kind: PageKind
    pattern: str
    # Follow links found on pages of this kind (listing pages almost always).
    follow: bool = True
    # Override the profile's `render` for these pages.
    render: bool | None = None
    # Pages that are JSON (an API) rather than HTML.
    is_json: bool = Field(default=False, alias="json")
    # Where the next links are (jmespath on JSON pages, css/xpath on HTML pages), and how to turn
    # each value into a URL (`{value}`, plus carried values as `{name}`).
    json_links: FieldSpec | None = None
    json_link_template: str | None = None
    # Browser pages: wait for this CSS selector before extracting (client-rendered content).
    wait_for: str | None = None
    request: RequestSpec | None = Field(
        default=None,
        description=(
            "Headers and cookies for requests TO pages of this rule, merged over the profile's "
            "`request:` (e.g. an API's `Origin`, `Referer: '{referer}'`, `X-CSRF-Token: '{csrf}'`)."
        ),
    )
    carry: dict[str, FieldSpec] = Field(
        default_factory=dict,
        description=(
            "Values read FROM pages of this rule (any field spec: css/xpath/jmespath/from_url/"
            "const), e.g. `csrf: 'meta[name=csrf-token]::attr(content)'`. They travel with every "
            "request made from the page (links, `requests:`, `json_links`) and on to the pages "
            "after it, where `{name}` placeholders use them."
        ),
    )
    requests: list[ExtraRequest] = Field(
        default_factory=list,
        description=(
            "Extra requests made FROM pages of this rule (HTML or JSON), e.g. the JSON API call "
            "an HTML page would make: `[{url: '/api/v1/fanclubs/{fanclub_id}/posts?page=1'}]`."
        ),
    )
    load_more: LoadMoreSpec | None = Field(
        default=None,
        description="Rendered pages of this rule: click a 'load more' button until it is gone "
        "(overrides the profile's `load_more`).",
    )

    @field_validator("pattern")
    @classmethod
    def _regex(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"bad regular expression {value!r}: {exc}") from None
        return value


class ScrollSpec(_Strict):
    """Infinite scroll in the browser: scroll until no new items appear."""

    item_selector: str
    max_scrolls: int = Field(default=10, ge=0, le=500)
    wait_ms: int = Field(default=700, ge=50, le=30_000)
