"""Step 5: mimamori's own record of the case, as JSON-ready dicts (and CSV rows), made from
the values the case loader read (storage.cases).

Reviewers appear by pseudonym only; reviewer IP addresses are not exported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from storage.cases import (
    AccountCase,
    CaseCapture,
    CaseDecision,
    CaseDetection,
    CaseFlag,
    CaseMedia,
    CasePlan,
    CasePost,
)
from storage.chain import canonical_fields
from storage.export.csv_cells import safe_cell
from storage.export.timefmt import iso, jst_text, utc_text
from storage.models import AuditEntry, CrawlRun, User

_IMAGE_EXT = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"}


def _money(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def thumbnail_path(sha256: str) -> str:
    return f"thumbnails/{sha256}.jpg"


def screenshot_path(sha256: str) -> str:
    return f"screenshots/{sha256}.png"


def original_path(sha256: str, content_type: str | None) -> str:
    return f"originals/{sha256}.{_IMAGE_EXT.get((content_type or '').lower(), 'bin')}"


def resolve_people(people: Iterable[Any] | None, names: dict[str, str]) -> list[dict[str, Any]]:
    """The detector's person references with the watchlist names the case loaded."""
    out = []
    for item in people or []:
        if isinstance(item, dict):
            pid = str(item.get("person_id") or item.get("id") or "")
            name = item.get("name") or (names.get(pid) if pid else None)
            out.append({**item, "person_id": pid or None, "name": name})
        else:
            out.append({"person_id": str(item), "name": names.get(str(item))})
    return out


def pseudonyms(session: Session) -> dict[int, str]:
    return {uid: name for uid, name in session.execute(select(User.id, User.pseudonym)).all()}


def account_record(case: AccountCase, include_originals: bool) -> dict[str, Any]:
    """The account and its graph as case.json carries it (reviewers by pseudonym only)."""
    account = case.account
    names = case.person_names
    return {
        "id": account.id,
        "platform": {"key": case.platform.key, "name": case.platform.display_name},
        "account_key": account.account_key,
        "handle": account.handle,
        "display_name": account.display_name,
        "profile_url": account.profile_url,
        "bio": account.bio,
        "links": account.links or [],
        "first_seen_at": iso(account.first_seen_at),
        "last_seen_at": iso(account.last_seen_at),
        "first_seen_utc": utc_text(account.first_seen_at),
        "first_seen_jst": jst_text(account.first_seen_at),
        "last_seen_utc": utc_text(account.last_seen_at),
        "last_seen_jst": jst_text(account.last_seen_at),
        "missing_since_at": iso(account.missing_since_at),
        "minor_risk": case.minor_risk,
        "plans": [plan_record(plan) for plan in case.plans],
        "posts": [post_record(post, post.id in case.minor_posts) for post in case.posts],
        "media": [media_record(m, case.media_withheld(m), include_originals) for m in case.media],
        "detections": [detection_record(det, names) for det in case.detections],
        "flags": [flag_record(flag, names) for flag in case.flags],
        "decisions": [decision_record(dec) for dec in case.decisions],
    }


def plan_record(plan: CasePlan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "name": plan.name,
        "price": _money(plan.price),
        "currency": plan.currency,
        "price_text": plan.price_text,
        "description": plan.description,
        "first_seen_at": iso(plan.first_seen_at),
        "last_seen_at": iso(plan.last_seen_at),
    }


def post_record(post: CasePost, minor_risk: bool) -> dict[str, Any]:
    return {
        "id": post.id,
        "post_key": post.post_key,
        "url": post.url,
        "title": post.title,
        "text": post.text,
        "price": _money(post.price),
        "currency": post.currency,
        "posted_at_text": post.posted_at_text,
        "posted_at": iso(post.posted_at),
        "first_seen_at": iso(post.first_seen_at),
        "last_seen_at": iso(post.last_seen_at),
        "minor_risk": minor_risk,
    }


def media_record(media: CaseMedia, withheld: str | None, include_originals: bool) -> dict[str, Any]:
    """A picture's hashes, and the bundle paths of the copies it may carry (none if withheld)."""
    thumb = None if withheld or not media.thumb_blob else thumbnail_path(media.thumb_blob)
    original = None
    if include_originals and not withheld and media.original_blob:
        original = original_path(media.original_blob, media.content_type)
    return {
        "id": media.id,
        "post_id": media.post_id,
        "url": media.url,
        "sha256": media.sha256,
        "pdq": media.pdq,
        "pdq_quality": media.pdq_quality,
        "width": media.width,
        "height": media.height,
        "size": media.size,
        "content_type": media.content_type,
        "thumbnail": thumb,
        "thumbnail_sha256": media.thumb_blob if thumb else None,
        "original": original,
        "original_sha256": media.original_blob if original else None,
        "withheld_reason": withheld,
        "error": media.error,
        "fetched_at": iso(media.fetched_at),
    }


def detection_record(det: CaseDetection, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": det.id,
        "subject": det.subject,
        "post_id": det.post_id,
        "flagged": det.flagged,
        "score": det.score,
        "minor_risk": det.minor_risk,
        "people": resolve_people(det.people, names),
        "reasons": det.reasons or [],
        "detector_version": det.detector_version,
        "text_sha256": det.text_sha256,
        "created_at": iso(det.created_at),
    }


