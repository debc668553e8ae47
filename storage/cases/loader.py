"""Reads one account's case graph in a fixed number of queries, whatever its size.

`load_case` is the one loader behind the review app's item and account pages and the
export's records (docs/architecture.md, "Case loader"); a `CaseScope` says how much of
the graph the caller shows. Captures are not part of it: see `storage.cases.captures`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from storage.cases.reason_refs import expand_stored_reasons
from storage.cases.types import (
    AccountCase,
    CaseAccount,
    CaseDecision,
    CaseDetection,
    CaseFlag,
    CaseMedia,
    CasePlan,
    CasePlatform,
    CasePost,
    CaseRevision,
)
from storage.findings import reasons_from_stored
from storage.models import (
    Account,
    AccountRevision,
    Decision,
    Detection,
    Flag,
    Media,
    Plan,
    Platform,
    Post,
    User,
    WatchlistPerson,
)

T = TypeVar("T")


@dataclass(frozen=True)
class CaseScope:
    """How much of the graph to read. The defaults read everything, oldest first (the
    export); the review app reads the newest rows only, so a page stays fast."""

    # None: every detection by id; N: the newest N, newest first.
    newest_detections: int | None = None
    # None: every post by id; N: the newest N posts plus up to `flagged_posts` that
    # the newest detections flagged or gave reasons for.
    recent_posts: int | None = None
    flagged_posts: int = 0
    # None: every picture; N: the first N of the account and of the posts read.
    media: int | None = None
    # None: every decision by id; N: the newest N, newest first.
    newest_decisions: int | None = None
    plans_by_price: bool = False


EVERYTHING = CaseScope()


def columns(model: type, value_type: type, count: int | None = None) -> list[Any]:
    """The model's columns named like the value type's (first `count`) fields, in order."""
    return [getattr(model, f.name) for f in fields(value_type)[:count]]


def _values(session: Session, value_type: type[T], query: Select[Any]) -> tuple[T, ...]:
    return tuple(value_type(*row) for row in session.execute(query))


def load_case(
    session: Session, account_id: int, scope: CaseScope = EVERYTHING
) -> AccountCase | None:
    found = session.execute(
        select(*columns(Account, CaseAccount), *columns(Platform, CasePlatform))
        .join(Platform, Platform.id == Account.platform_id)
        .where(Account.id == account_id)
    ).first()
    if found is None:
        return None
    account_width = len(fields(CaseAccount))
    account = CaseAccount(*found[:account_width])
    platform = CasePlatform(*found[account_width:])
    detections = _detections(session, account_id, scope)
    posts = _posts(session, account_id, scope, detections)
    flags = _values(
        session,
        CaseFlag,
        select(*columns(Flag, CaseFlag)).where(Flag.account_id == account_id).order_by(Flag.id),
    )
    return AccountCase(
        account=account,
        platform=platform,
        plans=_plans(session, account_id, scope),
        posts=posts,
        detections=detections,
        flags=flags,
        decisions=load_decisions(
            session,
            account_id=account_id,
            newest=scope.newest_decisions,
        ),
        media=_media(session, account_id, scope, posts),
        person_names=person_names(session, _people_of(flags, detections)),
    )


def _plans(session: Session, account_id: int, scope: CaseScope) -> tuple[CasePlan, ...]:
    order = (Plan.price, Plan.id) if scope.plans_by_price else (Plan.id,)
    return _values(
        session,
        CasePlan,
        select(*columns(Plan, CasePlan)).where(Plan.account_id == account_id).order_by(*order),
    )


def _detections(session: Session, account_id: int, scope: CaseScope) -> tuple[CaseDetection, ...]:
    query = select(*columns(Detection, CaseDetection)).where(Detection.account_id == account_id)
    if scope.newest_detections is None:
        query = query.order_by(Detection.id)
    else:
        query = query.order_by(Detection.created_at.desc(), Detection.id.desc()).limit(
            scope.newest_detections
        )
    loaded = _values(session, CaseDetection, query)
    # Account reasons may refer to post detections instead of copying them
    # (docs/architecture.md, "Detection contract"): a case holds them expanded.
    expanded = expand_stored_reasons(session, {d.id: d.reasons for d in loaded})
    return tuple(replace(d, reasons=expanded[d.id]) for d in loaded)


def newest_by_subject(detections: Iterable[CaseDetection]) -> dict[int | None, CaseDetection]:
    """The first detection seen per subject: key None for the account, else the post id.
    Given detections newest first, that is each subject's current verdict."""
    latest: dict[int | None, CaseDetection] = {}
    for detection in detections:
        key = detection.post_id if detection.subject == "post" else None
        latest.setdefault(key, detection)
    return latest


