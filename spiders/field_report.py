"""What every selector of a profile extracts from one page, empty ones included.

`mimamori profile check FILE --live` shows this per page so that a selector that stopped
matching is seen at once. It reads the page with the same evaluators the spider uses
(spiders/extract.py) and walks the page's section of the profile generically: a FieldSpec,
a repeated block or a map of FieldSpecs added to a section later is reported too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from parsel import Selector

from spiders.extract import extract_block, extract_field, repeated_blocks
from spiders.profile import FieldSpec, LinkRule, Profile, RepeatedSpec
from spiders.profile.paths import documented_fields

MAX_SHOWN = 70


@dataclass(frozen=True)
class FieldResult:
    """One selector's outcome: `value` is what an operator reads; `empty` marks no value."""

    name: str
    value: str
    empty: bool


@dataclass
class PageReport:
    url: str
    kind: str
    fields: list[FieldResult] = field(default_factory=list)

    @property
    def empty_fields(self) -> list[str]:
        return [f.name for f in self.fields if f.empty]


def shown(value: Any) -> tuple[str, bool]:
    """A value as one short line, and whether it is empty."""
    if value is None or value == "" or value == []:
        return "(empty)", True
    if isinstance(value, list):
        first, _ = shown(value[0])
        count = f"{len(value)} values" if len(value) > 1 else "1 value"
        return f"{count}: {first}", False
    text = " ".join(str(value).split())
    return (text[: MAX_SHOWN - 1] + "…" if len(text) > MAX_SHOWN else text), False


def _section_of(profile: Profile, kind: str) -> Any:
    return {"account": profile.account, "post": profile.post, "posts": profile.post_list}.get(kind)


def _block_results(
    name: str, spec: RepeatedSpec, *, url: str, sel: Any, data: Any, groups: dict[str, str]
) -> Iterator[FieldResult]:
    blocks = repeated_blocks(spec, sel=sel, data=data)
    yield FieldResult(f"{name} (blocks)", str(len(blocks)) if blocks else "(none)", not blocks)
    if not blocks:
        return
    values = extract_block(spec, blocks[0], page_url=url, url_groups=groups)
    for key in spec.fields:
        text, empty = shown(values.get(key))
        yield FieldResult(f"{name}[0].{key}", text, empty)


def _results(
    prefix: str, section: Any, *, url: str, sel: Any, data: Any, groups: dict[str, str]
) -> Iterator[FieldResult]:
    """Every FieldSpec, repeated block and map of FieldSpecs set in `section`."""
    if isinstance(section, RepeatedSpec):
        yield from _block_results(prefix, section, url=url, sel=sel, data=data, groups=groups)
        return
    kw = {"page_url": url, "sel": sel, "data": data, "url_groups": groups}
    for key, _ in documented_fields(type(section)):
        value = getattr(section, _attribute(type(section), key))
        name = f"{prefix}.{key}"
        if isinstance(value, FieldSpec):
            yield FieldResult(name, *shown(extract_field(value, **kw)))
        elif isinstance(value, RepeatedSpec):
            yield from _block_results(name, value, url=url, sel=sel, data=data, groups=groups)
        elif (
            isinstance(value, dict)
            and value
            and all(isinstance(v, FieldSpec) for v in value.values())
        ):
            for sub, spec in value.items():
                yield FieldResult(f"{name}.{sub}", *shown(extract_field(spec, **kw)))


def _attribute(model: type, key: str) -> str:
    for name, info in model.model_fields.items():  # type: ignore[attr-defined]
        if (info.alias or name) == key:
            return name
    return key


def page_report(
    profile: Profile,
    rule: LinkRule | None,
    url: str,
    *,
    sel: Selector | None,
    data: Any,
    groups: dict[str, str],
) -> PageReport:
    """What the profile's selectors for this page's kind extract from it."""
    if rule is None:
        return PageReport(url, "(no rule)")
    report = PageReport(url, rule.kind)
    kw = {"url": url, "sel": sel, "data": data, "groups": groups}
    section = _section_of(profile, rule.kind)
    if section is not None:
        report.fields.extend(_results(rule.kind, section, **kw))
    # The rule's own selectors (json_links, and whatever link rules gain later).
    report.fields.extend(_results("links", rule, **kw))
    return report