def flag_record(flag: CaseFlag, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": flag.id,
        "status": flag.status,
        "reason": flag.reason,
        "score": flag.score,
        "minor_risk": flag.minor_risk,
        "people": resolve_people(flag.people, names),
        "created_at": iso(flag.created_at),
        "updated_at": iso(flag.updated_at),
    }


def decision_record(dec: CaseDecision) -> dict[str, Any]:
    return {
        "id": dec.id,
        "flag_id": dec.flag_id,
        "decision": dec.decision,
        "reviewer": dec.pseudonym or f"reviewer-{dec.user_id}",
        "note": dec.note,
        "created_at": iso(dec.created_at),
        "created_utc": utc_text(dec.created_at),
        "created_jst": jst_text(dec.created_at),
    }


def audit_records(
    session: Session, accounts: list[dict[str, Any]], reviewers: dict[int, str]
) -> list[dict[str, Any]]:
    """Audit entries about this evidence: its accounts, flags, posts and decisions."""
    targets: dict[str, set[str]] = {
        "account": set(),
        "flag": set(),
        "post": set(),
        "decision": set(),
    }
    for acc in accounts:
        targets["account"].add(str(acc["id"]))
        targets["flag"].update(str(f["id"]) for f in acc["flags"])
        targets["post"].update(str(p["id"]) for p in acc["posts"])
        targets["decision"].update(str(d["id"]) for d in acc["decisions"])
    conditions = [
        (AuditEntry.target_type == kind) & AuditEntry.target_id.in_(sorted(ids))
        for kind, ids in targets.items()
        if ids
    ]
    if not conditions:
        return []
    rows = session.scalars(select(AuditEntry).where(or_(*conditions)).order_by(AuditEntry.id))
    return [
        {
            "id": row.id,
            "at": iso(row.at),
            "user": reviewers.get(row.user_id, "system") if row.user_id else "system",
            "action": row.action,
            "target_type": row.target_type,
            "target_id": row.target_id,
            "detail": row.detail or {},
        }
        for row in rows
    ]


def run_provenance(session: Session, run_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    out = {}
    for run in session.scalars(select(CrawlRun).where(CrawlRun.id.in_(sorted(set(run_ids))))):
        out[run.id] = {
            "profile": run.profile,
            "platform": run.platform,
            "tool_version": run.tool_version,
            "tool_commit": run.tool_commit,
            "started_at": iso(run.started_at),
        }
    return out


def capture_record(
    capture: CaseCapture,
    *,
    bundle_offset: int | None,
    bundle_length: int | None,
    screenshot: str | None,
    withheld: str | None,
    accounts: list[int],
    posts: list[int],
    run: dict[str, Any] | None,
) -> dict[str, Any]:
    return {
        "capture_id": capture.id,
        "run_id": capture.run_id,
        "kind": capture.kind,
        "url": capture.url,
        "final_url": capture.final_url,
        "method": capture.method,
        "status": capture.status,
        "content_type": capture.content_type,
        "captured_at": iso(capture.captured_at),
        "captured_utc": utc_text(capture.captured_at),
        "captured_jst": jst_text(capture.captured_at),
        "sha256": capture.sha256,
        "body_length": capture.body_length,
        "headers": capture.headers or [],
        "warc_record_id": capture.warc_record_id,
        "source_warc_file": capture.warc_file,
        "source_warc_offset": capture.warc_offset,
        "source_warc_length": capture.warc_length,
        "bundle_warc_file": "archive/evidence.warc.gz" if bundle_offset is not None else None,
        "bundle_offset": bundle_offset,
        "bundle_length": bundle_length,
        "screenshot": screenshot,
        "screenshot_sha256": capture.blob_sha256 if screenshot else None,
        "withheld_reason": withheld,
        "refers_to_capture_id": capture.refers_to_capture_id,
        "server_ip": capture.server_ip,
        "user_agent": capture.user_agent,
        "tool_version": capture.tool_version,
        "tool_commit": (run or {}).get("tool_commit"),
        "browser_version": capture.browser_version,
        "playwright_version": capture.playwright_version,
        "account_ids": accounts,
        "post_ids": posts,
        "prev_row_hash": capture.prev_row_hash,
        "row_hash": capture.row_hash,
    }


def chain_entry(capture: CaseCapture) -> dict[str, Any]:
    return {
        "capture_id": capture.id,
        "fields": canonical_fields(capture),
        "prev_row_hash": capture.prev_row_hash,
        "row_hash": capture.row_hash,
    }


CAPTURE_CSV_FIELDS = [
    "capture_id",
    "kind",
    "url",
    "final_url",
    "status",
    "content_type",
    "captured_utc",
    "captured_jst",
    "sha256",
    "body_length",
    "warc_record_id",
    "bundle_offset",
    "bundle_length",
    "screenshot",
    "screenshot_sha256",
    "withheld_reason",
    "server_ip",
    "user_agent",
    "tool_version",
    "tool_commit",
    "browser_version",
    "account_ids",
    "row_hash",
]


def csv_text(rows: Iterable[dict[str, Any]], fields: list[str]) -> str:
    """CSV for spreadsheets; cells that a spreadsheet would run as a formula are neutralised."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: safe_cell(row.get(k)) for k in fields})
    return buffer.getvalue()
