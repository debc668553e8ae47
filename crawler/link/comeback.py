"""Comebacks: a storefront that reappears after its takedown, under another handle.

An account is a comeback of an earlier one when the rule joined the two, the earlier
account's flag was confirmed, it is gone (`TakedownWatch.gone_at`: a complete crawl no
longer found it, and it has not returned), and the new account was first seen after the
crawl that last saw the earlier one had ended. The new account gets a review flag with reason "comeback"
naming the earlier account (`related_account_id`, and in `detail`), which the queue puts
first. An open flag of the new account becomes that comeback flag instead of a second
item; a comeback already flagged for the same earlier account is not flagged again.
Minor risk follows the existing rule and covers both sides, since the flag names the
earlier account: such a flag is for analysts and admins only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.flag.judge import OPEN_STATUSES
from crawler.link.id_rows import chunks
from storage.models import Account, CrawlRun, Detection, Flag, Platform, TakedownWatch

Pair = tuple[int, int]


def _gone_confirmed(session: Session, account_ids: set[int]) -> dict[int, datetime]:
    """Accounts among these that were confirmed and are taken down: id -> gone_at."""
    gone: dict[int, datetime] = {}
    for part in chunks(sorted(account_ids)):
        for account_id, gone_at in session.execute(
            select(TakedownWatch.account_id, TakedownWatch.gone_at).where(
                TakedownWatch.account_id.in_(list(part)), TakedownWatch.gone_at.is_not(None)
            )
        ):
            gone[account_id] = gone_at  # type: ignore[assignment]
    if not gone:
        return {}
    confirmed = set(
        session.scalars(
            select(Flag.account_id).where(
                Flag.account_id.in_(list(gone)), Flag.status == "confirmed"
            )
        )
    )
    return {a: at for a, at in gone.items() if a in confirmed}


def _minor_risk(session: Session, account_id: int) -> bool:
    flagged = session.scalar(
        select(Flag.id).where(Flag.account_id == account_id, Flag.minor_risk.is_(True)).limit(1)
    )
    detected = session.scalar(
        select(Detection.id)
        .where(Detection.account_id == account_id, Detection.minor_risk.is_(True))
        .limit(1)
    )
    return flagged is not None or detected is not None


def _detail(session: Session, earlier: Account, gone_at: datetime) -> str:
    platform = session.scalar(
        select(Platform.display_name).where(Platform.id == earlier.platform_id)
    )
    name = f"@{earlier.handle}" if earlier.handle else earlier.account_key
    return (
        f"comes back after {platform} {name} (account {earlier.id}) was confirmed and "
        f"taken down ({gone_at:%Y-%m-%d})"
    )


def _flag(
    session: Session, new: Account, earlier: Account, gone_at: datetime, run_id: int | None
) -> Flag | None:
    flags = session.scalars(
        select(Flag).where(Flag.account_id == new.id).order_by(Flag.id.desc())
    ).all()
    if any(f.reason == "comeback" and f.related_account_id == earlier.id for f in flags):
        return None  # already flagged (and perhaps decided) as this comeback
    open_flag = next((f for f in flags if f.status in OPEN_STATUSES), None)
    if open_flag is not None and open_flag.reason == "comeback":
        return None  # already a comeback of another taken-down account
    detection = session.scalars(
        select(Detection)
        .where(Detection.account_id == new.id, Detection.subject == "account")
        .order_by(Detection.id.desc())
        .limit(1)
    ).first()
    minor = (
        bool(detection and detection.minor_risk)
        or (open_flag is not None and open_flag.minor_risk)
        or _minor_risk(session, earlier.id)
    )
    flag = open_flag or Flag(
        account_id=new.id,
        status="new",
        score=detection.score if detection else 0.0,
        people=list(detection.people) if detection else [],
        detection_id=detection.id if detection else None,
        run_id=run_id,
    )
    flag.reason = "comeback"
    flag.related_account_id = earlier.id
    flag.detail = _detail(session, earlier, gone_at)
    flag.minor_risk = minor
    if open_flag is None:
        session.add(flag)
    session.flush()
    return flag


def _live_together(session: Session, new: Account, earlier: Account) -> bool:
    """Was the new account seen before the earlier one's last crawl ended? Profiles of one
    night run side by side, so an account seen on another platform during that crawl was
    live at the same time even when its timestamp is a little later."""
    last_crawl_end = None
    if earlier.last_seen_run_id is not None:
        last_crawl_end = session.scalar(
            select(CrawlRun.finished_at).where(CrawlRun.id == earlier.last_seen_run_id)
        )
    return new.first_seen_at <= max(earlier.last_seen_at, last_crawl_end or earlier.last_seen_at)


def flag_comebacks(session: Session, joined: Iterable[Pair], run_id: int | None) -> list[int]:
    """Flag every comeback among these joined pairs; returns the flag ids."""
    pairs = sorted(set(joined))
    members = {a for pair in pairs for a in pair}
    gone = _gone_confirmed(session, members)
    if not gone:
        return []
    candidates: list[tuple[int, int]] = []
    for a, b in pairs:
        for new_id, earlier_id in ((a, b), (b, a)):
            if earlier_id in gone and new_id not in gone:
                candidates.append((new_id, earlier_id))
    flag_ids: list[int] = []
    # The most recent takedown first: a new account linked to several gone ones names
    # the one it most likely replaces.
    for new_id, earlier_id in sorted(candidates, key=lambda c: gone[c[1]], reverse=True):
        new, earlier = session.get(Account, new_id), session.get(Account, earlier_id)
        if new is None or earlier is None or _live_together(session, new, earlier):
            continue  # both were live together: a second storefront, not a comeback
        flag = _flag(session, new, earlier, gone[earlier_id], run_id)
        if flag is not None:
            flag_ids.append(flag.id)
    return flag_ids
