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
    if not report.pages:
        why = (
            "the problems above say why"
            if report.problems
            else "check the start URLs, `allowed_domains` and that the start URLs match a "
            "rule in `links`"
        )
        click.echo(f"no page could be read: {why}", err=True)
        sys.exit(1)
    unread = _kinds_not_read(profile, report.pages)
    if not as_json:
        _print_summary(report.pages, unread, len(report.problems))
    if unread and report.problems:
        sys.exit(1)  # a kind of page the profile reads was never reached, and fetches failed


def _print_pages(pages: list) -> None:
    for number, page in enumerate(pages, 1):
        click.echo(f"\npage {number}  {page.kind}  {page.url}")
        if page.kind == "(no rule)":
            click.echo("  no rule in `links` matches this URL: nothing is read from it")
        width = max((len(f.name) for f in page.fields), default=0)
        for result in page.fields:
            value = "EMPTY  <- no value" if result.empty else result.value
            click.echo(f"  {result.name.ljust(width)}  {value}")


def _kinds_not_read(profile: Profile, pages: list) -> list[str]:
    """Kinds of page the profile extracts from that no page checked was: their fields were
    not tested at all (a request that fails, or a link rule that never matches)."""
    read = {page.kind for page in pages}
    declared = {rule.kind for rule in profile.links if rule.kind != "listing"}
    return sorted(declared - read)


def _print_summary(pages: list, unread: list[str], problems: int) -> None:
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
    for kind in unread:
        click.echo(
            f"NOT CHECKED: no `{kind}` page was read, so its fields were not tested"
            + (f" (see the {problems} problem(s) above)" if problems else "")
        )
    if not always_empty and not unread:
        click.echo(f"{len(pages)} pages read; every field found a value on some page")
