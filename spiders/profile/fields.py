"""Reading one value, or a repeated block of values, out of a page (HTML or JSON)."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, model_validator

from spiders.profile.base import Strict as _Strict
from spiders.profile.browser import RESPONSE_DESCRIPTION, check_response


class FieldSpec(_Strict):
    """How to pull one value out of a page. A plain string is a CSS selector."""

    css: str | None = None
    xpath: str | None = None
    jmespath: str | None = None
    # Keep only what the first group (or the whole match) of this regex captures.
    re: str | None = None
    # Collect every match (a list) instead of the first one.
    many: bool = False
    # Take all descendant text of the selected elements, whitespace-normalised.
    text: bool = False
    # Resolve the value against the page URL (for hrefs and srcs).
    url: bool = False
    # Take the value from a named group of the link rule's pattern (e.g. the handle in the URL).
    from_url: str | None = None
    const: str | None = None
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
    """A repeated block (plans on an account page, posts in a timeline) and its fields."""

    each: str
    # css (HTML pages) or jmespath (JSON pages) selecting each block
    each_is: Literal["css", "jmespath"] = "css"
    fields: dict[str, FieldSpec]
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
