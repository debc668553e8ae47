"""Everything a reviewer sees about one account, shaped for the item and account pages.

The rows come from the shared case loader (storage.cases, see docs/architecture.md,
"Case loader") in a fixed number of queries; this module only picks what a page
shows. Nothing here renders HTML: templates escape every scraped string.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from crawler.review.i18n import N_, _
from crawler.review.reasons import name_separator, reason_groups
from crawler.review.web import REASON_LABELS, ROLE_LABELS
from storage.cases import (
    MINOR_RISK,
    AccountCase,
    CaseAccount,
    CaseCapture,
    CaseDecision,
    CaseDetection,
    CaseFlag,
    CaseMedia,
    CasePlan,
    CasePost,
    CaseScope,
    count_linked_captures,
    load_case,
    load_decisions,
    load_revisions,
    newest_by_subject,
    person_ids,
    posts_page,
    reason_person_ids,
    recent_captures,
)
from storage.findings import FamilyGroup, as_reasons
from storage.findings.reasons import POST

FLAGGED_POSTS_SHOWN = 50
RECENT_POSTS_SHOWN = 20
CAPTURES_SHOWN = 30
ACCOUNT_POSTS_PAGE = 50
ACCOUNT_CAPTURES_SHOWN = 200
DETECTIONS_READ = 500
MEDIA_SHOWN = 300
DECISIONS_SHOWN = 200
REVISIONS_SHOWN = 100

# The item page: the newest verdicts, flagged posts first, and the newest posts.
ITEM_SCOPE = CaseScope(
    newest_detections=DETECTIONS_READ,
    recent_posts=RECENT_POSTS_SHOWN,
    flagged_posts=FLAGGED_POSTS_SHOWN,
    media=MEDIA_SHOWN,
    newest_decisions=0,
    plans_by_price=True,
)
# The account page adds the review history to its timeline.
ACCOUNT_SCOPE = replace(ITEM_SCOPE, newest_decisions=DECISIONS_SHOWN)


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
    post: CasePost
    reasons: list[dict[str, Any]]
    flagged: bool
    score: float | None
    media: list[MediaView] = field(default_factory=list)


@dataclass
class PersonView:
    id: str
    name: str
    # Named by an analyst on the item page, not found by the detector in this account.
    from_review: bool = False


@dataclass
class AccountEvidence:
    account: CaseAccount
    platform: str
    plans: list[CasePlan]
    account_reasons: list[dict[str, Any]]
    posts: list[PostView]
    people: list[PersonView]
    captures: list[CaseCapture]
    account_media: list[MediaView]
    minor_risk: bool
    reasons_by_post: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    reason_groups: list[FamilyGroup] = field(default_factory=list)


def _media_view(media: CaseMedia, minor_risk: bool) -> MediaView:
    # For anything that may involve a minor, no image is ever served, even blurred.
    withheld = media.withheld_reason or (MINOR_RISK if minor_risk else None)
    return MediaView(
        id=media.id,
        url=media.url,
        blurred_available=bool(media.thumb_blob) and withheld is None,
        original_available=bool(media.original_blob) and withheld is None,
        withheld_reason=withheld,
        sha256=media.sha256,
        pdq=media.pdq,
    )


def _post_view(post: CasePost, detection: CaseDetection | None, media: list[MediaView]) -> PostView:
    return PostView(
        post=post,
        reasons=list(detection.reasons or []) if detection else [],
        flagged=bool(detection and detection.flagged),
        score=detection.score if detection else None,
        media=media,
    )


def _people(
    case: AccountCase, flag: CaseFlag | None, latest: list[CaseDetection]
) -> list[PersonView]:
    flagged = person_ids(flag.people if flag else [])
    detected: set[str] = set()
    for detection in latest:
        detected |= person_ids(detection.people) | reason_person_ids(detection.reasons)
    names = case.person_names
    return [
        PersonView(id=pid, name=names.get(pid, f"(person {pid})"), from_review=pid not in detected)
        for pid in sorted(flagged | detected)
    ]


def _post_reason_groups(
    account_reasons: list[Any], post_views: list[PostView]
) -> list[tuple[str, list[Any]]]:
    """The posts' own detections, for the summary, unless the account's judgement already
    names its posts part by part ("post[3]"): the judge stores each post's reasons from that
    same judgement, and counting both would count every post twice."""
    if any(r.part is not None and r.part.kind == POST for r in as_reasons(account_reasons)):
        return []
    return [("post", v.reasons) for v in post_views if v.flagged]


def _evidence(
    case: AccountCase, flag: CaseFlag | None, captures: list[CaseCapture]
) -> AccountEvidence:
    # Volunteers are kept off the account by its flags, and so are its pictures.
    minor_risk = case.flagged_minor
    latest = newest_by_subject(case.detections)
    media_by_post: dict[int | None, list[MediaView]] = {}
    for media in case.media:
        media_by_post.setdefault(media.post_id, []).append(_media_view(media, minor_risk))
    post_views = sorted(
        (_post_view(p, latest.get(p.id), media_by_post.get(p.id, [])) for p in case.posts),
        key=lambda v: (not v.flagged, -(v.post.first_seen_at.timestamp()), -v.post.id),
    )
    account_detection = latest.get(None)
    account_reasons = list(account_detection.reasons or []) if account_detection else []
    groups = reason_groups(
        [("profile", account_reasons), *_post_reason_groups(account_reasons, post_views)]
    )
    return AccountEvidence(
        account=case.account,
        platform=case.platform.display_name,
        plans=list(case.plans),
        account_reasons=account_reasons,
        posts=post_views,
        people=_people(case, flag, list(latest.values())),
        captures=captures,
        account_media=media_by_post.get(None, []),
        minor_risk=minor_risk,
        reason_groups=groups,
        reasons_by_post={
            post_id: list(d.reasons or []) for post_id, d in latest.items() if post_id is not None
        },
    )


def item_decisions(session: Session, flag_id: int) -> tuple[CaseDecision, ...]:
    """The decisions so far on one item, newest first."""
    return load_decisions(session, flag_id=flag_id, newest=DECISIONS_SHOWN)


def load_account_evidence(
    session: Session, account_id: int, flag: Any | None = None
) -> AccountEvidence | None:
    """The item page's evidence; `flag` (the item under review) adds the people it names."""
    case = load_case(session, account_id, ITEM_SCOPE)
    if case is None:
        return None
    item_flag = next((f for f in case.flags if flag is not None and f.id == flag.id), None)
    return _evidence(case, item_flag, recent_captures(session, account_id, CAPTURES_SHOWN))


