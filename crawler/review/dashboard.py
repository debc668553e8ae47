"""Numbers for the dashboard: open flags by platform and status, flags per Japanese day,
crawl health and takedowns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crawler.review.day_chart import DayChart, day_chart
from crawler.review.i18n import N_, _, current_locale
from crawler.review.web import JST
from storage.models import Account, CrawlRun, Flag, Platform, utcnow
from storage.takedown import takedown_summary

OPEN_STATUSES = ("new", "in_review", "needs_analyst", "escalated")
CHART_DAYS = 30
JST_OFFSET = timedelta(hours=9)
# A crawl run's stored status in plain words (stored ids stay as they are).
RUN_STATUS_LABELS = {
    "running": N_("running"),
    "finished": N_("finished"),
    "failed": N_("failed"),
    "crashed": N_("stopped unexpectedly"),
}


@dataclass
class Dashboard:
    by_platform: list[tuple[str, dict[str, int], int]]
    statuses: tuple[str, ...]
    chart: DayChart
    runs: list[CrawlRun]
    # From storage.takedown: confirmed, exported accounts and whether they are gone.
    takedown: dict[str, Any]

    @staticmethod
    def run_status(status: str) -> str:
        return _(RUN_STATUS_LABELS[status]) if status in RUN_STATUS_LABELS else status


def japan_today() -> date:
    return utcnow().astimezone(JST).date()


def _flags_per_day(session: Session, since: date) -> dict[date, int]:
    """Flags counted by the Japanese calendar day they were raised on (reviewers' days).
    Japan keeps no summer time, so the day is the UTC time plus nine hours."""
    if session.get_bind().dialect.name == "postgresql":
        day = func.date(func.timezone("UTC", Flag.created_at) + JST_OFFSET)
    else:
        day = func.date(Flag.created_at, "+9 hours")
    counts: dict[date, int] = {}
    start = datetime.combine(since, time.min, tzinfo=JST)
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
    today = japan_today()
    per_day = _flags_per_day(session, today - timedelta(days=CHART_DAYS - 1))
    chart = day_chart(per_day, last=today, days=CHART_DAYS, locale=current_locale())
    runs = list(session.scalars(select(CrawlRun).order_by(CrawlRun.started_at.desc()).limit(15)))
    return Dashboard(
        by_platform=by_platform,
        statuses=OPEN_STATUSES,
        chart=chart,
        runs=runs,
        takedown=_with_times(takedown_summary(session)),
    )


def _with_times(summary: dict[str, Any]) -> dict[str, Any]:
    """The summary's ISO times also as datetimes, so the page writes them in JST first."""
    for row in summary["accounts"]:
        for key in ("exported_at", "last_live_at", "gone_at"):
            row[f"{key}_time"] = datetime.fromisoformat(row[key]) if row[key] else None
    return summary
