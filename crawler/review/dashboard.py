"""Numbers for the dashboard: open flags by platform and status, flags per day, crawl health."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Account, CrawlRun, Flag, Platform, utcnow
from storage.takedown import takedown_summary

OPEN_STATUSES = ("new", "in_review", "needs_analyst", "escalated")
CHART_DAYS = 30


@dataclass
class DayBar:
    day: date
    count: int
    x: int
    y: int
    height: int


@dataclass
class Dashboard:
    by_platform: list[tuple[str, dict[str, int], int]]
    statuses: tuple[str, ...]
    days: list[DayBar]
    chart_max: int
    runs: list[CrawlRun]
    # From storage.takedown: confirmed, exported accounts and whether they are gone.
    takedown: dict[str, Any]


CHART_HEIGHT = 120
BAR_WIDTH = 14
BAR_GAP = 4


def _flags_per_day(session: Session, since: date) -> dict[date, int]:
    if session.get_bind().dialect.name == "postgresql":
        day = func.date(func.timezone("UTC", Flag.created_at))
    else:
        day = func.date(Flag.created_at)
    counts: dict[date, int] = {}
    start = datetime.combine(since, time.min, tzinfo=UTC)
    for value, count in session.execute(
        select(day, func.count()).where(Flag.created_at >= start).group_by(day)
    ):
        key = value if isinstance(value, date) else date.fromisoformat(str(value))
        counts[key] = count
    return counts


def load_dashboard(session: Session, *, include_minor: bool) -> Dashboard:
    query = (
        select(Platform.display_name, Flag.status, func.count())
        .join(Account, Account.id == Flag.account_id)
        .join(Platform, Platform.id == Account.platform_id)
        .where(Flag.status.in_(OPEN_STATUSES))
        .group_by(Platform.display_name, Flag.status)
    )
    if not include_minor:
        query = query.where(Flag.minor_risk.is_(False))
    table: dict[str, dict[str, int]] = {}
    for platform, status, count in session.execute(query):
        table.setdefault(platform, dict.fromkeys(OPEN_STATUSES, 0))[status] = count
    by_platform = sorted(
        ((name, row, sum(row.values())) for name, row in table.items()), key=lambda r: -r[2]
    )
    today = utcnow().date()
    first = today - timedelta(days=CHART_DAYS - 1)
    per_day = _flags_per_day(session, first)
    chart_max = max([*per_day.values(), 1])
    days = []
    for index in range(CHART_DAYS):
        day = first + timedelta(days=index)
        count = per_day.get(day, 0)
        height = round(CHART_HEIGHT * count / chart_max)
        days.append(
            DayBar(
                day=day,
                count=count,
                x=index * (BAR_WIDTH + BAR_GAP),
                y=CHART_HEIGHT - height,
                height=height,
            )
        )
    runs = list(session.scalars(select(CrawlRun).order_by(CrawlRun.started_at.desc()).limit(15)))
    return Dashboard(
        by_platform=by_platform,
        statuses=OPEN_STATUSES,
        days=days,
        chart_max=chart_max,
        runs=runs,
        takedown=takedown_summary(session),
    )