@dataclass
class TimelineEvent:
    at: datetime
    kind: str
    title: str
    detail: str | None = None
    capture: CaseCapture | None = None


@dataclass
class AccountPage:
    evidence: AccountEvidence
    flags: list[CaseFlag]
    timeline: list[TimelineEvent]
    posts: list[CasePost]
    next_posts_cursor: str | None
    capture_count: int


# The timeline's words (English source, translated when the page is built).
CAPTURE_KINDS = {
    "response": N_("the page"),
    "revisit": N_("the page, unchanged"),
    "dom": N_("the page as the browser showed it"),
    "screenshot": N_("a screenshot"),
    "actions": N_("what the browser clicked"),
    "media": N_("an image"),
}
CHANGED_FIELDS = {
    "handle": N_("handle"),
    "display_name": N_("display name"),
    "bio": N_("profile text"),
    "links": N_("links"),
    "plans": N_("plans"),
}
DECISION_TITLES = {
    "confirm": N_("Confirmed by %(name)s (%(role)s)"),
    "dismiss": N_("Dismissed by %(name)s (%(role)s)"),
    "escalate": N_("Escalated by %(name)s (%(role)s)"),
}


def _words(table: dict[str, str], key: object) -> str:
    return _(table[str(key)]) if str(key) in table else _("something else")


def _timeline(
    session: Session,
    case: AccountCase,
    flags: list[CaseFlag],
    captures: list[CaseCapture],
) -> list[TimelineEvent]:
    account = case.account
    joiner = name_separator()
    timeline = [TimelineEvent(at=account.first_seen_at, kind="first_seen", title=_("First seen"))]
    timeline += [
        TimelineEvent(
            at=c.captured_at,
            kind="capture",
            title=_("Captured: %(what)s") % {"what": _words(CAPTURE_KINDS, c.kind)},
            capture=c,
        )
        for c in captures
    ]
    timeline += [
        TimelineEvent(
            at=r.at,
            kind="change",
            title=_("Changed: %(fields)s")
            % {"fields": joiner.join(_words(CHANGED_FIELDS, f) for f in r.changed_fields or [])},
            detail=r.diff or None,
        )
        for r in load_revisions(session, account.id, REVISIONS_SHOWN)
    ]
    timeline += [
        TimelineEvent(
            at=f.created_at,
            kind="flag",
            title=_("Flagged: %(why)s, score %(score).2f")
            % {"why": _words(REASON_LABELS, f.reason), "score": f.score},
        )
        for f in flags
    ]
    timeline += [_decision_event(d) for d in case.decisions]
    if account.missing_since_at:
        timeline.append(
            TimelineEvent(
                at=account.missing_since_at, kind="missing", title=_("Gone from the site")
            )
        )
    timeline.sort(key=lambda e: e.at, reverse=True)
    return timeline


def _decision_event(decision: CaseDecision) -> TimelineEvent:
    title = DECISION_TITLES.get(decision.decision)
    role = _words(ROLE_LABELS, decision.role)
    return TimelineEvent(
        at=decision.created_at,
        kind="decision",
        title=_(title) % {"name": decision.user_name, "role": role}
        if title
        else f"{decision.decision} ({decision.user_name}, {role})",
        detail=decision.note,
    )


def load_account_page(
    session: Session, account_id: int, posts_cursor: str | None = None
) -> AccountPage | None:
    case = load_case(session, account_id, ACCOUNT_SCOPE)
    if case is None:
        return None
    captures = recent_captures(session, account_id, ACCOUNT_CAPTURES_SHOWN)
    flags = sorted(case.flags, key=lambda f: f.created_at, reverse=True)
    posts = posts_page(
        session, account_id, _decode_post_cursor(posts_cursor), ACCOUNT_POSTS_PAGE + 1
    )
    next_cursor = None
    if len(posts) > ACCOUNT_POSTS_PAGE:
        posts = posts[:ACCOUNT_POSTS_PAGE]
        next_cursor = f"{posts[-1].first_seen_at.isoformat()}|{posts[-1].id}"
    return AccountPage(
        # The same newest-first order: the item page's captures are the first few.
        evidence=_evidence(case, None, captures[:CAPTURES_SHOWN]),
        flags=flags,
        timeline=_timeline(session, case, flags, captures),
        posts=posts,
        next_posts_cursor=next_cursor,
        capture_count=count_linked_captures(session, account_id),
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
