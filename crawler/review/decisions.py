"""Review decisions and the rules that turn them into a flag's status.

* A volunteer's confirm (or dismiss) counts once; a second volunteer agreeing makes
  the flag `confirmed` (or `dismissed`); disagreement sends it to an analyst.
* One analyst's confirm or dismiss is final on their own.
* Escalate always needs a note and sends the item to analysts.
* Minor-risk items are never decided by volunteers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.review import locking
from crawler.review.i18n import _
from crawler.review.roles import is_analyst
from storage import audit
from storage.models import Decision, Flag, User, utcnow

DECISIONS = ("confirm", "dismiss", "escalate")
OPEN_FOR_VOLUNTEERS = ("new", "in_review")
CLOSED = ("confirmed", "dismissed")
NOTE_MAX = 4000
_FINAL = {"confirm": "confirmed", "dismiss": "dismissed", "escalate": "escalated"}


class DecisionRefused(Exception):
    """The decision was not recorded; `reason` says why in plain words."""

    def __init__(self, reason: str, *, forbidden: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.forbidden = forbidden


@dataclass(frozen=True)
class Outcome:
    decision_id: int
    status: str


def _clean_note(decision: str, note: str | None) -> str | None:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DecisionRefused(
            _("The note is too long (at most %(limit)d characters).") % {"limit": NOTE_MAX}
        )
    if decision == "escalate" and not note:
        raise DecisionRefused(_("Escalating needs a note: say what an analyst should look at."))
    return note or None


def _volunteer_status(session: Session, flag: Flag, user: User, decision: str) -> str:
    if decision == "escalate":
        return "escalated"
    earlier = set(
        session.scalars(
            select(Decision.decision)
            .join(User, User.id == Decision.user_id)
            .where(
                Decision.flag_id == flag.id,
                Decision.user_id != user.id,
                Decision.decision.in_(("confirm", "dismiss")),
                User.role == "volunteer",
            )
        )
    )
    if not earlier:
        return "in_review"
    if earlier == {decision}:
        return _FINAL[decision]
    return "needs_analyst"


def decide(
    session: Session,
    *,
    flag_id: int,
    user: User,
    decision: str,
    note: str | None = None,
    remote_addr: str | None = None,
    now: datetime | None = None,
) -> Outcome:
    if decision not in DECISIONS:
        raise DecisionRefused(_("Unknown decision: choose confirm, dismiss or escalate."))
    note = _clean_note(decision, note)
    flag = session.scalar(select(Flag).where(Flag.id == flag_id).with_for_update())
    if flag is None:
        raise DecisionRefused(_("This item does not exist."))
    if flag.status in CLOSED:
        closed = _("confirmed") if flag.status == "confirmed" else _("dismissed")
        raise DecisionRefused(_("This item is already closed (%(status)s).") % {"status": closed})
    if locking.held_by_other(flag, user.id, now):
        raise DecisionRefused(_("Someone else is reviewing this item right now."))
    analyst = is_analyst(user.role)
    if not analyst:
        if flag.minor_risk:
            raise DecisionRefused(
                _("Items that may involve a minor go to analysts only."), forbidden=True
            )
        if flag.status not in OPEN_FOR_VOLUNTEERS:
            raise DecisionRefused(_("This item is waiting for an analyst."))
        already = session.scalar(
            select(Decision.id).where(Decision.flag_id == flag.id, Decision.user_id == user.id)
        )
        if already is not None:
            raise DecisionRefused(
                _("You already decided on this item; a second reviewer has to take the next look.")
            )
    new_status = _FINAL[decision] if analyst else _volunteer_status(session, flag, user, decision)
    row = Decision(
        flag_id=flag.id,
        account_id=flag.account_id,
        user_id=user.id,
        decision=decision,
        note=note,
        created_at=now or utcnow(),
        status_before=flag.status,
        status_after=new_status,
    )
    session.add(row)
    previous = flag.status
    flag.status = new_status
    flag.locked_by_user_id = None
    flag.locked_until = None
    session.flush()
    audit.record(
        session,
        user=user,
        action="decision",
        target_type="flag",
        target_id=flag.id,
        detail={
            "decision": decision,
            "account_id": flag.account_id,
            "status_before": previous,
            "status_after": new_status,
            "note": note,
            "decision_id": row.id,
        },
        remote_addr=remote_addr,
    )
    return Outcome(decision_id=row.id, status=new_status)
