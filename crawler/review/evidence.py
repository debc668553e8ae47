"""Everything a reviewer sees about one account, loaded in a fixed number of queries.

Used by the item view (why was this flagged?) and the account page (its timeline).
Nothing here renders HTML: templates escape every scraped string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from crawler.review.highlight import ReasonSummary, summarize_reasons
from storage.models import (
    Account,
    AccountRevision,
    Capture,
    Decision,
    Detection,
    EvidenceLink,
    Flag,
    Media,
    Plan,
    Platform,
    Post,
    User,
    WatchlistPerson,
)

FLAGGED_POSTS_SHOWN = 50
RECENT_POSTS_SHOWN = 20
CAPTURES_SHOWN = 30
ACCOUNT_POSTS_PAGE = 50
ACCOUNT_CAPTURES_SHOWN = 200
DETECTIONS_READ = 500


@dataclass
class MediaView:
    id: int
    url: str
    blurred_available: bool
    original_available: bool
    withheld_reason: str | None
    sha256: str | None
    pdq: str | None


@dataclass
class PostView:
    post: Post
    reasons: list[dict[str, Any]]
    flagged: bool
    score: float | None
    media: list[MediaView] = field(default_factory=list)


@dataclass
class PersonView:
    id: str
    name: str


@dataclass
class CaptureView:
    id: int
    kind: str
    url: str
    status: int | None
    captured_at: datetime
    sha256: str
    warc_file: str | None
    warc_offset: int | None
    warc_length: int | None
    has_screenshot: bool


@dataclass
class DecisionView:
    flag_id: int
    decision: str
    note: str | None
    at: datetime
    user_name: str
    role: str


@dataclass
class AccountEvidence:
    account: Account
    platform: str
    plans: list[Plan]
    account_reasons: list[dict[str, Any]]
    posts: list[PostView]
    people: list[PersonView]
    captures: list[CaptureView]
    account_media: list[MediaView]
    minor_risk: bool
    reasons_by_post: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    reason_summary: list[ReasonSummary] = field(default_factory=list)


def _person_ids(values: list[Any]) -> set[str]:
    ids: set[str] = set()
    for value in values or []:
        if isinstance(value, dict):
            value = value.get("id") or value.get("person_id")
        if value is not None:
            ids.add(str(value))
    return ids


def load_people(session: Session, ids: set[str]) -> list[PersonView]:
    if not ids:
        return []
    found = {
        pid: name
        for pid, name in session.execute(
            select(WatchlistPerson.id, WatchlistPerson.name).where(WatchlistPerson.id.in_(ids))
        )
    }
    return [PersonView(id=pid, name=found.get(pid, f"(person {pid})")) for pid in sorted(ids)]


def account_has_minor_risk(session: Session, account_id: int) -> bool:
    return (
        session.scalar(
            select(Flag.id).where(Flag.account_id == account_id, Flag.minor_risk.is_(True)).limit(1)
        )
        is not None
    )


def _media_view(media: Media, minor_risk: bool) -> MediaView:
    # For anything that may involve a minor, no image is ever served, even blurred.
    withheld = media.withheld_reason or ("minor_risk" if minor_risk else None)
    return MediaView(
        id=media.id,
        url=media.url,
        blurred_available=bool(media.thumb_blob) and withheld is None,
        original_available=bool(media.original_blob) and withheld is None,
        withheld_reason=withheld,
        sha256=media.sha256,
        pdq=media.pdq,
    )


def _latest_detections(session: Session, account_id: int) -> dict[int | None, Detection]:
    """The newest detection per subject: key None for the account, else the post id."""
    latest: dict[int | None, Detection] = {}
    for detection in session.scalars(
        select(Detection)
        .where(Detection.account_id == account_id)
        .order_by(Detection.created_at.desc(), Detection.id.desc())
        .limit(DETECTIONS_READ)
    ):
        key = detection.post_id if detection.subject == "post" else None
        latest.setdefault(key, detection)
    return latest


def _captures(session: Session, account_id: int, limit: int) -> list[CaptureView]:
    linked = select(EvidenceLink.capture_id).where(EvidenceLink.account_id == account_id)
    rows = session.execute(
        select(
            Capture.id,
            Capture.kind,
            Capture.url,
            Capture.status,
            Capture.captured_at,
            Capture.sha256,
            Capture.warc_file,
            Capture.warc_offset,
            Capture.warc_length,
            Capture.blob_sha256,
        )
        .where(Capture.id.in_(linked))
        .order_by(Capture.captured_at.desc(), Capture.id.desc())
        .limit(limit)
    )
    return [
        CaptureView(
            id=row[0],
            kind=row[1],
            url=row[2],
            status=row[3],
            captured_at=row[4],
            sha256=row[5],
            warc_file=row[6],
            warc_offset=row[7],
            warc_length=row[8],
            has_screenshot=row[1] == "screenshot" and bool(row[9]),
        )
        for row in rows
    ]


def load_account_evidence(
    session: Session, account_id: int, flag: Flag | None = None
) -> AccountEvidence | None:
    found = session.execute(
        select(Account, Platform.display_name)
        .join(Platform, Platform.id == Account.platform_id)
        .where(Account.id == account_id)
    ).first()
    if found is None:
        return None
    account, platform = found
    minor_risk = account_has_minor_risk(session, account_id)
    plans = list(
        session.scalars(
            select(Plan).where(Plan.account_id == account_id).order_by(Plan.price, Plan.id)
        )
    )
    latest = _latest_detections(session, account_id)
    flagged_post_ids = [
        post_id
        for post_id, detection in latest.items()
        if post_id is not None and (detection.flagged or detection.reasons)
    ][:FLAGGED_POSTS_SHOWN]
    posts: dict[int, Post] = {}
    if flagged_post_ids:
        posts.update(
            (p.id, p) for p in session.scalars(select(Post).where(Post.id.in_(flagged_post_ids)))
        )
    for post in session.scalars(
        select(Post)
        .where(Post.account_id == account_id)
        .order_by(Post.first_seen_at.desc(), Post.id.desc())
        .limit(RECENT_POSTS_SHOWN)
    ):
        posts.setdefault(post.id, post)
    media_rows = list(
        session.scalars(
            select(Media)
            .where(
                Media.account_id == account_id,
                or_(Media.post_id.is_(None), Media.post_id.in_(list(posts) or [-1])),
            )
            .order_by(Media.id)
            .limit(300)
        )
    )
    media_by_post: dict[int | None, list[MediaView]] = {}
    for media in media_rows:
        media_by_post.setdefault(media.post_id, []).append(_media_view(media, minor_risk))

    def post_view(post: Post) -> PostView:
        detection = latest.get(post.id)
        return PostView(
            post=post,
            reasons=list(detection.reasons or []) if detection else [],
            flagged=bool(detection and detection.flagged),
            score=detection.score if detection else None,
            media=media_by_post.get(post.id, []),
        )

    post_views = sorted(
        (post_view(p) for p in posts.values()),
        key=lambda v: (not v.flagged, -(v.post.first_seen_at.timestamp()), -v.post.id),
    )
    account_detection = latest.get(None)
    account_reasons = list(account_detection.reasons or []) if account_detection else []
    summary = summarize_reasons(
        [("profile", account_reasons)] + [("post", v.reasons) for v in post_views if v.flagged]
    )
    people_ids = _person_ids(flag.people if flag else [])
    for detection in latest.values():
        people_ids |= _person_ids(detection.people)
        people_ids |= {
            str(r["person_id"])
            for r in detection.reasons or []
            if isinstance(r, dict) and r.get("person_id")
        }
    return AccountEvidence(
        account=account,
        platform=platform,
        plans=plans,
        account_reasons=account_reasons,
        posts=post_views,
        people=load_people(session, people_ids),
        captures=_captures(session, account_id, CAPTURES_SHOWN),
        account_media=media_by_post.get(None, []),
        minor_risk=minor_risk,
        reason_summary=summary,
        reasons_by_post={
            post_id: list(d.reasons or []) for post_id, d in latest.items() if post_id is not None
        },
    )


def load_decisions(
    session: Session, *, account_id: int | None = None, flag_id: int | None = None
) -> list[DecisionView]:
    query = select(
        Decision.flag_id,
        Decision.decision,
        Decision.note,
        Decision.created_at,
        User.name,
        User.role,
    ).join(User, User.id == Decision.user_id)
    if flag_id is not None:
        query = query.where(Decision.flag_id == flag_id)
    if account_id is not None:
        query = query.where(Decision.account_id == account_id)
    return [
        DecisionView(flag_id=r[0], decision=r[1], note=r[2], at=r[3], user_name=r[4], role=r[5])
        for r in session.execute(
            query.order_by(Decision.created_at.desc(), Decision.id.desc()).limit(200)
        )
    ]


@dataclass
class TimelineEvent:
    at: datetime
    kind: str
    title: str
    detail: str | None = None
    capture: CaptureView | None = None


@dataclass
class AccountPage:
    evidence: AccountEvidence
    flags: list[Flag]
    timeline: list[TimelineEvent]
    posts: list[Post]
    next_posts_cursor: str | None
    capture_count: int


def load_account_page(
    session: Session, account_id: int, posts_cursor: str | None = None
) -> AccountPage | None:
    evidence = load_account_evidence(session, account_id)
    if evidence is None:
        return None
    account = evidence.account
    flags = list(
        session.scalars(
            select(Flag).where(Flag.account_id == account_id).order_by(Flag.created_at.desc())
        )
    )
    captures = _captures(session, account_id, ACCOUNT_CAPTURES_SHOWN)
    capture_count = (
        session.scalar(
            select(func.count())
            .select_from(EvidenceLink)
            .where(EvidenceLink.account_id == account_id)
        )
        or 0
    )
    revisions = list(
        session.scalars(
            select(AccountRevision)
            .where(AccountRevision.account_id == account_id)
            .order_by(AccountRevision.at.desc())
            .limit(100)
        )
    )
    timeline = [TimelineEvent(at=account.first_seen_at, kind="first_seen", title="First seen")]
    timeline += [
        TimelineEvent(at=c.captured_at, kind="capture", title=f"Captured ({c.kind})", capture=c)
        for c in captures
    ]
    timeline += [
        TimelineEvent(
            at=r.at,
            kind="change",
            title="Changed: " + ", ".join(str(f) for f in r.changed_fields or []),
            detail=r.diff or None,
        )
        for r in revisions
    ]
    timeline += [
        TimelineEvent(
            at=f.created_at, kind="flag", title=f"Flagged ({f.reason}), score {f.score:.2f}"
        )
        for f in flags
    ]
    timeline += [
        TimelineEvent(
            at=d.at,
            kind="decision",
            title=f"{d.decision.capitalize()} by {d.user_name} ({d.role})",
            detail=d.note,
        )
        for d in load_decisions(session, account_id=account_id)
    ]
    if account.missing_since_at:
        timeline.append(
            TimelineEvent(at=account.missing_since_at, kind="missing", title="Gone from the site")
        )
    timeline.sort(key=lambda e: e.at, reverse=True)

    posts_query = select(Post).where(Post.account_id == account_id)
    cursor = _decode_post_cursor(posts_cursor)
    if cursor is not None:
        stamp, post_id = cursor
        posts_query = posts_query.where(
            or_(Post.first_seen_at < stamp, and_(Post.first_seen_at == stamp, Post.id < post_id))
        )
    posts = list(
        session.scalars(
            posts_query.order_by(Post.first_seen_at.desc(), Post.id.desc()).limit(
                ACCOUNT_POSTS_PAGE + 1
            )
        )
    )
    next_cursor = None
    if len(posts) > ACCOUNT_POSTS_PAGE:
        posts = posts[:ACCOUNT_POSTS_PAGE]
        next_cursor = f"{posts[-1].first_seen_at.isoformat()}|{posts[-1].id}"
    return AccountPage(
        evidence=evidence,
        flags=flags,
        timeline=timeline,
        posts=posts,
        next_posts_cursor=next_cursor,
        capture_count=capture_count,
    )


def _decode_post_cursor(text: str | None) -> tuple[datetime, int] | None:
    if not text or "|" not in text or len(text) > 80:
        return None
    stamp, _, post_id = text.rpartition("|")
    try:
        parsed = datetime.fromisoformat(stamp)
        return (parsed, int(post_id)) if parsed.tzinfo else None
    except ValueError:
        return None
