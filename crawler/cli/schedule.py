"""`mimamori schedule`: nightly crawls of site profiles (add, list, remove, run-now, run)."""

from __future__ import annotations

import json
import logging
import sys

import click

from crawler.cli.crawl import parse_vars
from spiders.profile import ProfileError, bundled_profile_names
from storage.config import AppConfig


def _resolve_name(cfg: AppConfig, profile_ref: str, variables: dict[str, str]) -> str:
    from crawler.run import resolve_profiles

    try:
        return resolve_profiles([profile_ref], variables, operator_dir=cfg.profiles_dir)[0].name
    except ProfileError as exc:
        raise click.ClickException(
            f"{exc}\nbundled profiles: {', '.join(bundled_profile_names())}"
        ) from None


@click.group("schedule")
def schedule_group() -> None:
    """Schedule crawls (nightly, or every N seconds) and run the scheduler.

    Jobs are stored in the mimamori database, so add/list/remove work while
    `mimamori schedule run` (or scheduler.py) is running in another process.
    """


@schedule_group.command("add")
@click.argument("profile")
@click.option(
    "--cron", metavar='"M H D MON WDAY"', help='Cron expression, e.g. "0 2 * * *" (02:00 daily).'
)
@click.option(
    "--every", "every_s", type=float, metavar="SECONDS", help="Run every SECONDS instead of a cron."
)
@click.option(
    "--jitter",
    "jitter_s",
    type=click.IntRange(0),
    default=None,
    metavar="SECONDS",
    help="Start up to SECONDS late at random, so crawls do not hit a site at the same second every night.",
)
@click.option(
    "--timezone",
    default=None,
    metavar="TZ",
    help="Timezone of the cron expression (default: this machine's), e.g. Asia/Tokyo.",
)
@click.option(
    "--misfire-grace",
    "misfire_grace_s",
    type=click.IntRange(1),
    default=3600,
    show_default=True,
    metavar="SECONDS",
    help="Still run a trigger missed by at most this much (scheduler down); later ones are skipped.",
)
@click.option(
    "--timeout",
    "timeout_s",
    type=click.FloatRange(1),
    default=None,
    metavar="SECONDS",
    help="Stop a crawl that runs longer than this.",
)
@click.option(
    "--var",
    "variables",
    multiple=True,
    metavar="NAME=VALUE",
    help="Set a ${NAME} used in the profile.",
)
@click.option(
    "--frontier",
    default=None,
    metavar="redis://HOST:PORT/DB",
    help="Distributed: seed this shared frontier and crawl as its local worker "
    "(other machines run `mimamori worker --serve`).",
)
@click.pass_obj
def add_cmd(
    cfg: AppConfig,
    profile: str,
    cron: str | None,
    every_s: float | None,
    jitter_s: int | None,
    timezone: str | None,
    misfire_grace_s: int,
    timeout_s: float | None,
    variables: tuple[str, ...],
    frontier: str | None,
) -> None:
    """Crawl PROFILE on a schedule (replaces an existing schedule of the same profile)."""
    from crawler.schedule.service import (
        ScheduleError,
        ScheduleStore,
        add_profile_job,
        describe_job,
        make_trigger,
    )

    parsed = parse_vars(variables)
    name = _resolve_name(cfg, profile, parsed)
    try:
        trigger = make_trigger(cron=cron, every_s=every_s, jitter_s=jitter_s, timezone=timezone)
    except ScheduleError as exc:
        raise click.ClickException(str(exc)) from None
    with ScheduleStore(cfg) as scheduler:
        job = add_profile_job(
            scheduler,
            cfg,
            profile_ref=profile,
            profile_name=name,
            trigger=trigger,
            variables=parsed,
            misfire_grace_s=misfire_grace_s,
            timeout_s=timeout_s,
            frontier=frontier,
        )
        info = describe_job(job)
    click.echo(f"scheduled {name}: {info['trigger']}; next run {info['next_run']}")
    if job.kwargs.get("frontier_password"):
        from crawler.distributed.frontier_url import FRONTIER_PASSWORD_ENV

        click.echo(
            f"the frontier's password is not stored with the schedule: the scheduler reads it "
            f"from {FRONTIER_PASSWORD_ENV} in its environment (docs/deploy.md)"
        )


