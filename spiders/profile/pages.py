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
    """What to read on an `account` page (links kind `account`): one seller or creator.
    Each entry is a FieldSpec (a plain string is a CSS selector)."""

    key: FieldSpec | None = Field(
        default=None,
        description="The platform's stable id of the account (a numeric id survives a "
        "renamed handle). Without it the handle is the key.",
        examples=["section.creator::attr(data-creator-id)"],
    )
    handle: FieldSpec | None = Field(
        default=None,
        description="The account's handle or user name, as shown or as in its URL; when left "
        "out, the handle is the key. An account page whose `key` (or, without `key`, whose "
        "handle) finds no value gives no account and is reported as `extract_failed`.",
        examples=[{"from_url": "handle"}, {"css": "p.handle::text", "re": r"@?([\w.-]+)"}],
    )
    display_name: FieldSpec | None = Field(
        default=None,
        description="The name the account shows (judged by the detector).",
        examples=[{"css": "h1.creator-name", "text": True}],
    )
    bio: FieldSpec | None = Field(
        default=None,
        description="The profile text (judged by the detector).",
        examples=[{"css": "div.bio", "text": True}],
    )
    links: FieldSpec | None = Field(
        default=None,
        description="Links the account lists (other shops, social accounts); use "
        "`many: true` and `url: true`.",
        examples=[{"css": "ul.links a::attr(href)", "many": True, "url": True}],
    )
    avatar: FieldSpec | None = Field(
        default=None,
        description="URL of the account's picture (hashed and kept only as a blurred thumbnail).",
        examples=[{"css": "img.avatar::attr(src)", "url": True}],
    )
    plans: RepeatedSpec | None = Field(
        default=None,
        description="Paid plans or price tiers on the page; `fields` needs `name` and "
        "usually `price` (parsed from text such as `¥1,000/月`) and `description`.",
        examples=[
            {
                "each": "div.plan",
                "fields": {"name": ".plan-name::text", "price": ".plan-price::text"},
            }
        ],
    )
    posts: RepeatedSpec | None = Field(
        default=None,
        description="Posts listed on the account page itself; `fields` needs `key` or "
        "`url` so a post is recognised on the next crawl.",
        examples=[
            {
                "each": "article.post",
                "fields": {"key": "::attr(data-id)", "text": {"css": ".body", "text": True}},
            }
        ],
    )

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
    """What to read on a `post` page (links kind `post`): one post, item or listing of a
    seller. It must say which account it belongs to (`account_key`)."""

    key: FieldSpec | None = Field(
        default=None,
        description="The platform's stable id of the post; without it the page URL is the key.",
        examples=["article.post::attr(data-post-id)"],
    )
    account_key: FieldSpec = Field(
        description="The key of the account that posted it: must give the same value as "
        "`account.key` (or `account.handle` when there is no key) on that account's page.",
        examples=["article.post::attr(data-creator-id)"],
    )
    account_handle: FieldSpec | None = Field(
        default=None,
        description="The posting account's handle, when the post page shows it.",
        examples=[{"css": "a.author::text", "re": r"@?([\w.-]+)"}],
    )
    account_url: FieldSpec | None = Field(
        default=None,
        description="Link to the posting account's page.",
        examples=[{"css": "a.author::attr(href)", "url": True}],
    )
    account_display_name: FieldSpec | None = Field(
        default=None,
        description=(
            "The seller's display name as the post/item page shows it. When the account has no "
            "account page in the run, the account is created from the post's `account_key`, "
            "`account_handle` (falls back to the key), this and `account_url`."
        ),
    )
    title: FieldSpec | None = Field(
        default=None,
        description="The post's title (judged by the detector).",
        examples=[{"css": "h1.post-title", "text": True}],
    )
    text: FieldSpec | None = Field(
        default=None,
        description="The post's body text (judged by the detector).",
        examples=[{"css": "div.post-body", "text": True}],
    )
    posted_at: FieldSpec | None = Field(
        default=None,
        description="When it was published, as the page writes it (ISO 8601 is best; kept as "
        "text as well).",
        examples=["time.published::attr(datetime)"],
    )
    price: FieldSpec | None = Field(
        default=None,
        description="The price asked, as text (`¥1,000`, `500円`, `$12`); amount and "
        "currency are parsed from it.",
        examples=[{"css": ".price", "text": True}],
    )
    media: FieldSpec | None = Field(
        default=None,
        description="Image URLs of the post (hashed; only blurred thumbnails are kept); use "
        "`many: true` and `url: true`.",
        examples=[{"css": "div.media img::attr(src)", "many": True, "url": True}],
    )
    extra_text: FieldSpec | None = Field(
        default=None,
        description="More text judged with the post (request options, tags), joined after `text`.",
        examples=[{"css": "ul.tags li", "text": True, "many": True}],
    )