def _posts(
    session: Session, account_id: int, scope: CaseScope, detections: tuple[CaseDetection, ...]
) -> tuple[CasePost, ...]:
    base = select(*columns(Post, CasePost))
    if scope.recent_posts is None:
        return _values(
            session, CasePost, base.where(Post.account_id == account_id).order_by(Post.id)
        )
    flagged_ids = [
        post_id
        for post_id, detection in newest_by_subject(detections).items()
        if post_id is not None and (detection.flagged or detection.reasons)
    ][: scope.flagged_posts]
    posts: dict[int, CasePost] = {}
    if flagged_ids:
        posts.update(
            (p.id, p) for p in _values(session, CasePost, base.where(Post.id.in_(flagged_ids)))
        )
    recent = (
        base.where(Post.account_id == account_id)
        .order_by(Post.first_seen_at.desc(), Post.id.desc())
        .limit(scope.recent_posts)
    )
    for post in _values(session, CasePost, recent):
        posts.setdefault(post.id, post)
    return tuple(posts.values())


def posts_page(
    session: Session, account_id: int, before: tuple[datetime, int] | None, limit: int
) -> list[CasePost]:
    """Up to `limit` posts newest first, starting after the (first seen, id) `before`."""
    query = select(*columns(Post, CasePost)).where(Post.account_id == account_id)
    if before is not None:
        stamp, post_id = before
        query = query.where(
            or_(Post.first_seen_at < stamp, and_(Post.first_seen_at == stamp, Post.id < post_id))
        )
    query = query.order_by(Post.first_seen_at.desc(), Post.id.desc()).limit(limit)
    return list(_values(session, CasePost, query))


def _media(
    session: Session, account_id: int, scope: CaseScope, posts: tuple[CasePost, ...]
) -> tuple[CaseMedia, ...]:
    query = select(*columns(Media, CaseMedia)).where(Media.account_id == account_id)
    if scope.recent_posts is not None:
        # Only the pictures of the posts shown (and of the profile itself).
        post_ids = [p.id for p in posts] or [-1]
        query = query.where(or_(Media.post_id.is_(None), Media.post_id.in_(post_ids)))
    query = query.order_by(Media.id)
    if scope.media is not None:
        query = query.limit(scope.media)
    return _values(session, CaseMedia, query)


def load_decisions(
    session: Session,
    *,
    account_id: int | None = None,
    flag_id: int | None = None,
    newest: int | None = None,
) -> tuple[CaseDecision, ...]:
    """Decisions with who made them; every one by id, or the `newest` N newest first."""
    if newest == 0:
        return ()
    query = select(
        *columns(Decision, CaseDecision, 7), User.name, User.role, User.pseudonym
    ).outerjoin(User, User.id == Decision.user_id)
    if flag_id is not None:
        query = query.where(Decision.flag_id == flag_id)
    if account_id is not None:
        query = query.where(Decision.account_id == account_id)
    if newest is None:
        query = query.order_by(Decision.id)
    else:
        query = query.order_by(Decision.created_at.desc(), Decision.id.desc()).limit(newest)
    return _values(session, CaseDecision, query)


def load_revisions(session: Session, account_id: int, limit: int) -> tuple[CaseRevision, ...]:
    return _values(
        session,
        CaseRevision,
        select(*columns(AccountRevision, CaseRevision))
        .where(AccountRevision.account_id == account_id)
        .order_by(AccountRevision.at.desc())
        .limit(limit),
    )


def account_has_minor_risk(session: Session, account_id: int) -> bool:
    """One cheap query for access checks (the whole case is not needed to refuse)."""
    return (
        session.scalar(
            select(Flag.id).where(Flag.account_id == account_id, Flag.minor_risk.is_(True)).limit(1)
        )
        is not None
    )


def person_ids(values: Iterable[Any] | None) -> set[str]:
    """Person ids in a stored `people` list: plain ids or dicts with `id`/`person_id`."""
    ids: set[str] = set()
    for value in values or []:
        if isinstance(value, dict):
            value = value.get("id") or value.get("person_id")
        if value is not None:
            ids.add(str(value))
    return ids


def reason_person_ids(reasons: Iterable[Any] | None) -> set[str]:
    return {r.person_id for r in reasons_from_stored(reasons) if r.person_id}


def _people_of(flags: tuple[CaseFlag, ...], detections: tuple[CaseDetection, ...]) -> set[str]:
    """Every id a reader may look a name up for (a dict reference counts under both keys)."""
    values: list[Any] = []
    for row in (*flags, *detections):
        values.extend(row.people or [])
    ids = {str(v) for v in values if v is not None and not isinstance(v, dict)}
    for value in values:
        if isinstance(value, dict):
            ids |= {str(value[k]) for k in ("id", "person_id") if value.get(k)}
    for detection in detections:
        ids |= reason_person_ids(detection.reasons)
    return ids


def person_names(session: Session, ids: set[str]) -> dict[str, str]:
    """Watchlist names by person id, in one query; unknown ids are left out."""
    if not ids:
        return {}
    query = select(WatchlistPerson.id, WatchlistPerson.name).where(
        WatchlistPerson.id.in_(sorted(ids))
    )
    return {pid: name for pid, name in session.execute(query)}