@schedule_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def list_cmd(cfg: AppConfig, as_json: bool) -> None:
    """List scheduled crawls and when each runs next."""
    from crawler.schedule.service import ScheduleStore, describe_job

    with ScheduleStore(cfg) as scheduler:
        jobs = [describe_job(job) for job in scheduler.get_jobs()]
    if as_json:
        click.echo(json.dumps(jobs, ensure_ascii=False, indent=2))
        return
    if not jobs:
        click.echo(
            'no scheduled crawls; add one with: mimamori schedule add PROFILE --cron "0 2 * * *"'
        )
        return
    for job in jobs:
        jitter = f", jitter {job['jitter_s']}s" if job["jitter_s"] else ""
        click.echo(f"{job['profile']:24} {job['trigger']}{jitter}  next: {job['next_run']}")


@schedule_group.command("remove")
@click.argument("profile")
@click.pass_obj
def remove_cmd(cfg: AppConfig, profile: str) -> None:
    """Stop crawling PROFILE (its name, as shown by `schedule list`) on a schedule."""
    from crawler.schedule.service import ScheduleStore, remove_profile_job

    with ScheduleStore(cfg) as scheduler:
        removed = remove_profile_job(scheduler, profile)
    if not removed:
        raise click.ClickException(
            f"no scheduled crawl of {profile!r}; see `mimamori schedule list`"
        )
    click.echo(f"removed the schedule of {profile}")


@schedule_group.command("run-now")
@click.argument("profile")
@click.option(
    "--var",
    "variables",
    multiple=True,
    metavar="NAME=VALUE",
    help="Set a ${NAME} used in the profile.",
)
@click.pass_obj
def run_now_cmd(cfg: AppConfig, profile: str, variables: tuple[str, ...]) -> None:
    """Crawl PROFILE now, in its own process, exactly as the scheduler would.

    Uses the scheduled job's settings when PROFILE is scheduled. Skips (exit 2) when
    a crawl of PROFILE is already running; exits 1 when the crawl crashes or is unhealthy.
    """
    from crawler.schedule.jobs import run_profile_job
    from crawler.schedule.service import ScheduleStore, job_id

    with ScheduleStore(cfg) as scheduler:
        job = scheduler.get_job(job_id(profile))
        kwargs = dict(job.kwargs) if job is not None else None
    if kwargs is None:
        parsed = parse_vars(variables)
        kwargs = {
            "profile_ref": profile,
            "profile_name": _resolve_name(cfg, profile, parsed),
            "data_dir": str(cfg.data_dir),
            "db_url": cfg.db_url,
            "variables": parsed,
        }
    elif variables:
        kwargs["variables"] = {**(kwargs.get("variables") or {}), **parse_vars(variables)}
    outcome = run_profile_job(**kwargs)
    click.echo(json.dumps(outcome, ensure_ascii=False, indent=2))
    if outcome["status"] == "skipped":
        sys.exit(2)
    if outcome["status"] in ("crashed", "unhealthy"):
        sys.exit(1)


@schedule_group.command("run")
@click.option(
    "--poll",
    "poll_s",
    type=click.FloatRange(0.1),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="How often to re-read the job table for changes made by other processes.",
)
@click.option(
    "--stop-grace",
    "stop_grace_s",
    type=click.FloatRange(0),
    default=60.0,
    show_default=True,
    metavar="SECONDS",
    help="On SIGTERM, how long running crawls get to close their runs before they are killed.",
)
@click.option(
    "--log-level",
    default="INFO",
    show_default=True,
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]),
)
@click.pass_obj
def run_cmd(cfg: AppConfig, poll_s: float, stop_grace_s: float, log_level: str) -> None:
    """Run the scheduler in the foreground until SIGTERM or Ctrl-C (for systemd: see docs/scheduler.md)."""
    from crawler.schedule.service import run_scheduler

    logging.basicConfig(level=log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(max(logging.INFO, logging.getLevelName(log_level)))
    run_scheduler(cfg, poll_s=poll_s, stop_grace_s=stop_grace_s)


def register(group: click.Group) -> None:
    group.add_command(schedule_group)
