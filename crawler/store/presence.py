"""Mark accounts, posts and plans that a complete run expected and did not find.

Their evidence stays untouched; only `missing_since_*` records the run that first
missed them, which is what takedown tracking needs.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import Account, Platform, Post


def mark_missing(
    session: Session, *, platform: str, run_id: int, at: datetime, seen_account_ids: list[int]
) -> dict[str, int]:
    platform_id = session.scalar(select(Platform.id).where(Platform.key == platform))
    if platform_id is None:
        return {"accounts": 0, "posts": 0}
    gone_accounts = session.execute(
        update(Account)
        .where(
            Account.platform_id == platform_id,
            Account.last_seen_run_id != run_id,
            Account.missing_since_run_id.is_(None),
        )
        .values(missing_since_run_id=run_id, missing_since_at=at)
    ).rowcount
    gone_posts = 0
    if seen_account_ids:
        gone_posts = session.execute(
            update(Post)
            .where(
                Post.account_id.in_(seen_account_ids),
                Post.last_seen_run_id != run_id,
                Post.missing_since_run_id.is_(None),
            )
            .values(missing_since_run_id=run_id, missing_since_at=at)
        ).rowcount
    return {"accounts": gone_accounts or 0, "posts": gone_posts or 0}
