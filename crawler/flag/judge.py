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
from crawler.detect.results import AccountResult, TextResult
from crawler.flag.judge_inputs import AccountRows, judged_rows
from storage.blobs import BlobStore
from storage.findings import AccountText, PartRef, account_name, plan_text, post_text
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
    session: Session, account_id: int
) -> dict[int, tuple[int, str, list[Any]]]:
    """Each post's newest detection: post id -> (detection id, text hash, stored reasons)."""
    rows = session.execute(
        select(Detection.post_id, Detection.id, Detection.text_sha256, Detection.reasons)
        .where(Detection.account_id == account_id, Detection.subject == "post")
        .order_by(Detection.id)
    )
    return {post_id: (det_id, sha, list(reasons or [])) for post_id, det_id, sha, reasons in rows}


def _store_post_detections(
    session: Session,
    account_id: int,
    posts: list[Post],
    parts: dict[PartRef, TextResult],
    run_id: int | None,
    detector_version: str,
) -> dict[str, tuple[int, list[Any]]]:
    """One detection per post whose text is new or changed, from the account judgement's own
    per-part results: the crawl classifies each text once, here, not again per item. The
    new rows go in one multi-row insert. Returns each judged post's current detection by
    part ("post[3]" -> (id, stored reasons)), for the account's reasons to refer to."""
    latest = _latest_post_detections(session, account_id)
    current: dict[str, tuple[int, list[Any]]] = {}
    rows: list[tuple[str, dict[str, Any]]] = []
    for index, (post, text) in enumerate(zip(posts, _post_texts(posts), strict=True)):
        ref = PartRef.post(index)
        part = parts.get(ref)
        text_sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if part is None:
            continue
        known = latest.get(post.id)
        if known is not None and known[1] == text_sha:
            current[str(ref)] = (known[0], unpack_reasons(known[2]))
            continue
        found = part.to_dict()
        row = {
            "account_id": account_id,
            "post_id": post.id,
            "subject": "post",
            "run_id": run_id,
            "flagged": bool(found["flagged"]),
            "score": float(found["score"]),
            "minor_risk": bool(found["minor_risk"]),
            "people": list(found["people"]),
            "reasons": pack_reasons(found["reasons"]),
            "detector_version": detector_version,
            "text_sha256": text_sha,
            "created_at": utcnow(),
        }
        rows.append((str(ref), row))
    if rows:
        ids = session.scalars(
            insert(Detection).returning(Detection.id, sort_by_parameter_order=True),
            [row for _, row in rows],
        ).all()
        for (ref_text, row), det_id in zip(rows, ids, strict=True):
            current[ref_text] = (det_id, unpack_reasons(row["reasons"]))
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
    prejudged: Mapping[int, tuple[str, AccountResult]] | None = None,
) -> JudgeOutcome:
    """`prejudged`: judgements the store process made during the crawl (crawler/flag/
    prejudge.py), by account id with the text digest they were made on, by this detector."""
    outcome = JudgeOutcome()
    ready = prejudged or {}
    for rows in judged_rows(session, account_ids):
        account, posts, previous = rows.account, rows.posts, rows.previous
        account_id = account.id
        inputs, text_sha = account_fingerprint(rows)
        if (
            previous is not None
            and previous.text_sha256 == text_sha
            and previous.detector_version == detector_version
        ):
            outcome.unchanged += 1
            continue
        made = ready.get(account_id)
        if made is not None and made[0] == text_sha:
            judgement = made[1]
            outcome.judged_during_crawl += 1
        else:
            judgement = detector.classify_account(inputs)
        result = judgement.to_dict()
        post_detections = _store_post_detections(
            session, account_id, posts, judgement.parts, run_id, detector_version
        )
        detection = Detection(
            account_id=account_id,
            subject="account",
            run_id=run_id,
            flagged=bool(result["flagged"]),
            score=float(result["score"]),
            minor_risk=bool(result["minor_risk"]),
            people=list(result["people"]),
            # Post reasons as references to the post detections just read or written, the
            # rest packed (docs/architecture.md, "Detection contract"): stored once, small.
            reasons=pack_reasons(compact_reasons(result["reasons"], post_detections)),
            detector_version=detector_version,
            text_sha256=text_sha,
        )
        session.add(detection)
        session.flush()
        outcome.judged += 1
        if detection.minor_risk:
            outcome.purged_thumbnails += _purge_thumbnails(session, blobs, account_id)
        flag_reason = _flag_reason(session, account, detection, previous, run_id)
        if flag_reason is None:
            continue
        reason, detail = flag_reason
        flag = Flag(
            account_id=account_id,
            status="new",
            reason=reason,
            detail=detail,
            score=detection.score,
            minor_risk=detection.minor_risk,
            people=detection.people,
            detection_id=detection.id,
            run_id=run_id,
        )
        session.add(flag)
        session.flush()
        (
            outcome.new_flags if reason in ("new_account", "now_matches") else outcome.requeued
        ).append(flag.id)
    return outcome


def _flag_reason(
    session: Session,
    account: Account,
    detection: Detection,
    previous: Detection | None,
    run_id: int | None,
) -> tuple[str, str] | None:
    """Why this account goes (back) to the review queue, or None."""
    if not detection.flagged:
        return None
    flags = session.scalars(
        select(Flag).where(Flag.account_id == account.id).order_by(Flag.id.desc())
    ).all()
    if not flags:
        if account.first_seen_run_id == run_id:
            return "new_account", "first seen in this run and scores above the threshold"
        return "now_matches", "known account that now scores above the threshold"
    if any(f.status in OPEN_STATUSES for f in flags):
        return None  # already waiting for a reviewer
    last = flags[0]
    old_people = set(previous.people if previous else [])
    new_people = sorted(set(detection.people) - old_people)
    if last.status == "dismissed" and (previous is None or not previous.flagged or new_people):
        return "returned", "dismissed earlier, now targets people" + (
            f": {', '.join(new_people)}" if new_people else ""
        )
    reasons = []
    if new_people:
        reasons.append("new named people: " + ", ".join(new_people))
    if detection.minor_risk and not (previous and previous.minor_risk):
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
