"""`mimamori alerts preview|send`: see or send the digest the scheduler sends after a run."""

from __future__ import annotations

import os
import sys

import click

from storage.config import AppConfig

RUN_OPTION_HELP = "Run id to report (repeatable; default: the newest run that has ended)."


@click.group("alerts")
def alerts_group() -> None:
    """The digest analysts get after each scheduled run: new flags (accounts that may involve
    minors counted, never named), re-queued accounts, takedowns and failed health checks,
    as counts, platform names and links to the review app, by e-mail and chat webhooks.

    Configured in DATA_DIR/alerts.toml; secrets come from environment variables named there
    as ${NAME}. See docs/alerts.md."""


def _load(cfg: AppConfig):  # type: ignore[no-untyped-def]
    from crawler.alerts.config import EXAMPLE, AlertsConfigError, load_alerts_config

    try:
        config = load_alerts_config(cfg.alerts_file)
    except AlertsConfigError as exc:
        raise click.ClickException(str(exc)) from None
    if config is None:
        raise click.ClickException(
            f"no alerts are configured: {cfg.alerts_file} does not exist. Write it, e.g.:\n\n"
            + EXAMPLE
        )
    return config


def _run_ids(database, runs: tuple[int, ...]) -> list[int]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from crawler.alerts.digest import last_run_id
    from storage.models import CrawlRun

    with database.session() as session:
        if not runs:
            last = last_run_id(session)
            if last is None:
                raise click.ClickException("no crawl run has ended yet; nothing to report")
            return [last]
        known = set(session.scalars(select(CrawlRun.id).where(CrawlRun.id.in_(runs))))
    unknown = sorted(set(runs) - known)
    if unknown:
        raise click.ClickException(
            f"no run with id {', '.join(map(str, unknown))} (see `mimamori runs`)"
        )
    return sorted(set(runs))


@alerts_group.command("preview")
@click.option("--run", "runs", type=int, multiple=True, metavar="ID", help=RUN_OPTION_HELP)
@click.pass_obj
def preview_cmd(cfg: AppConfig, runs: tuple[int, ...]) -> None:
    """Print the digest for a run and where it would go, without sending anything."""
    from dataclasses import replace

    from crawler.alerts.notify import compose
    from storage.db import open_database

    config = _load(cfg)
    database = open_database(cfg)
    try:
        run_ids = _run_ids(database, runs)
        message = compose(database, replace(config, send_when="always"), run_ids)
        assert message is not None
    finally:
        database.dispose()
    click.echo(f"Subject: {message.title}\n\n{message.body}\n")
    click.echo(f"Would be sent to ({config.path}):", err=True)
    for target in config.targets:
        missing = [name for name in target.variables if not os.environ.get(name)]
        note = f"  MISSING environment: {', '.join(missing)}" if missing else ""
        click.echo(f"  {target.name}  [{target.scheme}]{note}", err=True)
    if config.send_when == "news":
        click.echo('  (send_when = "news": runs with nothing to report send nothing)', err=True)


@alerts_group.command("send")
@click.option("--run", "runs", type=int, multiple=True, metavar="ID", help=RUN_OPTION_HELP)
@click.pass_obj
def send_cmd(cfg: AppConfig, runs: tuple[int, ...]) -> None:
    """Send the digest for a run to every target now (a test of the set-up, or a re-send).

    Each delivery is recorded on the run (`mimamori runs --json`, stats.alerts). Exits 1
    when a target could not be reached."""
    from dataclasses import replace

    from crawler.alerts.notify import send_digest
    from storage.db import open_database

    config = _load(cfg)
    database = open_database(cfg)
    try:
        run_ids = _run_ids(database, runs)
        deliveries = send_digest(database, replace(config, send_when="always"), run_ids)
    finally:
        database.dispose()
    for delivery in deliveries:
        state = "sent" if delivery.ok else f"FAILED: {delivery.error}"
        click.echo(f"{delivery.target}: {state}")
    if not all(d.ok for d in deliveries):
        sys.exit(1)


def register(group: click.Group) -> None:
    group.add_command(alerts_group)
