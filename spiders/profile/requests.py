"""What a profile says about the requests themselves: headers, cookies, values carried from
one page into the next request, extra API calls, and keyword searches.

`${VAR}` is filled when the profile is loaded; `{name}` placeholders are filled at crawl time
from values carried between pages (spiders/requests_plan.py), and `{referer}` is the URL of
the page a request was found on.
"""

from __future__ import annotations

from string import Formatter
from urllib.parse import urlsplit

from pydantic import Field, field_validator

from spiders.profile.base import Strict as _Strict
from spiders.profile.fields import FieldSpec


def placeholder_names(template: str) -> list[str]:
    """The `{name}` placeholders of a template; raises ValueError on a malformed one."""
    try:
        parsed = list(Formatter().parse(template))
    except ValueError as exc:
        raise ValueError(f"bad placeholder in {template!r}: {exc}") from None
    names = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(
                f"bad placeholder {{{name}}} in {template!r}: use {{name}} with a carried value's "
                "name (letters, digits, _), or {{ and }} for literal braces"
            )
        names.append(name)
    return names


def _check_templates(values: dict[str, str]) -> dict[str, str]:
    for value in values.values():
        placeholder_names(value)
    return values


class RequestSpec(_Strict):
    """Headers and cookies sent with requests. At profile level: with every request of the
    profile; on a link rule: with requests TO pages of that rule, merged over the profile's."""

    headers: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "HTTP headers, e.g. `{Accept-Language: ja, X-CSRF-Token: '{csrf}', Referer: "
            "'{referer}'}`. `{name}` is a carried value (see `carry`), `{referer}` the URL of "
            "the page the request was found on. A header whose value is missing is left out "
            "and the page problem names the missing value."
        ),
    )
    cookies: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "Cookies to send, e.g. `{adult_check: '1'}`. They join the crawl's cookie jar for "
            "that site, which also keeps the cookies the server sets (even on a 429 answer)."
        ),
    )

    @field_validator("headers", "cookies")
    @classmethod
    def _placeholders(cls, value: dict[str, str]) -> dict[str, str]:
        return _check_templates(value)

    def merged_over(self, base: RequestSpec | None) -> RequestSpec:
        """This spec's headers and cookies win over the base's (header names case-insensitive)."""
        if base is None:
            return self
        mine = {name.lower() for name in self.headers}
        headers = {k: v for k, v in base.headers.items() if k.lower() not in mine}
        headers.update(self.headers)
        return RequestSpec(headers=headers, cookies={**base.cookies, **self.cookies})


class ExtraRequest(_Strict):
    """One more request made FROM pages of a link rule (an API call an HTML page would make)."""

    url: str = Field(
        description=(
            "URL template, relative to the page: `/api/v1/fanclubs/{fanclub_id}/posts?page=1`. "
            "`{name}` is a carried value or a named group of this rule's pattern; `{value}` is "
            "each of `values`."
        )
    )
    values: FieldSpec | None = Field(
        default=None,
        description=(
            "Optional: one request per value this selects on the page (css/xpath on HTML, "
            "jmespath on JSON); each fills `{value}` in `url`."
        ),
    )
    headers: dict[str, str] = Field(
        default_factory=dict,
        description="Extra headers for these requests only (placeholders as in `request.headers`).",
    )

    @field_validator("url")
    @classmethod
    def _url_placeholders(cls, value: str) -> str:
        placeholder_names(value)
        return value

    @field_validator("headers")
    @classmethod
    def _placeholders(cls, value: dict[str, str]) -> dict[str, str]:
        return _check_templates(value)


class SearchSpec(_Strict):
    """Search-driven platforms (flea markets): one start request per keyword."""

    url: str = Field(
        description=(
            "Search URL with `{keyword}`, e.g. "
            "`https://flea.example/search?keyword={keyword}&status=on_sale`; the keyword is "
            "URL-encoded. The results page is matched by `links:` like any page (usually kind "
            "`listing`), and its pagination follows from there."
        )
    )
    keywords: list[str] = Field(
        min_length=1,
        description=(
            "Keywords to search, `${VAR}`s allowed (e.g. `['AI 画像 依頼', '${EXTRA_KEYWORD}']`); "
            "blank ones are skipped."
        ),
    )

    @field_validator("url")
    @classmethod
    def _keyword_placeholder(cls, value: str) -> str:
        if placeholder_names(value) != ["keyword"]:
            raise ValueError(f"search.url {value!r} must contain `{{keyword}}` exactly once")
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"search.url {value!r} must be an absolute http(s) URL")
        return value
