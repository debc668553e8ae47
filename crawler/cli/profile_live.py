"""The table `mimamori profile check FILE --live` prints: per page, what each field got."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from dataclasses import asdict

import click

from spiders.profile import Profile


def run_live_check(profile: Profile, *, pages: int, as_json: bool) -> None:
    from crawler.profile_check import live_check

    if not as_json:
        click.echo(f"fetching up to {pages} pages of {profile.name} (nothing is stored) …")
    report = live_check(profile, max_pages=pages)
    if as_json:
        payload = {"pages": [asdict(p) for p in report.pages], "problems": report.problems}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        _print_pages(report.pages)
        for problem in report.problems:
            click.echo(f"problem: {problem}")
        _print_summary(report.pages)
    if not report.pages:
        click.echo(
            "no page could be read: check the start URLs, `allowed_domains` and that the "
            "start URLs match a rule in `links`",
            err=True,
        )
        sys.exit(1)


def _print_pages(pages: list) -> None:
    for number, page in enumerate(pages, 1):
        click.echo(f"\npage {number}  {page.kind}  {page.url}")
        if page.kind == "(no rule)":
            click.echo("  no rule in `links` matches this URL: nothing is read from it")
        width = max((len(f.name) for f in page.fields), default=0)
        for result in page.fields:
            value = "EMPTY  <- no value" if result.empty else result.value
            click.echo(f"  {result.name.ljust(width)}  {value}")


def _print_summary(pages: list) -> None:
    """Fields empty on every page of their kind: the selectors to look at first."""
    seen: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for page in pages:
        for result in page.fields:
            seen[(page.kind, result.name)].append(result.empty)
    always_empty = [
        f"{name} (on {len(flags)} {kind} page{'s' if len(flags) > 1 else ''})"
        for (kind, name), flags in seen.items()
        if all(flags)
    ]
    click.echo("")
    if always_empty:
        click.echo("empty on every page checked (fix these selectors first):")
        for line in always_empty:
            click.echo(f"  {line}")
    else:
        click.echo(f"{len(pages)} pages read; every field found a value on some page")
