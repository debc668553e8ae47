"""The review queue: flagged accounts, comebacks first, then newest first, paged by keyset.

Each status is read with its own ordered index range (flags.status, created_at, id)
and the ranges are merged here, so a page costs a few short index scans on SQLite
and PostgreSQL alike, however many flags are stored. A comeback (a new account the linking
rule joined to one that was confirmed and taken down) sorts before everything else: the
order is (comeback, created_at, id), read as two phases per status, comebacks then the
rest, and the cursor says which phase it stopped in. The rows' reasons and named people
are read afterwards for the whole page at once (crawler/review/queue_reasons.py).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, exists, func, literal, or_, select, tuple_
from sqlalchemy.orm import Session, aliased

from crawler.review.queue_reasons import RowReasons, load_row_reasons
from crawler.review.roles import is_analyst
from storage.models import Account, Decision, Flag, Platform, utcnow

STATUSES = ("new", "in_review", "needs_analyst", "escalated", "confirmed", "dismissed")
VOLUNTEER_STATUSES = ("new", "in_review")
ANALYST_OPEN_STATUSES = ("new", "in_review", "needs_analyst", "escalated")
PAGE_SIZE = 50


COMEBACK = "comeback"


@dataclass(frozen=True)
class Cursor:
    """Position after the last item shown: (comeback, created_at, flag id), comebacks
    first, newest first."""

    created_at: datetime
    flag_id: int
    comeback: bool = False

    @classmethod
    def of(cls, flag: Flag) -> Cursor:
        return cls(flag.created_at, flag.id, flag.reason == COMEBACK)

    @property
    def key(self) -> tuple[bool, datetime, int]:
        return (self.comeback, self.created_at, self.flag_id)

    def encode(self) -> str:
        return ("c|" if self.comeback else "") + f"{self.created_at.isoformat()}|{self.flag_id}"

    @classmethod
    def decode(cls, text: str | None) -> Cursor | None:
        if not text or "|" not in text or len(text) > 80:
            return None
        comeback = text.startswith("c|")
        stamp, _, flag_id = text.removeprefix("c|").rpartition("|")
        try:
            created = datetime.fromisoformat(stamp)
            return cls(created, int(flag_id), comeback) if created.tzinfo else None
        except ValueError:
            return None


def _phases(after: Cursor | None) -> list[tuple[bool, Cursor | None]]:
    """(comebacks?, older than) reads that together give the items after `after`."""
    if after is None:
        return [(True, None), (False, None)]
    return [(True, after), (False, None)] if after.comeback else [(False, after)]


def _newer_phases(before: Cursor) -> list[tuple[bool, Cursor | None]]:
    """(comebacks?, newer than) reads that together give the items before `before`."""
    return [(True, before)] if before.comeback else [(False, before), (True, None)]


def _phase(query: Select[Any], comeback: bool) -> Select[Any]:
    return query.where(Flag.reason == COMEBACK if comeback else Flag.reason != COMEBACK)


@dataclass(frozen=True)
class QueueFilter:
    platform: str | None = None
    min_score: float | None = None
    # None = both; True = only minor-risk items; False = none of them
    minor: bool | None = None
    status: str | None = None

    def query_args(self) -> dict[str, str]:
        args: dict[str, str] = {}
        if self.platform:
            args["platform"] = self.platform
        if self.min_score is not None:
            args["min_score"] = f"{self.min_score:g}"
        if self.minor is not None:
            args["minor"] = "yes" if self.minor else "no"
        if self.status:
            args["status"] = self.status
        return args


@dataclass(frozen=True)
class Viewer:
    """The signed-in reviewer as the queue needs them."""

    user_id: int
    role: str


@dataclass
class QueueRow:
    flag_id: int
    created_at: datetime
    status: str
    reason: str
    score: float
    minor_risk: bool
    people_count: int
    locked_by_other: bool
    account_id: int
    handle: str | None
    display_name: str | None
    bio: str | None
    platform: str
    detection_id: int | None = None
    related_account_id: int | None = None
    people_ids: list[Any] = field(default_factory=list)
    reasons: RowReasons = field(default_factory=RowReasons)
    # A comeback's earlier account: (platform, handle), read for the page at once.
    comes_back_after: tuple[str, str | None] | None = None

    @property
    def cursor(self) -> Cursor:
        return Cursor(self.created_at, self.flag_id, self.reason == COMEBACK)


@dataclass
class QueuePage:
    rows: list[QueueRow]
    next_cursor: Cursor | None
    counts: dict[str, int] = field(default_factory=dict)


def visible_statuses(viewer: Viewer, wanted: str | None) -> tuple[str, ...]:
    """Statuses this viewer's queue shows: volunteers only ever see items open to them."""
    allowed = STATUSES if is_analyst(viewer.role) else VOLUNTEER_STATUSES
    if wanted:
        return (wanted,) if wanted in allowed else ()
    return ANALYST_OPEN_STATUSES if is_analyst(viewer.role) else VOLUNTEER_STATUSES


