"""Account-level judgement and review flags.

An account is judged from its name, bio, plans and posts together: a bio saying "requests
open" plus posts naming people is the pattern, not any one post. Its text is built by
storage.findings (AccountText), the same way the spider and the training rows build it
(docs/architecture.md, "Detection contract").
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from crawler.detect.protocol import TextDetector
from crawler.flag.judge_inputs import AccountRows, judged_chunks
from crawler.flag.verdicts import AccountVerdict, PostVerdict, ReadyDetection, account_verdict
from storage.blobs import BlobStore
from storage.findings import AccountText, account_name, plan_text, post_text
from storage.findings.reason_packing import pack_reasons, unpack_reasons
from storage.findings.reason_refs import compact_reasons
from storage.models import Account, Detection, Flag, Media, Plan, Post
from storage.models.base import utcnow

logger = logging.getLogger(__name__)

OPEN_STATUSES = ("new", "in_review", "escalated", "needs_analyst")


@dataclass
class JudgeOutcome:
    judged: int = 0
    # Of those, judged by the store process during the crawl (crawler/flag/prejudge.py).
    judged_during_crawl: int = 0
    unchanged: int = 0
    new_flags: list[int] = field(default_factory=list)
    requeued: list[int] = field(default_factory=list)
    purged_thumbnails: int = 0


def _post_texts(posts: list[Post]) -> list[str]:
    # The store keeps a post's parsed price, not its price text: none is passed.
    return [post_text(p.title, p.text) for p in posts]


def account_posts(session: Session, account: Account) -> list[Post]:
    return list(
        session.scalars(
            select(Post)
            .where(Post.account_id == account.id, Post.missing_since_run_id.is_(None))
            .order_by(Post.first_seen_at, Post.id)
        )
    )


def _latest_post_detections(
    session: Session, account_ids: Sequence[int]
) -> dict[int, tuple[int, str, list[Any]]]:
    """Each post's newest detection: post id -> (detection id, text hash, stored reasons)."""
    rows = session.execute(
        select(Detection.post_id, Detection.id, Detection.text_sha256, Detection.reasons)
        .where(Detection.account_id.in_(account_ids), Detection.subject == "post")
        .order_by(Detection.id)
    )
    return {post_id: (det_id, sha, list(reasons or [])) for post_id, det_id, sha, reasons in rows}


def _inserted_ids(session: Session, rows: list[dict[str, Any]], model: type[Any]) -> list[int]:
    """Rows written in one multi-row insert; their ids in the rows' order."""
    if not rows:
        return []
    return list(
        session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), rows)
    )


def _store_post_detections(
    session: Session, verdicts: Sequence[AccountVerdict], run_id: int | None, version: str
) -> dict[int, dict[str, tuple[int, list[Any]]]]:
    """One detection per post whose text is new or changed, from the account judgement's own
    per-part results: the crawl classifies each text once, not again per item. The new rows
    of a whole chunk of accounts go in one multi-row insert. Returns, per account, each
    judged post's current detection by part ("post[3]" -> (id, reasons)), for the account's
    reasons to refer to."""
    latest = _latest_post_detections(session, [v.account_id for v in verdicts])
    current: dict[int, dict[str, tuple[int, list[Any]]]] = {}
    pending: list[tuple[dict[str, tuple[int, list[Any]]], PostVerdict]] = []
    rows: list[dict[str, Any]] = []
    now = utcnow()
    for verdict in verdicts:
        mine = current.setdefault(verdict.account_id, {})
        for post in verdict.posts:
            known = latest.get(post.post_id)
            if known is not None and known[1] == post.text_sha256:
                mine[post.part] = (known[0], unpack_reasons(known[2]))
                continue
            pending.append((mine, post))
            rows.append(
                {
                    "account_id": verdict.account_id,
                    "post_id": post.post_id,
                    "subject": "post",
                    "run_id": run_id,
                    "flagged": post.flagged,
                    "score": post.score,
                    "minor_risk": post.minor_risk,
                    "people": post.people,
                    "reasons": post.packed,
                    "detector_version": version,
                    "text_sha256": post.text_sha256,
                    "created_at": now,
                }
            )
    for (mine, post), det_id in zip(pending, _inserted_ids(session, rows, Detection), strict=True):
        mine[post.part] = (det_id, post.reasons)
    return current


