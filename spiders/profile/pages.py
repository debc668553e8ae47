"""What each kind of page holds (account, post) and which URLs are which kind of page."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import ConfigDict, Field, field_validator

from spiders.profile.base import Strict as _Strict
from spiders.profile.browser import LoadMoreSpec
from spiders.profile.fields import FieldSpec, RepeatedSpec


class AccountSpec(_Strict):
    key: FieldSpec | None = None
    handle: FieldSpec
    display_name: FieldSpec | None = None
    bio: FieldSpec | None = None
    links: FieldSpec | None = None
    avatar: FieldSpec | None = None
    plans: RepeatedSpec | None = None
    posts: RepeatedSpec | None = None

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
    # For JSON pages: where the next links are, and how to turn each value into a URL.
    json_links: FieldSpec | None = None
    json_link_template: str | None = None
    # Browser pages: wait for this CSS selector before extracting (client-rendered content).
    wait_for: str | None = None
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