PageKind = Literal["listing", "account", "post", "posts"]


class LinkRule(_Strict):
    """One entry of `links:`: which URLs to follow and what kind of page each is. A link
    found on a page is followed only when some rule's `pattern` matches it; the first rule
    that matches decides the page's kind. Start URLs are matched the same way."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    kind: PageKind = Field(
        description="What the page is. `listing`: only for finding links (directories, "
        "search results, pagination). `account`: one account, read with `account:`. "
        "`post`: one post or item, read with `post:`. `posts`: a page listing posts of "
        "several accounts (usually a JSON API), read with `post_list:`.",
        examples=["account"],
    )
    pattern: str = Field(
        description="Regular expression searched in the URL's path and query (`/users/abc?"
        "page=2`, without scheme and host). Anchor it with `^` and `$`. Named groups "
        "`(?P<NAME>...)` can be read with `from_url: NAME`.",
        examples=[r"^/creators/(?P<handle>[\w.-]+)$", r"^/api/posts\?page=\d+$"],
    )
    follow: bool = Field(
        default=True,
        description="Follow the links found on pages of this rule. Set `false` for pages "
        "whose links lead nowhere useful (a post page's related items), to keep a crawl "
        "small.",
        examples=[False],
    )
    render: bool | None = Field(
        default=None,
        description="Render pages of this rule in the browser (`true`) or fetch them plainly "
        "(`false`); unset follows the profile's `render`. Rendered pages also get a blurred "
        "screenshot.",
        examples=[True],
    )
    is_json: bool = Field(
        default=False,
        alias="json",
        description="The pages are JSON (an API), not HTML: read them with `jmespath` fields "
        "and `each_is: jmespath`, and find next pages with `json_links`.",
        examples=[True],
    )
    json_links: FieldSpec | None = Field(
        default=None,
        description="On JSON pages: where the links to follow are (a JMESPath giving URLs, "
        "ids or page tokens). Each value becomes a URL through `json_link_template` and is "
        "followed when a rule matches it.",
        examples=[{"jmespath": "data.posts[].id"}, {"jmespath": "next_url"}],
    )
    json_link_template: str | None = Field(
        default=None,
        description="Turns each `json_links` value into a URL: `{value}` is replaced by the "
        "value; relative URLs are resolved against the page. Default: the value itself.",
        examples=["/posts/{value}", "/api/posts?page={value}"],
    )
    wait_for: str | None = Field(
        default=None,
        description="Rendered pages: wait until this CSS selector appears before reading the "
        "page (client-rendered content that arrives after `load`).",
        examples=["div.creator-profile"],
    )
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
            "after it, where `{name}` placeholders use them: in this same rule's `requests:` "
            "URLs and headers, and in the `request:` headers of the rule the next page matches."
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
    """Infinite scroll on rendered account pages: scroll down until no new items appear or
    `max_scrolls` is reached."""

    item_selector: str = Field(
        description="CSS selector of one item of the list; scrolling stops when their number "
        "stops growing.",
        examples=["article.post"],
    )
    max_scrolls: int = Field(
        default=10,
        ge=0,
        le=500,
        description="At most this many scrolls per page.",
        examples=[30],
    )
    wait_ms: int = Field(
        default=700,
        ge=50,
        le=30_000,
        description="Milliseconds to wait after each scroll for new items to load.",
        examples=[1000],
    )