def _base_conditions(viewer: Viewer, filt: QueueFilter) -> list[Any]:
    conditions: list[Any] = []
    # Minor-risk items skip volunteers entirely: only analysts see them.
    minor = filt.minor if is_analyst(viewer.role) else False
    if minor is not None:
        conditions.append(Flag.minor_risk.is_(minor))
    if filt.min_score is not None:
        conditions.append(Flag.score >= filt.min_score)
    if filt.platform:
        conditions.append(Platform.key == filt.platform)
    if not is_analyst(viewer.role):
        # An account flagged as the comeback of a minor-risk account would show volunteers
        # that such an account exists: all its items are analysts-only (as its pages are).
        comeback, earlier = aliased(Flag), aliased(Flag)
        conditions.append(
            ~exists().where(
                comeback.account_id == Flag.account_id,
                comeback.related_account_id.is_not(None),
                earlier.account_id == comeback.related_account_id,
                earlier.minor_risk.is_(True),
            )
        )
    return conditions


def _not_decided_by(user_id: int) -> Any:
    return ~exists().where(and_(Decision.flag_id == Flag.id, Decision.user_id == user_id))


def _rows_query(viewer: Viewer, filt: QueueFilter, status: str) -> Select[Any]:
    query = (
        select(
            Flag.id,
            Flag.created_at,
            Flag.status,
            Flag.reason,
            Flag.score,
            Flag.minor_risk,
            Flag.people,
            Flag.locked_by_user_id,
            Flag.locked_until,
            Account.id,
            Account.handle,
            Account.display_name,
            func.substr(Account.bio, 1, 240),
            Platform.display_name,
            Flag.detection_id,
            Flag.related_account_id,
        )
        .join(Account, Account.id == Flag.account_id)
        .join(Platform, Platform.id == Account.platform_id)
        .where(Flag.status == status, *_base_conditions(viewer, filt))
    )
    if not is_analyst(viewer.role):
        # A volunteer's second look must come from someone else: hide what they decided.
        query = query.where(_not_decided_by(viewer.user_id))
    return query


# Row values, not (a < x OR (a = x AND id < y)): with the extra queue conditions SQLite's
# planner only turns the row-value form into an index range (status=? AND created_at<?).
def _older_than(cursor: Cursor) -> Any:
    return tuple_(Flag.created_at, Flag.id) < tuple_(
        literal(cursor.created_at, Flag.created_at.type), literal(cursor.flag_id)
    )


def _newer_than(cursor: Cursor) -> Any:
    return tuple_(Flag.created_at, Flag.id) > tuple_(
        literal(cursor.created_at, Flag.created_at.type), literal(cursor.flag_id)
    )


def _to_row(values: Any, viewer: Viewer, now: datetime) -> QueueRow:
    (flag_id, created, status, reason, score, minor, people, locked_by, locked_until) = values[:9]
    account_id, handle, display_name, bio, platform, detection_id, related = values[9:]
    return QueueRow(
        flag_id=flag_id,
        created_at=created,
        status=status,
        reason=reason,
        score=score,
        minor_risk=minor,
        people_count=len(people or []),
        locked_by_other=bool(
            locked_by and locked_by != viewer.user_id and locked_until and locked_until > now
        ),
        account_id=account_id,
        handle=handle,
        display_name=display_name,
        bio=bio,
        platform=platform,
        detection_id=detection_id,
        related_account_id=related,
        people_ids=list(people or []),
    )


def load_page(
    session: Session,
    viewer: Viewer,
    filt: QueueFilter,
    cursor: Cursor | None = None,
    page_size: int = PAGE_SIZE,
    *,
    with_counts: bool = True,
) -> QueuePage:
    now = utcnow()
    batches = []
    for status in visible_statuses(viewer, filt.status):
        for comeback, after in _phases(cursor):
            query = _phase(_rows_query(viewer, filt, status), comeback)
            if after is not None:
                query = query.where(_older_than(after))
            query = query.order_by(Flag.created_at.desc(), Flag.id.desc()).limit(page_size + 1)
            batches.append(list(session.execute(query)))
    merged = list(
        heapq.merge(*batches, key=lambda v: (v[3] == COMEBACK, v[1], v[0]), reverse=True)
    )[: page_size + 1]
    rows = [_to_row(values, viewer, now) for values in merged[:page_size]]
    shown = load_row_reasons(session, [(r.flag_id, r.detection_id, r.people_ids) for r in rows])
    earlier = earlier_accounts(
        session, [r.related_account_id for r in rows if r.reason == COMEBACK]
    )
    for row in rows:
        row.reasons = shown[row.flag_id]
        row.comes_back_after = earlier.get(row.related_account_id or 0)
    next_cursor = None
    if len(merged) > page_size and rows:
        next_cursor = rows[-1].cursor
    counts = count_by_status(session, viewer, filt) if with_counts else {}
    return QueuePage(rows=rows, next_cursor=next_cursor, counts=counts)


