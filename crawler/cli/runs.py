"""`mimamori runs`: recent crawl runs and their health."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from storage.config import AppConfig


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def recent_runs(cfg: AppConfig, limit: int, profile: str | None = None) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from storage.db import open_database
    from storage.models import CrawlRun

    database = open_database(cfg)
    try:
        with database.session() as session:
            query = select(CrawlRun).order_by(CrawlRun.id.desc()).limit(limit)
            if profile:
                query = query.where(CrawlRun.profile == profile)
            return [
                {
                    "id": run.id,
                    "profile": run.profile,
                    "status": run.status,
                    "triggered_by": run.triggered_by,
                    "started_at": _iso(run.started_at),
                    "finished_at": _iso(run.finished_at),
                    "finish_reason": run.finish_reason,
                    "health_ok": run.health_ok,
                    "health_messages": list(run.health_messages or []),
                    "stats": dict(run.stats or {}),
                }
                for run in session.scalars(query)
            ]
    finally:
        database.dispose()


def _health(run: dict[str, Any]) -> str:
    if run["status"] == "running":
        return "[yellow]running[/]"
    if run["health_ok"]:
        return "[green]ok[/]"
    return "[bold red]FAILED[/]"


@click.command("runs")
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON (with full stats) instead of a table."
)
@click.option(
    "--limit", default=20, show_default=True, type=click.IntRange(1), help="How many runs."
)
@click.option("--profile", default=None, help="Only runs of this profile.")
@click.pass_obj
def runs_cmd(cfg: AppConfig, as_json: bool, limit: int, profile: str | None) -> None:
    """Recent crawl runs, newest first, with their stats and health check.

    A run fails its health check when its profile extracted too few accounts (the
    selectors may have broken), when errors pass the profile's ratio, when it
    finished early, or when its process crashed. Exits 1 if the newest run of any
    listed profile is unhealthy, so a cron job or monitor can alert on it.
    """
    runs = recent_runs(cfg, limit, profile)
    if as_json:
        click.echo(json.dumps(runs, ensure_ascii=False, indent=2))
    else:
        if not runs:
            click.echo("no crawl runs yet; start one with `mimamori crawl PROFILE`")
            return
        table = Table(title="crawl runs")
        table.add_column("run", justify="right")
        table.add_column("profile", no_wrap=True, min_width=12)
        table.add_column("by")
        table.add_column("started UTC", no_wrap=True)
        table.add_column("took", justify="right")
        table.add_column("pages", justify="right")
        table.add_column("accts", justify="right")
        table.add_column("errs", justify="right")
        table.add_column("flags", justify="right")
        table.add_column("health", no_wrap=True)
        for run in runs:
            stats = run["stats"]
            errors = sum(int(v) for v in (stats.get("errors") or {}).values())
            table.add_row(
                str(run["id"]),
                run["profile"],
                run["triggered_by"],
                (run["started_at"] or "")[5:16].replace("T", " "),
                f"{stats['duration_s']:.0f}s" if "duration_s" in stats else "-",
                str(stats.get("pages", "-")),
                str(stats.get("accounts", "-")),
                str(errors),
                str(stats.get("new_flags", "-")),
                _health(run),
            )
        console = Console()
        console.print(table)
        _print_workers(console, runs)
        # The reasons in full below the table: a narrow terminal would cut them off inside it.
        for run in runs:
            if run["status"] != "running" and run["health_ok"] is False:
                for message in run["health_messages"] or [run["status"]]:
                    console.print(
                        f"[bold red]run {run['id']} ({run['profile']}):[/] {message}",
                        markup=True,
                        highlight=False,
                    )
    newest: dict[str, dict[str, Any]] = {}
    for run in runs:
        newest.setdefault(run["profile"], run)
    if any(r["status"] != "running" and r["health_ok"] is False for r in newest.values()):
        raise SystemExit(1)


def _print_workers(console: Console, runs: list[dict[str, Any]]) -> None:
    """A distributed run's workers, one line each (docs/deploy.md)."""
    for run in runs:
        workers = run["stats"].get("workers") or {}
        for name, numbers in workers.items():
            console.print(
                f"run {run['id']} worker {name}: {numbers.get('pages', 0)} pages, "
                f"{numbers.get('captures', 0)} captures, {numbers.get('finish_reason', '-')}",
                markup=False,
                highlight=False,
            )
        for name in run["stats"].get("workers_lost") or []:
            console.print(
                f"run {run['id']} worker {name}: stopped answering; its requests were re-queued",
                markup=False,
                highlight=False,
            )


def register(group: click.Group) -> None:
    group.add_command(runs_cmd)
