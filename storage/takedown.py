"""Takedown tracking: after an account is confirmed and exported, is it still up?

Complete crawls of a platform call `update_takedowns`; `takedown_summary` turns the
rows into the time-to-takedown figures `mimamori stats` and the review app show.
"""

from __future__ import annotations

import statistics
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Account, Decision, Export, Flag, Platform, TakedownWatch


def _exported_at(session: Session, account_ids: list[int]) -> dict[int, datetime]:
    """Earliest export of each account: a flag marked exported, or an export bundle listing it."""
    earliest: dict[int, datetime] = {}

    def note(account_id: int, at: datetime | None) -> None:
        if at is not None and (account_id not in earliest or at < earliest[account_id]):
            earliest[account_id] = at

    wanted = set(account_ids)
    for account_id, at in session.execute(
        select(Flag.account_id, func.min(Flag.exported_at))
        .where(Flag.account_id.in_(wanted), Flag.exported_at.is_not(None))
        .group_by(Flag.account_id)
    ):
        note(account_id, at)
    # Export.account_ids is a JSON list; exports are few, so filtering here is cheap and portable.
    for export in session.scalars(select(Export)):
        for account_id in export.account_ids or []:
            if isinstance(account_id, int) and account_id in wanted:
                note(account_id, export.created_at)
    return earliest


def _confirmed_at(session: Session, account_ids: list[int]) -> dict[int, datetime]:
    confirmed: dict[int, datetime] = {}
    rows = session.execute(
        select(Decision.account_id, func.min(Decision.created_at))
        .where(Decision.account_id.in_(account_ids), Decision.decision == "confirm")
        .group_by(Decision.account_id)
    )
    for account_id, at in rows:
        confirmed[account_id] = at
    # A flag set to confirmed without a decision row (imported, or set by an admin tool).
    for account_id, at in session.execute(
        select(Flag.account_id, func.min(Flag.updated_at))
        .where(Flag.account_id.in_(account_ids), Flag.status == "confirmed")
        .group_by(Flag.account_id)
    ):
        confirmed.setdefault(account_id, at)
    return confirmed


def update_takedowns(
    session: Session, *, platform: str, run_id: int, at: datetime
) -> dict[str, int]:
    """Record, for every confirmed and exported account of `platform`, whether this run saw it.

    Only call this after a *complete* run: an account missing from a partial crawl
    was not necessarily taken down.
    """
    platform_id = session.scalar(select(Platform.id).where(Platform.key == platform))
    if platform_id is None:
        return {"watched": 0, "live": 0, "gone": 0}
    confirmed_ids = list(
        session.scalars(
            select(Flag.account_id)
            .join(Account, Account.id == Flag.account_id)
            .where(Account.platform_id == platform_id, Flag.status == "confirmed")
            .distinct()
        )
    )
    if not confirmed_ids:
        return {"watched": 0, "live": 0, "gone": 0}
    exported = _exported_at(session, confirmed_ids)
    confirmed = _confirmed_at(session, list(exported))
    counts = {"watched": 0, "live": 0, "gone": 0}
    for account_id, exported_at in sorted(exported.items()):
        account = session.get(Account, account_id)
        if account is None:
            continue
        watch = session.scalar(select(TakedownWatch).where(TakedownWatch.account_id == account_id))
        if watch is None:
            watch = TakedownWatch(account_id=account_id, exported_at=exported_at, checks=0)
            session.add(watch)
        watch.exported_at = min(watch.exported_at, exported_at)
        watch.confirmed_at = confirmed.get(account_id)
        watch.checks = (watch.checks or 0) + 1
        counts["watched"] += 1
        if account.last_seen_run_id == run_id:
            counts["live"] += 1
            watch.last_live_run_id = run_id
            watch.last_live_at = at
            if watch.gone_at is not None:
                watch.returned_at = at
                watch.gone_at = None
                watch.gone_run_id = None
        else:
            counts["gone"] += 1
            if watch.gone_at is None:
                watch.gone_run_id = run_id
                watch.gone_at = at
    session.flush()
    return counts


def _hours(later: datetime, earlier: datetime) -> float:
    return round((later - earlier).total_seconds() / 3600, 2)


def takedown_summary(session: Session) -> dict[str, Any]:
    """Time from export to takedown for every watched account, and the median over them.

    `hours_to_takedown` runs from the first export to the first complete run that no
    longer found the account (an upper bound: it went somewhere after `last_live_at`).
    """
    rows = session.execute(
        select(TakedownWatch, Account.handle, Account.display_name, Platform.key)
        .join(Account, Account.id == TakedownWatch.account_id)
        .join(Platform, Platform.id == Account.platform_id)
        .order_by(TakedownWatch.exported_at, TakedownWatch.id)
    ).all()
    accounts = []
    hours = []
    for watch, handle, display_name, platform in rows:
        entry: dict[str, Any] = {
            "account_id": watch.account_id,
            "platform": platform,
            "handle": handle,
            "display_name": display_name,
            "confirmed_at": watch.confirmed_at.isoformat() if watch.confirmed_at else None,
            "exported_at": watch.exported_at.isoformat(),
            "last_live_at": watch.last_live_at.isoformat() if watch.last_live_at else None,
            "gone_at": watch.gone_at.isoformat() if watch.gone_at else None,
            "gone_run_id": watch.gone_run_id,
            "returned_at": watch.returned_at.isoformat() if watch.returned_at else None,
            "still_live": watch.gone_at is None,
            "hours_to_takedown": None,
        }
        if watch.gone_at is not None:
            entry["hours_to_takedown"] = _hours(watch.gone_at, watch.exported_at)
            hours.append(entry["hours_to_takedown"])
        accounts.append(entry)
    return {
        "watched": len(accounts),
        "taken_down": len(hours),
        "still_live": len(accounts) - len(hours),
        "median_hours_to_takedown": round(statistics.median(hours), 2) if hours else None,
        "mean_hours_to_takedown": round(statistics.fmean(hours), 2) if hours else None,
        "accounts": accounts,
    }
