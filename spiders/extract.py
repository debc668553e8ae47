"""Evaluate a profile's field specs against an HTML page (parsel) or a JSON document (JMESPath)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

import jmespath
from parsel import Selector

from spiders import xpaths
from spiders.api_json import ReceivedBodies
from spiders.profile import FieldSpec, RepeatedSpec

_SPACES = re.compile(r"\s+")


def _normalise_text(value: str) -> str:
    return _SPACES.sub(" ", value).strip()


def _html_values(spec: FieldSpec, sel: Selector) -> list[str]:
    found = xpaths.select(sel, spec.css, spec.xpath)
    if found is not None:
        if spec.text:
            return [_normalise_text(" ".join(parts)) for parts in xpaths.texts(found)]
        return [v.strip() for v in xpaths.values(found)]
    nodes = sel.css(spec.css) if spec.css is not None else sel.xpath(spec.xpath or "")
    if spec.text:
        # All descendant text, with block boundaries kept as spaces (not glued together).
        return [_normalise_text(" ".join(n.xpath(".//text()").getall())) for n in nodes]
    return [v.strip() for v in nodes.getall()]


def _json_values(spec: FieldSpec, data: Any) -> list[str]:
    found = jmespath.search(spec.jmespath or "", data)
    if found is None:
        return []
    items = found if isinstance(found, list) else [found]
    return [str(v) if not isinstance(v, str) else v for v in items if v is not None]


def field_values(
    spec: FieldSpec,
    *,
    page_url: str,
    sel: Selector | None = None,
    data: Any = None,
    url_groups: dict[str, str] | None = None,
    responses: ReceivedBodies | None = None,
) -> list[str]:
    """Every value a spec selects, whether or not it says `many`.

    A spec with `response:` reads the JSON the rendered page received (`responses`)."""
    if spec.response is not None:
        data = responses.json_for(spec.response) if responses is not None else None
    if spec.const is not None:
        values = [spec.const]
    elif spec.from_url is not None:
        group = (url_groups or {}).get(spec.from_url)
        values = [group] if group else []
    elif spec.jmespath is not None:
        values = _json_values(spec, data) if data is not None else []
    else:
        values = _html_values(spec, sel) if sel is not None else []
    if spec.re is not None:
        pattern = re.compile(spec.re)
        kept = []
        for value in values:
            match = pattern.search(value)
            if match:
                kept.append(match.group(1) if match.groups() else match.group(0))
        values = kept
    # An optional group that took no part in the match is None: no value, like "".
    values = [v for v in values if v]
    if spec.url:
        values = [urljoin(page_url, v) for v in values]
    return values


def extract_field(spec: FieldSpec | None, **kwargs: Any) -> Any:
    """The value a spec selects: a string (or a list with `many`), or None when absent."""
    if spec is None:
        return None
    values = field_values(spec, **kwargs)
    if spec.many:
        return values
    return values[0] if values else None


def extract_many(spec: FieldSpec | None, **kwargs: Any) -> list[str]:
    """Every value a spec selects, whether or not it says `many`."""
    return [] if spec is None else field_values(spec, **kwargs)


def repeated_blocks(
    spec: RepeatedSpec,
    *,
    sel: Selector | None = None,
    data: Any = None,
    responses: ReceivedBodies | None = None,
) -> list[Any]:
    """The blocks a repeated spec selects: sub-selectors for HTML, objects for JSON."""
    if spec.response is not None:
        data = responses.json_for(spec.response) if responses is not None else None
    if spec.each_is == "jmespath":
        found = jmespath.search(spec.each, data) if data is not None else None
        return found if isinstance(found, list) else []
    return list(sel.css(spec.each)) if sel is not None else []


def extract_block(
    spec: RepeatedSpec,
    block: Any,
    *,
    page_url: str,
    url_groups: dict[str, str] | None = None,
    responses: ReceivedBodies | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    where: dict[str, Any] = {"data": block} if spec.each_is == "jmespath" else {"sel": block}
    for name, field in spec.fields.items():
        out[name] = extract_field(
            field, page_url=page_url, url_groups=url_groups, responses=responses, **where
        )
    return out
