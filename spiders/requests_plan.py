"""Building the spider's requests: headers and cookies from the profile and the link rule,
`{name}` placeholders filled from values carried between pages, and the extra requests
(`requests:`) a page makes (docs/architecture.md, "Crawl engine": the spider only asks, the
engine's cookie jar and retries do the rest).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from string import Formatter
from typing import Any
from urllib.parse import urljoin

from parsel import Selector

from spiders.extract import extract_field, extract_many
from spiders.profile import LinkRule, Profile
from spiders.profile.requests import ExtraRequest, RequestSpec

# Values carried from earlier pages ({name} → value), on the request and its response.
CARRY_META = "mimamori_carry"
REFERER_VALUE = "referer"


@dataclass(frozen=True)
class Filled:
    """A template with its placeholders filled, and the names that had no value."""

    text: str
    missing: tuple[str, ...] = ()


def fill(template: str, values: dict[str, str]) -> Filled:
    """Fill `{name}` placeholders; a name without a value is reported, not guessed."""
    out: list[str] = []
    missing: list[str] = []
    for literal, name, _spec, _conversion in Formatter().parse(template):
        out.append(literal)
        if name is None:
            continue
        value = values.get(name)
        if value is None or value == "":
            missing.append(name)
        else:
            out.append(str(value))
    return Filled("".join(out), tuple(missing))


@dataclass
class RequestParts:
    """Headers and cookies ready for a Scrapy Request, and the values that were missing."""

    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


def request_spec_for(profile: Profile, rule: LinkRule | None) -> RequestSpec | None:
    """The rule's request spec merged over the profile's (either may be absent)."""
    if rule is not None and rule.request is not None:
        return rule.request.merged_over(profile.request)
    return profile.request


def request_parts(
    spec: RequestSpec | None,
    *,
    carried: dict[str, str],
    referer: str | None,
    extra_headers: dict[str, str] | None = None,
) -> RequestParts:
    """Headers/cookies with placeholders filled. A header or cookie whose value is missing is
    left out (sending `X-CSRF-Token: ` would only earn a 403 that hides the real cause)."""
    values = dict(carried)
    if referer:
        values[REFERER_VALUE] = referer
    parts = RequestParts()
    base = spec or RequestSpec()
    if extra_headers:
        base = RequestSpec(headers=extra_headers).merged_over(base)
    headers, cookies = base.headers, base.cookies
    for target, source in ((parts.headers, headers), (parts.cookies, cookies)):
        for name, template in source.items():
            filled = fill(template, values)
            if filled.missing:
                parts.missing.extend(m for m in filled.missing if m not in parts.missing)
                continue
            target[name] = filled.text
    return parts


def carried_values(
    rule: LinkRule | None,
    inherited: dict[str, str],
    *,
    page_url: str,
    sel: Selector | None,
    data: Any,
    url_groups: dict[str, str],
) -> dict[str, str]:
    """What travels on from this page: the values it inherited, updated with the ones its rule
    reads here (a value this page does not have keeps the inherited one)."""
    values = dict(inherited)
    if rule is None:
        return values
    for name, spec in rule.carry.items():
        found = extract_field(spec, page_url=page_url, sel=sel, data=data, url_groups=url_groups)
        if isinstance(found, list):
            found = found[0] if found else None
        if found:
            values[name] = str(found)
    return values


@dataclass(frozen=True)
class PlannedRequest:
    """One extra request a page makes: its URL, its own headers, or why it cannot be made."""

    url: str | None
    headers: dict[str, str]
    missing: tuple[str, ...] = ()


def extra_requests(
    extra: ExtraRequest,
    *,
    page_url: str,
    sel: Selector | None,
    data: Any,
    url_groups: dict[str, str],
    carried: dict[str, str],
) -> list[PlannedRequest]:
    """The requests one `requests:` entry makes from a page: one, or one per `values` value.
    The page's own URL groups fill placeholders too, below carried values."""
    values = {**url_groups, **carried}
    if extra.values is None:
        choices: list[str | None] = [None]
    else:
        choices = list(
            extract_many(extra.values, page_url=page_url, sel=sel, data=data, url_groups=url_groups)
        )
    planned = []
    for choice in choices:
        filled = fill(extra.url, values if choice is None else {**values, "value": choice})
        if filled.missing:
            planned.append(PlannedRequest(None, {}, filled.missing))
            continue
        planned.append(PlannedRequest(urljoin(page_url, filled.text), dict(extra.headers)))
    return planned


def template_links(
    template: str, found: list[str], *, page_url: str, carried: dict[str, str]
) -> tuple[list[str], list[str]]:
    """`json_link_template` applied to each value found: (URLs, names that had no value)."""
    links: list[str] = []
    missing: list[str] = []
    for value in found:
        filled = fill(template, {**carried, "value": value})
        if filled.missing:
            missing.extend(m for m in filled.missing if m not in missing)
            continue
        links.append(urljoin(page_url, filled.text))
    return links, missing
