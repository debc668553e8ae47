"""Building the spider's requests: headers and cookies from the profile and the link rule,
and `{name}` placeholders filled from values carried between pages (docs/architecture.md,
"Crawl engine": the spider only asks, the engine's cookie jar and retries do the rest).
Which pages a page leads to is spiders/links_out.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from string import Formatter
from typing import Any

from parsel import Selector

from spiders.extract import extract_field
from spiders.profile import LinkRule, Profile
from spiders.profile.requests import RequestSpec

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
        found = str(found).strip() if found is not None else ""
        # A page could smuggle a header line in through a carried value; such a value is not
        # carried (the request then reports it missing).
        if found and not any(ch in found for ch in "\r\n\0"):
            values[name] = found
    return values
