"""Which pages a page leads to: its links, its `json_links` through `json_link_template`
(JSON or HTML pages), and the extra requests of its rule's `requests:`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from spiders.extract import extract_many
from spiders.profile import LinkRule, Profile
from spiders.profile.requests import ExtraRequest
from spiders.requests_plan import fill


@dataclass(frozen=True)
class PlannedRequest:
    """One request a page leads to: its URL and its own extra headers, or the names of the
    values it lacks (then it cannot be made)."""

    url: str | None
    headers: dict[str, str] = field(default_factory=dict)
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
            planned.append(PlannedRequest(None, missing=filled.missing))
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


def links_out(
    profile: Profile,
    rule: LinkRule | None,
    *,
    page_url: str,
    sel: Selector | None,
    data: Any,
    url_groups: dict[str, str],
    carried: dict[str, str],
) -> list[PlannedRequest]:
    """Every request a page leads to: `requests:` first, then (when the rule follows) the
    page's links and `json_links` that match a link rule, each once."""
    planned: list[PlannedRequest] = []
    if rule is not None:
        for extra in rule.requests:
            planned += extra_requests(
                extra, page_url=page_url, sel=sel, data=data, url_groups=url_groups, carried=carried
            )
    if rule is not None and not rule.follow:
        return planned
    candidates: list[str] = []
    if sel is not None:
        candidates = [urljoin(page_url, h.strip()) for h in sel.css("a::attr(href)").getall()]
    if rule is not None and rule.json_links is not None:
        # On JSON pages (jmespath) and, since a page id may only be in the HTML, on HTML
        # pages too (css/xpath).
        values = extract_many(rule.json_links, page_url=page_url, sel=sel, data=data)
        found, missing = template_links(
            rule.json_link_template or "{value}", values, page_url=page_url, carried=carried
        )
        candidates += found
        if missing:
            planned.append(PlannedRequest(None, missing=tuple(missing)))
    seen: set[str] = set()
    for link in candidates:
        link = link.split("#", 1)[0]
        if link in seen or urlsplit(link).scheme not in ("http", "https"):
            continue
        seen.add(link)
        if profile.rule_for(link) is not None:
            planned.append(PlannedRequest(link))
    return planned


def url_groups(rule: LinkRule | None, url: str) -> dict[str, str]:
    """The named groups of the rule's pattern in the URL (`from_url` fields read them)."""
    if rule is None:
        return {}
    parts = urlsplit(url)
    match = re.search(rule.pattern, parts.path + ("?" + parts.query if parts.query else ""))
    return {k: v for k, v in (match.groupdict() if match else {}).items() if v is not None}
