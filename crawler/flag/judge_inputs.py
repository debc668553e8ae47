"""What the end-of-run judgement reads of many accounts, in a few queries per chunk of
accounts instead of several per account (docs/architecture.md, "Store"): the accounts, their
current posts and plans, and each one's latest account detection."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Account, Detection, Plan, Platform, Post

# Accounts read per chunk. A chunk's rows (accounts, posts, plans, detections) and what
# judging makes of them peak together: 500 peaked at 35 MB of Python objects (tracemalloc,
# 1,000 bench accounts), 200 at about 14 MB, and the process keeps a peak's arenas, so the
# chunk sets the crawl's peak RSS (target < 300 MB at 50,000 pages); 200 was no slower.
CHUNK = 200


@dataclass
class AccountRows:
    account: Account
    posts: list[Post] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    previous: Detection | None = None


def _chunk_rows(session: Session, ids: Sequence[int]) -> dict[int, AccountRows]:
    rows = {
        a.id: AccountRows(a) for a in session.scalars(select(Account).where(Account.id.in_(ids)))
    }
    # Same order as judge.account_posts and judge.account_inputs, per account.
    posts = session.scalars(
        select(Post)
        .where(Post.account_id.in_(ids), Post.missing_since_run_id.is_(None))
        .order_by(Post.account_id, Post.first_seen_at, Post.id)
    )
    for post in posts:
        rows[post.account_id].posts.append(post)
    plans = session.scalars(
        select(Plan)
        .where(Plan.account_id.in_(ids), Plan.missing_since_run_id.is_(None))
        .order_by(Plan.account_id, Plan.name)
    )
    for plan in plans:
        rows[plan.account_id].plans.append(plan)
    detections = session.scalars(
        select(Detection)
        .where(Detection.account_id.in_(ids), Detection.subject == "account")
        .order_by(Detection.id)
    )
    for detection in detections:
        rows[detection.account_id].previous = detection
    return rows


def judged_chunks(session: Session, account_ids: Sequence[int]) -> Iterator[list[AccountRows]]:
    """Each existing account of `account_ids`, in that order, with what judging reads: a
    chunk of accounts at a time."""
    for start in range(0, len(account_ids), CHUNK):
        ids = list(account_ids[start : start + CHUNK])
        rows = _chunk_rows(session, ids)
        yield [rows[account_id] for account_id in ids if account_id in rows]


def judged_rows(session: Session, account_ids: Sequence[int]) -> Iterator[AccountRows]:
    """Each existing account of `account_ids`, in that order, with what judging reads."""
    for chunk in judged_chunks(session, account_ids):
        yield from chunk


def account_ids(session: Session, keys: Iterable[tuple[str, str]]) -> list[int]:
    """The ids of the stored accounts among (platform, account key) pairs, in the pairs'
    sorted order: a few queries for a whole run, not one per account."""
    wanted = sorted(set(keys))
    found: dict[tuple[str, str], int] = {}
    for start in range(0, len(wanted), CHUNK):
        part = wanted[start : start + CHUNK]
        asked = set(part)
        rows = session.execute(
            select(Platform.key, Account.account_key, Account.id)
            .join(Platform, Platform.id == Account.platform_id)
            .where(
                Platform.key.in_({p for p, _ in part}),
                Account.account_key.in_({k for _, k in part}),
            )
        )
        found.update({(p, k): i for p, k, i in rows if (p, k) in asked})
    return [found[key] for key in wanted if key in found]
