"""`mimamori crawl`: crawl one or more site profiles into the evidence store."""

from __future__ import annotations

import json
import sys
from typing import Any

import click
from rich.console import Console

from crawler.progress import summary_table
from spiders.profile import ProfileError, bundled_profile_names
from storage.config import AppConfig


def parse_vars(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for value in values:
        name, sep, val = value.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{value!r} is not NAME=VALUE", param_hint="--var")
        out[name] = val
    return out


@click.command("crawl")
@click.argument("profiles", nargs=-1, required=True, metavar="PROFILE...")
@click.option(
    "--var",
    "variables",
    multiple=True,
    metavar="NAME=VALUE",
    help="Set a ${NAME} used in profiles.",
)
@click.option(
    "--log-level",
    default="WARNING",
    show_default=True,
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]),
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the run summaries as JSON instead of a table."
)
@click.option("--no-progress", is_flag=True, help="No live progress display.")
@click.option("--triggered-by", default="cli", hidden=True)
@click.option(
    "--frontier",
    default=None,
    metavar="redis://HOST:PORT/DB",
    help="Distributed: seed the start URLs into this shared frontier and work as one of its "
    "workers (others join with `mimamori worker`).",
)
@click.option("--worker-id", default=None, hidden=True)
@click.option("--lease", "lease_s", default=60.0, hidden=True)
@click.pass_obj
def crawl_cmd(
    cfg: AppConfig,
    profiles: tuple[str, ...],
    variables: tuple[str, ...],
    log_level: str,
    as_json: bool,
    no_progress: bool,
    triggered_by: str,
    frontier: str | None,
    worker_id: str | None,
    lease_s: float,
) -> None:
    """Crawl PROFILE... (YAML files, or names of bundled profiles) and keep evidence of every page.

    Every response goes into a WARC file in the data dir, browser-rendered pages also get
    their rendered DOM and a blurred full-page screenshot, and accounts and posts are stored,
    judged and flagged for review. Exits 1 when a crawl fails its health check.
    """
    from crawler.run import CrawlBusyError, resolve_profiles, run_crawls

    if frontier:
        from crawler.cli.worker import run_distributed

        dicts = run_distributed(
            cfg,
            list(profiles),
            parse_vars(variables),
            frontier,
            seed=True,
            worker_id=worker_id,
            lease_s=lease_s,
            log_level=log_level,
            show_progress=not no_progress,
            triggered_by=triggered_by,
        )
        _report(dicts, as_json)
        return
    try:
        resolved = resolve_profiles(
            list(profiles), parse_vars(variables), operator_dir=cfg.profiles_dir
        )
    except ProfileError as exc:
        hint = f"\nbundled profiles: {', '.join(bundled_profile_names())}"
        raise click.ClickException(f"{exc}{hint}") from None
    _warn_without_watchlist(cfg)
    try:
        results = run_crawls(
            cfg,
            resolved,
            log_level=log_level,
            show_progress=not no_progress,
            triggered_by=triggered_by,
        )
    except CrawlBusyError as exc:
        # Not a broken profile: another crawl of it is running now. Exit 2 means "skipped".
        click.echo(f"skipped: {exc}", err=True)
        sys.exit(2)
    _report([r.as_dict() for r in results], as_json)


def _report(results: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        Console().print(summary_table(results))
    if any(r["problems"] for r in results):
        sys.exit(1)


def _warn_without_watchlist(cfg: AppConfig) -> None:
    """Said before the crawl starts, so the operator can stop it and load the watchlist."""
    from crawler.detect_runtime import missing_watchlist_warning
    from storage.db import open_database

    database = open_database(cfg)
    try:
        warning = missing_watchlist_warning(database)
    finally:
        database.dispose()
    if warning:
        click.secho(f"warning: {warning}", fg="yellow", err=True)


def register(group: click.Group) -> None:
    group.add_command(crawl_cmd)
