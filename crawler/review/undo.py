"""Undoing one's own decision within a few seconds of making it.

A reviewer who pressed the wrong key gets `UNDO_WINDOW` to take it back. Undo withdraws
the decision and puts the flag back as the decision found it: its status, and the soft
lock in the decider's hands again (unless someone else took the item meanwhile; then
they keep it). It is refused to anyone but the decider, after the window, when anyone
decided on the item afterwards, and when the flag's status changed since (a crawl
re-queued it, say), so an undo can never rewrite somebody else's work.

The decision row is deleted, not marked: every reader of `decisions` (consensus, the
queue, training, takedown watch, exports) then counts only standing decisions. The
history is not lost: the append-only audit log keeps the `decision` entry and adds a
`decision_undone` entry holding the withdrawn row in full (docs/architecture.md,
"Decision feedback and undo").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.review import locking
from crawler.review.i18n import _
from storage import audit
from storage.models import Decision, Flag, User, utcnow

UNDO_WINDOW = timedelta(seconds=10)


class UndoRefused(Exception):
    """The decision stands; `reason` says why in plain words."""

    def __init__(self, reason: str, *, forbidden: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.forbidden = forbidden


@dataclass(frozen=True)
class Undone:
    flag_id: int
    status: str
    relocked: bool


def as_utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def seconds_left(decision: Decision, now: datetime) -> int:
    """Whole seconds of the undo window still open (0 when closed)."""
    left = as_utc(decision.created_at) + UNDO_WINDOW - as_utc(now)
    return max(0, int(left.total_seconds()))


def undo_open(decision: Decision, now: datetime) -> bool:
    return as_utc(now) < as_utc(decision.created_at) + UNDO_WINDOW


def decided_after(session: Session, decision: Decision) -> bool:
    later = session.scalar(
        select(Decision.id)
        .where(Decision.flag_id == decision.flag_id, Decision.id > decision.id)
        .limit(1)
    )
    return later is not None


def _check(session: Session, decision: Decision | None, user: User, now: datetime) -> Flag:
    if decision is None:
        raise UndoRefused(_("There is no such decision any more."))
    if decision.user_id != user.id:
        raise UndoRefused(_("Only the person who decided can undo a decision."), forbidden=True)
    if decision.status_before is None or not undo_open(decision, now):
        raise UndoRefused(_("Too late to undo: the decision stands."))
    if decided_after(session, decision):
        raise UndoRefused(_("Someone else decided on this item after you; it cannot be undone."))
    flag = session.scalar(select(Flag).where(Flag.id == decision.flag_id).with_for_update())
    if flag is None or flag.status != decision.status_after:
        raise UndoRefused(_("The item changed after your decision; it cannot be undone."))
    return flag


def undo_decision(
    session: Session,
    *,
    decision_id: int,
    user: User,
    now: datetime | None = None,
    remote_addr: str | None = None,
) -> Undone:
    """Withdraw `user`'s decision `decision_id`; raises UndoRefused when it must stand."""
    now = now or utcnow()
    decision = session.get(Decision, decision_id)
    flag = _check(session, decision, user, now)
    assert decision is not None  # _check refused a missing one
    withdrawn = {
        "decision_id": decision.id,
        "decision": decision.decision,
        "note": decision.note,
        "decided_at": as_utc(decision.created_at).isoformat(),
        "account_id": decision.account_id,
        "status_before": decision.status_after,
        "status_after": decision.status_before,
    }
    flag.status = decision.status_before or flag.status
    session.delete(decision)
    session.flush()
    lock = locking.acquire(session, flag.id, user.id, now)
    audit.record(
        session,
        user=user,
        action="decision_undone",
        target_type="flag",
        target_id=flag.id,
        detail={**withdrawn, "relocked": lock.mine},
        remote_addr=remote_addr,
    )
    return Undone(flag_id=flag.id, status=flag.status, relocked=lock.mine)
