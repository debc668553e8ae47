"""Soft locks: an item opened by a reviewer is theirs for a few minutes.

The lock is taken by one conditional UPDATE, so two reviewers opening the same
item at the same moment cannot both get it, on SQLite or PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from storage.models import Flag, User, utcnow

LOCK_DURATION = timedelta(minutes=5)


@dataclass(frozen=True)
class LockState:
    mine: bool
    holder_name: str | None
    until: datetime | None


def acquire(session: Session, flag_id: int, user_id: int, now: datetime | None = None) -> LockState:
    now = now or utcnow()
    until = now + LOCK_DURATION
    result = session.execute(
        update(Flag)
        .where(
            Flag.id == flag_id,
            or_(
                Flag.locked_by_user_id.is_(None),
                Flag.locked_by_user_id == user_id,
                Flag.locked_until.is_(None),
                Flag.locked_until < now,
            ),
        )
        # Keep updated_at: opening an item is not a change to the flag.
        .values(locked_by_user_id=user_id, locked_until=until, updated_at=Flag.updated_at)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 1:
        return LockState(mine=True, holder_name=None, until=until)
    holder = session.execute(
        select(User.name, Flag.locked_until)
        .join(User, User.id == Flag.locked_by_user_id)
        .where(Flag.id == flag_id)
    ).first()
    if holder is None:
        return LockState(mine=False, holder_name=None, until=None)
    return LockState(mine=False, holder_name=holder[0], until=holder[1])


def held_by_other(flag: Flag, user_id: int, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return bool(
        flag.locked_by_user_id is not None
        and flag.locked_by_user_id != user_id
        and flag.locked_until is not None
        and flag.locked_until > now
    )


def release(session: Session, flag_id: int, user_id: int) -> None:
    session.execute(
        update(Flag)
        .where(Flag.id == flag_id, Flag.locked_by_user_id == user_id)
        .values(locked_by_user_id=None, locked_until=None, updated_at=Flag.updated_at)
        .execution_options(synchronize_session=False)
    )
