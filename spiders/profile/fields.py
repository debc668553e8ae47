"""Reading one value, or a repeated block of values, out of a page (HTML or JSON)."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, model_validator

from spiders.profile.base import Strict as _Strict
from spiders.profile.browser import RESPONSE_DESCRIPTION, check_response


class FieldSpec(_Strict):
    """How to read one value out of a page. Give exactly one source: `css`, `xpath`,
    `jmespath`, `from_url` or `const`; the other keys shape the value. A plain string
    instead of a mapping is a CSS selector: `handle: "p.handle::text"` is
    `handle: {css: "p.handle::text"}`. A selector that finds nothing gives no value (not an
    error): `mimamori profile check FILE --live` shows which ones came back empty."""

    css: str | None = Field(
        default=None,
        description="CSS selector on an HTML page (parsel). End it with `::text` for the "
        "element's own text or `::attr(NAME)` for an attribute; without either you get the "
        "element's HTML, so add `text: true` for all of its text.",
        examples=["h1.creator-name::text", "section.creator::attr(data-id)"],
    )
    xpath: str | None = Field(
        default=None,
        description="XPath 1.0 expression on an HTML page, for what CSS cannot say "
        "(an element by its text, a following sibling).",
        examples=["//dt[.='Price']/following-sibling::dd[1]/text()"],
    )
    jmespath: str | None = Field(
        default=None,
        description="JMESPath expression on a JSON page (a link rule with `json: true`) or, "
        "inside a repeated block with `each_is: jmespath`, on one object of the list.",
        examples=["data.user.id", "items[].title"],
    )
    re: str | None = Field(
        default=None,
        description="Regular expression applied to each value: keep what its first group "
        "captures (or the whole match when it has no group); values it does not match are "
        "dropped.",
        examples=[r"@?([\w.-]+)", r"(\d+)円"],
    )
    many: bool = Field(
        default=False,
        description="Collect every match as a list instead of taking the first one "
        "(links, media, tags).",
        examples=[True],
    )
    text: bool = Field(
        default=False,
        description="Take all text inside the selected elements, whitespace normalised, "
        "with block boundaries kept as spaces (HTML pages).",
        examples=[True],
    )
    url: bool = Field(
        default=False,
        description="Resolve each value against the page URL, so relative `href` and `src` "
        "values become absolute URLs.",
        examples=[True],
    )
    from_url: str | None = Field(
        default=None,
        description="Take the value from a named group `(?P<NAME>...)` of the link rule's "
        "`pattern` that matched this page's URL (e.g. the handle in `/users/NAME`).",
        examples=["handle"],
    )
    const: str | None = Field(
        default=None,
        description="A fixed value, the same on every page (e.g. a currency the page never "
        "writes).",
        examples=["JPY"],
    )
    response: str | None = Field(
        default=None,
        description=RESPONSE_DESCRIPTION,
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"css": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_source(self) -> FieldSpec:
        sources = [
            s
            for s in (self.css, self.xpath, self.jmespath, self.from_url, self.const)
            if s is not None
        ]
        if len(sources) != 1:
            raise ValueError("give exactly one of css, xpath, jmespath, from_url or const")
        if self.re is not None:
            try:
                re.compile(self.re)
            except re.error as exc:
                raise ValueError(f"bad regular expression {self.re!r}: {exc}") from None
        if self.css is not None:
            _check_css(self.css)
        if self.xpath is not None:
            _check_xpath(self.xpath)
        if self.jmespath is not None:
            _check_jmespath(self.jmespath)
        if self.response is not None:
            check_response(self.response, uses_jmespath=self.jmespath is not None)
        return self


def _check_css(expr: str) -> None:
    from parsel.csstranslator import HTMLTranslator

    try:
        HTMLTranslator().css_to_xpath(expr)
    except Exception as exc:
        raise ValueError(f"bad CSS selector {expr!r}: {exc}") from None


def _check_xpath(expr: str) -> None:
    from lxml import etree

    try:
        etree.XPath(expr)
    except etree.XPathSyntaxError as exc:
        raise ValueError(f"bad XPath {expr!r}: {exc}") from None


def _check_jmespath(expr: str) -> None:
    import jmespath

    try:
        jmespath.compile(expr)
    except jmespath.exceptions.ParseError as exc:
        raise ValueError(f"bad JMESPath {expr!r}: {exc}") from None


class RepeatedSpec(_Strict):
    """A block that repeats on a page (plans on an account page, posts in a timeline or a
    JSON list): `each` selects every block, then each of `fields` is read inside one block
    (its selectors are relative to the block)."""

    each: str = Field(
        description="Selects each block: a CSS selector on HTML pages, or a JMESPath "
        "expression that gives a list on JSON pages (then set `each_is: jmespath`).",
        examples=["div.plan", "data.posts"],
    )
    each_is: Literal["css", "jmespath"] = Field(
        default="css",
        description="What `each` is: `css` for HTML pages, `jmespath` for JSON pages. The "
        "fields inside then use the same kind (css/xpath for HTML blocks, jmespath for JSON "
        "objects); `from_url` (a named group of the page's link rule) and `const` work in "
        "both, e.g. `account_key: {from_url: creator_id}` when the API's objects do not "
        "name their account.",
        examples=["jmespath"],
    )
    fields: dict[str, FieldSpec] = Field(
        description="Name → FieldSpec, read inside each block. Plans use `name`, `price`, "
        "`description`; posts use `key`, `url`, `title`, `text`, `posted_at`, `price`, "
        "`media`, and in `post_list` also `account_key`, `account_handle`, `account_url`.",
        examples=[{"name": ".plan-name::text", "price": {"css": ".plan-price", "text": True}}],
    )
    response: str | None = Field(default=None, description=RESPONSE_DESCRIPTION)

    @model_validator(mode="after")
    def _check(self) -> RepeatedSpec:
        if self.each_is == "css":
            _check_css(self.each)
        else:
            _check_jmespath(self.each)
        if self.response is not None:
            check_response(self.response, uses_jmespath=self.each_is == "jmespath")
        return self
