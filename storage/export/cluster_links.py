"""A seller cluster's bundle: the accounts' joined pairs and edges as records.

Read through storage.links, so the bundle, the review page and `mimamori links` agree. The
record goes into case.json (`bundle.seller_cluster`), records/links.json, and two CSV
tables (records/links.csv: one row per edge; records/seller_pairs.csv: one row per
verdict); the datapackage lists and signs them like every other file. The report draws
it as the link chart (storage/export/link_chart.py).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from storage.export.records import csv_text
from storage.export.request import ExportRequest
from storage.export.zipwriter import BundleZipWriter
from storage.links import members, pairs_within
from storage.links.records import edge_record, member_record, pair_record

EDGE_FIELDS = [
    "id",
    "account_a_id",
    "account_b_id",
    "kind",
    "value_kind",
    "value",
    "similarity",
    "a_shown",
    "b_shown",
    "a_capture_ids",
    "b_capture_ids",
    "a_media_ids",
    "b_media_ids",
]
PAIR_FIELDS = ["account_a_id", "account_b_id", "joined", "score", "why", "rule_version"]


def cluster_record(
    session: Session, request: ExportRequest, account_ids: Sequence[int]
) -> dict[str, Any] | None:
    """The cluster's accounts, every verdict between them (joined or not: an unjoined pair
    inside a cluster is part of the picture) and their edges; None for other exports."""
    if request.cluster_account_id is None:
        return None
    pairs = pairs_within(session, account_ids, joined_only=False)
    return {
        "account_id": request.cluster_account_id,
        "members": [member_record(m) for m in members(session, account_ids)],
        "pairs": [pair_record(p) for p in pairs],
        "edges": [edge_record(e) for p in pairs for e in p.edges],
    }


def write_tables(writer: BundleZipWriter, bundle_info: dict[str, Any]) -> None:
    cluster = bundle_info.get("seller_cluster")
    if not cluster:
        return
    writer.write_bytes(
        "records/links.json", json.dumps(cluster, indent=2, ensure_ascii=False).encode("utf-8")
    )
    edges = [
        {**e, **{k: " ".join(map(str, e[k])) for k in EDGE_FIELDS if k.endswith("_ids")}}
        for e in cluster["edges"]
    ]
    writer.write_bytes("records/links.csv", csv_text(edges, EDGE_FIELDS).encode("utf-8"))
    writer.write_bytes(
        "records/seller_pairs.csv", csv_text(cluster["pairs"], PAIR_FIELDS).encode("utf-8")
    )
