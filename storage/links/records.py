"""Clusters, pairs and edges as JSON-ready dicts: one shape for the bundle's records and
`mimamori links --json`. Values are as stored (scraped text included)."""

from __future__ import annotations

from typing import Any

from storage.links.views import LinkEdge, Member, Pair


def member_record(m: Member) -> dict[str, Any]:
    return {
        "id": m.id,
        "platform": m.platform_key,
        "platform_name": m.platform_name,
        "handle": m.handle,
        "display_name": m.display_name,
        "profile_url": m.profile_url,
        "status": m.status,
        "minor_risk": m.minor_risk,
        "gone": m.missing_since_at is not None,
    }


def edge_record(e: LinkEdge) -> dict[str, Any]:
    return {
        "id": e.id,
        "account_a_id": e.account_a_id,
        "account_b_id": e.account_b_id,
        "kind": e.kind,
        "value_kind": e.value_kind,
        "value": e.value,
        "similarity": e.similarity,
        "a_shown": e.a.shown,
        "b_shown": e.b.shown,
        "a_capture_ids": list(e.a.capture_ids),
        "b_capture_ids": list(e.b.capture_ids),
        "a_media_ids": list(e.a.media_ids),
        "b_media_ids": list(e.b.media_ids),
    }


def pair_record(p: Pair) -> dict[str, Any]:
    return {
        "account_a_id": p.account_a_id,
        "account_b_id": p.account_b_id,
        "joined": p.joined,
        "score": p.score,
        "why": p.explanation.get("why"),
        "explanation": p.explanation,
        "rule_version": p.rule_version,
        "edge_ids": [e.id for e in p.edges],
    }