def account_inputs(session: Session, account: Account, posts: list[Post]) -> AccountText:
    """What the detector judges of an account (also what reviewers' decisions train on)."""
    plans = session.scalars(
        select(Plan)
        .where(Plan.account_id == account.id, Plan.missing_since_run_id.is_(None))
        .order_by(Plan.name)
    ).all()
    return _account_text(account, plans, posts)


def account_fingerprint(rows: AccountRows) -> tuple[AccountText, str]:
    """What the detector judges of an account, and the digest a stored judgement is kept by."""
    inputs = _account_text(rows.account, rows.plans, rows.posts)
    text_sha = hashlib.sha256(
        json.dumps(inputs.to_stored(), sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    return inputs, text_sha


def _account_text(account: Account, plans: Sequence[Plan], posts: list[Post]) -> AccountText:
    return AccountText(
        display_name=account_name(account.display_name, account.handle),
        bio=account.bio or "",
        plans=tuple(plan_text(p.name, p.price_text, p.description) for p in plans),
        posts=tuple(_post_texts(posts)),
    )


def _purge_thumbnails(session: Session, blobs: BlobStore, account_id: int) -> int:
    purged = 0
    for media in session.scalars(select(Media).where(Media.account_id == account_id)):
        for attr in ("thumb_blob", "original_blob"):
            sha = getattr(media, attr)
            if sha is None:
                continue
            setattr(media, attr, None)
            still_used = session.scalar(
                select(Media.id)
                .where(
                    (Media.thumb_blob == sha) | (Media.original_blob == sha), Media.id != media.id
                )
                .limit(1)
            )
            if still_used is None and blobs.purge(sha):
                purged += 1
        media.withheld_reason = "minor_risk"
    return purged


def judge_accounts(
    session: Session,
    detector: TextDetector,
    *,
    account_ids: list[int],
    run_id: int | None,
    detector_version: str,
    blobs: BlobStore,
    prejudged: Mapping[int, ReadyDetection] | None = None,
) -> JudgeOutcome:
    """`prejudged`: judgements the store process made during the crawl (crawler/flag/
    prejudge.py), by account id, each with the text digest it was made on, by this detector.
    Written a chunk of accounts at a time: a few statements per chunk, not per account."""
    outcome = JudgeOutcome()
    ready = prejudged or {}
    for chunk in judged_chunks(session, account_ids):
        judged: dict[int, ReadyDetection] = {}
        late: list[AccountVerdict] = []
        for rows in chunk:
            previous = rows.previous
            inputs, text_sha = account_fingerprint(rows)
            if (
                previous is not None
                and previous.text_sha256 == text_sha
                and previous.detector_version == detector_version
            ):
                outcome.unchanged += 1
                continue
            made = ready.get(rows.account.id)
            if made is not None and made.text_sha256 == text_sha:
                outcome.judged_during_crawl += 1
                judged[rows.account.id] = made
                continue
            judgement = detector.classify_account(inputs)
            late.append(
                account_verdict(rows.account.id, text_sha, rows.posts, inputs.posts, judgement)
            )
        for made in write_post_detections(session, late, run_id, detector_version):
            judged[made.account_id] = made
        in_order = [(rows, judged[rows.account.id]) for rows in chunk if rows.account.id in judged]
        if in_order:
            _store_judgements(session, in_order, run_id, detector_version, blobs, outcome)
    return outcome


def write_post_detections(
    session: Session, verdicts: Sequence[AccountVerdict], run_id: int | None, version: str
) -> list[ReadyDetection]:
    """Write the posts' detections of `verdicts`; their accounts' rows, ready to write."""
    if not verdicts:
        return []
    post_detections = _store_post_detections(session, verdicts, run_id, version)
    return [
        ReadyDetection(
            account_id=verdict.account_id,
            text_sha256=verdict.text_sha256,
            flagged=verdict.flagged,
            score=verdict.score,
            minor_risk=verdict.minor_risk,
            people=verdict.people,
            # Post reasons as references to the post detections just read or written, the
            # rest packed (docs/architecture.md, "Detection contract"): stored once, small.
            reasons=pack_reasons(
                compact_reasons(verdict.reasons, post_detections[verdict.account_id])
            ),
        )
        for verdict in verdicts
    ]


def _store_judgements(
    session: Session,
    judged: list[tuple[AccountRows, ReadyDetection]],
    run_id: int | None,
    version: str,
    blobs: BlobStore,
    outcome: JudgeOutcome,
) -> None:
    """A chunk's account detections, then its flags, each kind in one multi-row insert."""
    now = utcnow()
    rows = [
        {
            "account_id": made.account_id,
            "post_id": None,
            "subject": "account",
            "run_id": run_id,
            "flagged": made.flagged,
            "score": made.score,
            "minor_risk": made.minor_risk,
            "people": made.people,
            "reasons": made.reasons,
            "detector_version": version,
            "text_sha256": made.text_sha256,
            "created_at": now,
        }
        for _, made in judged
    ]
    detection_ids = _inserted_ids(session, rows, Detection)
    outcome.judged += len(judged)
    earlier = _flags_of(session, [made.account_id for _, made in judged if made.flagged])
    flags: list[dict[str, Any]] = []
    for (account_rows, verdict), detection_id in zip(judged, detection_ids, strict=True):
        if verdict.minor_risk:
            outcome.purged_thumbnails += _purge_thumbnails(session, blobs, verdict.account_id)
        flag_reason = _flag_reason(
            session, account_rows, verdict, earlier.get(verdict.account_id, []), run_id
        )
        if flag_reason is not None:
            flags.append(
                {
                    "account_id": verdict.account_id,
                    "status": "new",
                    "reason": flag_reason[0],
                    "detail": flag_reason[1],
                    "score": verdict.score,
                    "minor_risk": verdict.minor_risk,
                    "people": verdict.people,
                    "detection_id": detection_id,
                    "run_id": run_id,
                    "created_at": now,
                    "updated_at": now,
                }
            )
    for flag, flag_id in zip(flags, _inserted_ids(session, flags, Flag), strict=True):
        fresh = flag["reason"] in ("new_account", "now_matches")
        (outcome.new_flags if fresh else outcome.requeued).append(flag_id)


def _flags_of(session: Session, account_ids: Sequence[int]) -> dict[int, list[Flag]]:
    """Each account's flags, newest first."""
    found: dict[int, list[Flag]] = {}
    if account_ids:
        for flag in session.scalars(
            select(Flag).where(Flag.account_id.in_(account_ids)).order_by(Flag.id.desc())
        ):
            found.setdefault(flag.account_id, []).append(flag)
    return found


def _flag_reason(
    session: Session,
    rows: AccountRows,
    verdict: ReadyDetection,
    flags: Sequence[Flag],
    run_id: int | None,
) -> tuple[str, str] | None:
    """Why this account goes (back) to the review queue, or None. `flags`: its flags, newest
    first."""
    if not verdict.flagged:
        return None
    account, previous = rows.account, rows.previous
    if not flags:
        if account.first_seen_run_id == run_id:
            return "new_account", "first seen in this run and scores above the threshold"
        return "now_matches", "known account that now scores above the threshold"
    if any(f.status in OPEN_STATUSES for f in flags):
        return None  # already waiting for a reviewer
    last = flags[0]
    old_people = set(previous.people if previous else [])
    new_people = sorted(set(verdict.people) - old_people)
    if last.status == "dismissed" and (previous is None or not previous.flagged or new_people):
        return "returned", "dismissed earlier, now targets people" + (
            f": {', '.join(new_people)}" if new_people else ""
        )
    reasons = []
    if new_people:
        reasons.append("new named people: " + ", ".join(new_people))
    if verdict.minor_risk and not (previous and previous.minor_risk):
        reasons.append("now implies minors")
    new_plans = session.scalars(
        select(Plan.name).where(Plan.account_id == account.id, Plan.first_seen_at > last.created_at)
    ).all()
    if new_plans:
        reasons.append("new plans: " + ", ".join(new_plans))
    scoring_posts = session.scalar(
        select(Detection.id)
        .where(
            Detection.account_id == account.id,
            Detection.subject == "post",
            Detection.flagged.is_(True),
            Detection.created_at > last.created_at,
        )
        .limit(1)
    )
    if scoring_posts is not None:
        reasons.append("new posts that score")
    if reasons:
        return "changed", "; ".join(reasons)
    return None
