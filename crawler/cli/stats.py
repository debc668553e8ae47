"""`mimamori stats`: what the evidence store holds, for people (a table) and scripts (--json)."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from crawler.flag.judge import OPEN_STATUSES
from storage.cases import person_ids
from storage.config import AppConfig
from storage.db import open_database
from storage.models import Account, Capture, CrawlRun, Flag, Media, Platform, Post


def flagged_accounts(session: Session) -> list[dict[str, Any]]:
    """Every open flag with whom it is about, newest first: what outside checks need without
    reading the database (who is flagged, for which watched people, minor risk or not)."""
    rows = session.execute(
        select(Flag, Account.account_key, Account.handle, Platform.key)
        .join(Account, Account.id == Flag.account_id)
        .join(Platform, Platform.id == Account.platform_id)
        .where(Flag.status.in_(OPEN_STATUSES))
        .order_by(Flag.created_at.desc(), Flag.id.desc())
    ).all()
    return [
        {
            "flag_id": flag.id,
            "account_id": flag.account_id,
            "platform": platform,
            "account_key": account_key,
            "handle": handle,
            "people": sorted(person_ids(flag.people)),
            "minor_risk": bool(flag.minor_risk),
            "status": flag.status,
            "reason": flag.reason,
        }
        for flag, account_key, handle, platform in rows
    ]


def collect_stats(session: Session) -> dict[str, Any]:
    count = lambda stmt: int(session.scalar(stmt) or 0)  # noqa: E731
    platform_names = list(
        session.scalars(
            select(Platform.key)
            .join(Account, Account.platform_id == Platform.id)
            .group_by(Platform.key)
            .order_by(Platform.key)
        )
    )
    per_platform = {
        key: n
        for key, n in session.execute(
            select(Platform.key, func.count(Account.id))
            .join(Account, Account.platform_id == Platform.id)
            .group_by(Platform.key)
        )
    }
    open_flags = (
        select(
            Flag.account_id,
            func.max(Flag.created_at).label("latest"),
            func.max(Flag.id).label("latest_id"),
        )
        .where(Flag.status.in_(OPEN_STATUSES))
        .group_by(Flag.account_id)
        .subquery()
    )
    flagged_ids = list(
        session.scalars(
            select(open_flags.c.account_id).order_by(
                open_flags.c.latest.desc(), open_flags.c.latest_id.desc()
            )
        )
    )
    last_run = session.scalar(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1))
    stats: dict[str, Any] = {
        "accounts": count(select(func.count(Account.id))),
        "posts": count(select(func.count(Post.id))),
        "captures": count(select(func.count(Capture.id))),
        "screenshots": count(select(func.count(Capture.id)).where(Capture.kind == "screenshot")),
        "warc_files": count(
            select(func.count(distinct(Capture.warc_file))).where(Capture.warc_file.is_not(None))
        ),
        "platforms": len(platform_names),
        "platform_names": platform_names,
        "accounts_by_platform": per_platform,
        "media": count(select(func.count(Media.id))),
        "flags": count(select(func.count(Flag.id)).where(Flag.status.in_(OPEN_STATUSES))),
        "flags_total": count(select(func.count(Flag.id))),
        "flagged_account_ids": flagged_ids,
        "flagged_accounts": flagged_accounts(session),
        "minor_risk_flags": count(
            select(func.count(Flag.id)).where(
                Flag.status.in_(OPEN_STATUSES), Flag.minor_risk.is_(True)
            )
        ),
        "crawl_runs": count(select(func.count(CrawlRun.id))),
        "last_run": (
            {
                "id": last_run.id,
                "profile": last_run.profile,
                "status": last_run.status,
                "health_ok": last_run.health_ok,
                "started_at": last_run.started_at.isoformat(),
            }
            if last_run
            else None
        ),
    }
    try:
        from storage.takedown import takedown_summary
    except ImportError:
        pass
    else:
        stats["takedown"] = takedown_summary(session)
    return stats


@click.command("stats")
@click.option("--json", "as_json", is_flag=True, help="One JSON object (for scripts and tests).")
@click.pass_obj
def stats_cmd(cfg: AppConfig, as_json: bool) -> None:
    """Counts of what is stored: accounts, posts, captures, screenshots, WARC files, flags."""
    database = open_database(cfg)
    with database.session() as session:
        stats = collect_stats(session)
    if as_json:
        click.echo(json.dumps(stats, ensure_ascii=False))
        return
    table = Table(title=f"mimamori evidence store ({cfg.data_dir})")
    table.add_column("what")
    table.add_column("count", justify="right")
    for key in (
        "accounts",
        "posts",
        "captures",
        "screenshots",
        "warc_files",
        "media",
        "flags",
        "minor_risk_flags",
        "crawl_runs",
    ):
        table.add_row(key.replace("_", " "), str(stats[key]))
    for key, n in sorted(stats["accounts_by_platform"].items()):
        table.add_row(f"  accounts on {key}", str(n))
    console = Console()
    console.print(table)
    if stats["flagged_account_ids"]:
        shown = ", ".join(str(i) for i in stats["flagged_account_ids"][:20])
        console.print(f"accounts waiting for review (newest first): {shown}")


def register(group: click.Group) -> None:
    group.add_command(stats_cmd)
