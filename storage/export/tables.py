"""Step 5b: the case record as flat CSV tables (one row per account, plan, post, ...)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

ACCOUNT_FIELDS = [
    "id",
    "platform",
    "account_key",
    "handle",
    "display_name",
    "profile_url",
    "bio",
    "links",
    "first_seen_at",
    "last_seen_at",
    "minor_risk",
]
PLAN_FIELDS = [
    "account_id",
    "id",
    "name",
    "price",
    "currency",
    "price_text",
    "description",
    "first_seen_at",
    "last_seen_at",
]
POST_FIELDS = [
    "account_id",
    "id",
    "post_key",
    "url",
    "title",
    "text",
    "price",
    "currency",
    "posted_at_text",
    "first_seen_at",
    "minor_risk",
]
DETECTION_FIELDS = [
    "account_id",
    "id",
    "subject",
    "post_id",
    "flagged",
    "score",
    "minor_risk",
    "people",
    "reasons",
    "detector_version",
    "created_at",
]
DECISION_FIELDS = [
    "account_id",
    "id",
    "flag_id",
    "decision",
    "reviewer",
    "note",
    "created_utc",
    "created_jst",
]
MEDIA_FIELDS = [
    "account_id",
    "id",
    "post_id",
    "url",
    "sha256",
    "pdq",
    "pdq_quality",
    "thumbnail",
    "original",
    "withheld_reason",
]
AUDIT_FIELDS = ["id", "at", "user", "action", "target_type", "target_id", "detail"]

# records/<name>: the account record's list that fills it, and its columns.
_PER_ACCOUNT = {
    "plans.csv": ("plans", PLAN_FIELDS),
    "posts.csv": ("posts", POST_FIELDS),
    "detections.csv": ("detections", DETECTION_FIELDS),
    "decisions.csv": ("decisions", DECISION_FIELDS),
    "media.csv": ("media", MEDIA_FIELDS),
}


def flat_tables(
    accounts: list[dict[str, Any]], audit: list[dict[str, Any]]
) -> Iterator[tuple[str, list[dict[str, Any]], list[str]]]:
    """(file name, rows, columns) of every CSV table, in the bundle's order."""
    yield (
        "accounts.csv",
        [{**a, "platform": (a["platform"] or {}).get("key")} for a in accounts],
        ACCOUNT_FIELDS,
    )
    for name, (key, fields) in _PER_ACCOUNT.items():
        yield name, [{**row, "account_id": a["id"]} for a in accounts for row in a[key]], fields
    yield "audit.csv", audit, AUDIT_FIELDS