def earlier_accounts(
    session: Session, account_ids: list[int | None]
) -> dict[int, tuple[str, str | None]]:
    """(platform, handle) of the accounts comebacks name, for a page of rows at once."""
    wanted = sorted({i for i in account_ids if i is not None})
    if not wanted:
        return {}
    rows = session.execute(
        select(Account.id, Platform.display_name, Account.handle)
        .join(Platform, Platform.id == Account.platform_id)
        .where(Account.id.in_(wanted))
    )
    return {account_id: (platform, handle) for account_id, platform, handle in rows}


COUNT_CAP = 200


def count_by_status(session: Session, viewer: Viewer, filt: QueueFilter) -> dict[str, int]:
    """Items per status under the current filters, counted up to COUNT_CAP + 1.

    An exact count of a filtered status would read every matching flag row; capped,
    each count stops early on the status index. The page shows "1000+" past the cap
    (the dashboard has exact totals).
    """
    counts: dict[str, int] = {}
    for status in visible_statuses(viewer, None):
        matching = select(Flag.id).where(Flag.status == status, *_base_conditions(viewer, filt))
        if filt.platform:
            matching = matching.join(Account, Account.id == Flag.account_id).join(
                Platform, Platform.id == Account.platform_id
            )
        capped = matching.limit(COUNT_CAP + 1).subquery()
        counts[status] = session.scalar(select(func.count()).select_from(capped)) or 0
    return counts


def _open_to_take(viewer: Viewer, now: datetime) -> Any:
    return or_(
        Flag.locked_by_user_id.is_(None),
        Flag.locked_by_user_id == viewer.user_id,
        Flag.locked_until < now,
    )


def _key(found: Any) -> tuple[bool, datetime, int]:
    return (found[3] == COMEBACK, found[1], found[0])


def neighbour(
    session: Session, viewer: Viewer, flag: Flag, *, older: bool, skip_locked: bool = True
) -> int | None:
    """The flag id just after (older) or before (newer) `flag` in the viewer's default queue."""
    position = Cursor.of(flag)
    now = utcnow()
    best: tuple[bool, datetime, int] | None = None
    phases = _phases(position) if older else _newer_phases(position)
    for status in visible_statuses(viewer, None):
        for comeback, bound in phases:
            query = _phase(_rows_query(viewer, QueueFilter(), status), comeback)
            if bound is not None:
                query = query.where(_older_than(bound) if older else _newer_than(bound))
            if skip_locked:
                query = query.where(_open_to_take(viewer, now))
            order = (
                (Flag.created_at.desc(), Flag.id.desc())
                if older
                else (Flag.created_at.asc(), Flag.id.asc())
            )
            found = session.execute(query.order_by(*order).limit(1)).first()
            if found is None:
                continue
            key = _key(found)
            if best is None or (key > best if older else key < best):
                best = key
    return best[2] if best else None


def first_open(session: Session, viewer: Viewer, after: Cursor | None = None) -> int | None:
    """The first item (comebacks first, then newest) the viewer can take now (not locked
    by someone else)."""
    now = utcnow()
    best: tuple[bool, datetime, int] | None = None
    for status in visible_statuses(viewer, None):
        for comeback, bound in _phases(after):
            query = _phase(_rows_query(viewer, QueueFilter(), status), comeback).where(
                _open_to_take(viewer, now)
            )
            if bound is not None:
                query = query.where(_older_than(bound))
            found = session.execute(
                query.order_by(Flag.created_at.desc(), Flag.id.desc()).limit(1)
            ).first()
            if found is not None and (best is None or _key(found) > best):
                best = _key(found)
    return best[2] if best else None


def next_free(session: Session, viewer: Viewer, leaving: int) -> int | None:
    """For a reviewer who found item `leaving` locked: the newest other item they can take
    now — open to them, not locked by someone else, and not one they already decided
    (for analysts too, unlike the queue, where their own escalations stay listed)."""
    now = utcnow()
    best: tuple[datetime, int] | None = None
    for status in visible_statuses(viewer, None):
        query = (
            select(Flag.id, Flag.created_at)
            .where(
                Flag.status == status,
                Flag.id != leaving,
                _not_decided_by(viewer.user_id),
                *_base_conditions(viewer, QueueFilter()),
                _open_to_take(viewer, now),
            )
            .order_by(Flag.created_at.desc(), Flag.id.desc())
            .limit(1)
        )
        found = session.execute(query).first()
        if found is not None and (best is None or (found[1], found[0]) > best):
            best = (found[1], found[0])
    return best[1] if best else None
