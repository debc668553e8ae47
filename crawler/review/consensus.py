"""Where an item stands, and what a decision just did, in plain words.

The rules themselves live in crawler/review/decisions.py (two volunteers agreeing close
an item, disagreement or an escalation waits for an analyst, one analyst is final); this
module only puts the resulting flag status and its decisions into sentences for the item
page and for the message shown after a decision (docs/architecture.md, "Decision feedback
and undo"). Sentences are English message ids; templates translate them, with the
account's name passed in through the `scraped` filter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.orm import Session

from crawler.review.i18n import N_
from crawler.review.roles import is_analyst
from crawler.review.undo import as_utc, decided_after, seconds_left, undo_open
from storage.models import Account, Decision, Flag, User

# A notice is shown on the page the decision led to; a bookmarked or reloaded address
# later does not bring back an old message.
NOTICE_SHOWN = timedelta(minutes=2)


class DecisionLike(Protocol):
    decision: str
    role: str | None


def _by_analyst(decisions: Sequence[DecisionLike], decision: str) -> bool:
    return any(d.decision == decision and is_analyst(d.role or "") for d in decisions)


def state_sentence(status: str, decisions: Sequence[DecisionLike]) -> str:
    """The item's consensus state (an English message id, translate where shown)."""
    if status == "new" and not decisions:
        return N_("No decisions yet.")
    if status == "in_review":
        if any(d.decision == "dismiss" for d in decisions):
            return N_("1 of 2 reviewers dismissed; waiting for a second reviewer.")
        return N_("1 of 2 reviewers confirmed; waiting for a second reviewer.")
    if status == "needs_analyst":
        return N_("Reviewers disagreed — waiting for an analyst.")
    if status == "escalated":
        return N_("Escalated to analysts — waiting for an analyst.")
    if status == "confirmed":
        if _by_analyst(decisions, "confirm"):
            return N_("Confirmed by an analyst — ready to export.")
        return N_("Confirmed by 2 reviewers — ready to export.")
    if status == "dismissed":
        if _by_analyst(decisions, "dismiss"):
            return N_("Dismissed by an analyst — closed.")
        return N_("Dismissed by 2 reviewers — closed.")
    return N_("Waiting for a reviewer.")


def outcome_sentence(decision: str, status_after: str, by_analyst: bool) -> str:
    """What a decision did and what happens next; `%(account)s` names the account."""
    if decision == "escalate":
        return N_("You escalated %(account)s to analysts; an analyst will decide.")
    if status_after == "in_review":
        if decision == "dismiss":
            return N_("You dismissed %(account)s: 1 of 2 — a second reviewer will look.")
        return N_("You confirmed %(account)s: 1 of 2 — a second reviewer will look.")
    if status_after == "needs_analyst":
        return N_("%(account)s was sent to an analyst because reviewers disagreed.")
    if status_after == "confirmed":
        if by_analyst:
            return N_("You confirmed %(account)s — ready to export.")
        return N_("%(account)s is confirmed by 2 reviewers — ready to export.")
    if status_after == "dismissed":
        if by_analyst:
            return N_("You dismissed %(account)s — it leaves the queue.")
        return N_("%(account)s is dismissed by 2 reviewers — it leaves the queue.")
    return N_("Your decision on %(account)s is recorded.")


@dataclass(frozen=True)
class DecisionNotice:
    decision_id: int
    flag_id: int
    sentence: str
    account: str
    can_undo: bool
    seconds_left: int


def _account_label(account: Account | None) -> str:
    if account is None:
        return "?"
    if account.display_name:
        return account.display_name
    return f"@{account.handle}" if account.handle else f"#{account.id}"


def load_notice(
    session: Session, decision_id: int | None, user_id: int, now: datetime
) -> DecisionNotice | None:
    """The message for the reviewer's own recent decision `decision_id`, else None."""
    if decision_id is None:
        return None
    decision = session.get(Decision, decision_id)
    if decision is None or decision.user_id != user_id or decision.status_after is None:
        return None
    if as_utc(now) - as_utc(decision.created_at) > NOTICE_SHOWN:
        return None
    user = session.get(User, decision.user_id)
    flag = session.get(Flag, decision.flag_id)
    can_undo = (
        undo_open(decision, now)
        and flag is not None
        and flag.status == decision.status_after
        and not decided_after(session, decision)
    )
    return DecisionNotice(
        decision_id=decision.id,
        flag_id=decision.flag_id,
        sentence=outcome_sentence(
            decision.decision, decision.status_after, is_analyst(user.role if user else "")
        ),
        account=_account_label(session.get(Account, decision.account_id)),
        can_undo=can_undo,
        seconds_left=seconds_left(decision, now) if can_undo else 0,
    )
