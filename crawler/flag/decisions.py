"""Reviewers' decisions as labelled rows for the learned detection layer.

An account whose latest flag a reviewer *confirmed* is a positive; one whose latest flag was
*dismissed* is a negative. The row's text is what the detector judged for that account (name,
bio, plans and posts: judge.account_inputs), so the model learns from exactly what reviewers
saw. Escalated and still-open flags teach nothing yet.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.detect.training import LabelledRow, LabelledSet
from crawler.detect.watchlist import load_watchlist_from_db
from crawler.flag.judge import account_inputs, account_posts
from storage.models import Account, Flag

DECIDED = {"confirmed": 1, "dismissed": 0}
# One reviewed account weighs as much as this many written examples: it is real data from
# the patrol group's own platforms, and there are few of them at first.
REVIEW_WEIGHT = 2.0


def reviewed_rows(session: Session) -> list[LabelledRow]:
    latest: dict[int, Flag] = {}
    for flag in session.scalars(select(Flag).order_by(Flag.id)):
        latest[flag.account_id] = flag
    rows: list[LabelledRow] = []
    for account_id, flag in sorted(latest.items()):
        if flag.status not in DECIDED:
            continue
        account = session.get(Account, account_id)
        if account is None:
            continue
        text = account_inputs(session, account, account_posts(session, account)).combined()
        if not text:
            continue
        rows.append(
            LabelledRow(
                id=f"account:{account_id}",
                text=text,
                label=DECIDED[flag.status],
                people=tuple(flag.people or ()),
                minor=int(bool(flag.minor_risk)),
                source="review",
                weight=REVIEW_WEIGHT,
            )
        )
    return rows


def reviewed_set(session: Session) -> LabelledSet:
    return LabelledSet("review", reviewed_rows(session), load_watchlist_from_db(session))
