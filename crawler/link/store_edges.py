"""Writing link evidence: identifier rows and edges, each an upsert on its unique key, so a
re-run (or a second worker finishing the same run) finds the same rows, with the newest
evidence and `last_run_id`, instead of duplicates. `INSERT … ON CONFLICT DO UPDATE` is
one statement on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Table, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from crawler.link.edge import Edge
from storage.models import AccountIdentifier, AccountLink
from storage.models.base import utcnow

BATCH = 500


def upsert_rows(
    session: Session,
    table: Table,
    rows: Sequence[dict[str, Any]],
    key: Sequence[str],
    updated: Sequence[str],
) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    for start in range(0, len(rows), BATCH):
        statement = insert(table)
        statement = statement.on_conflict_do_update(
            index_elements=list(key),
            set_={
                # A rebuild outside a run (run_id None) keeps the last run that found it.
                column: (
                    func.coalesce(statement.excluded[column], table.c[column])
                    if column == "last_run_id"
                    else statement.excluded[column]
                )
                for column in updated
            },
        )
        session.execute(statement, list(rows[start : start + BATCH]))


def upsert_identifiers(session: Session, rows: Iterable[dict[str, Any]], run_id: int | None) -> int:
    """Rows of `account_identifiers` (account_id, value_kind, value, shown, post_id,
    capture_ids); the first run that found a value stays `first_run_id`."""
    unique: dict[tuple[int, str, str], dict[str, Any]] = {}
    for row in rows:
        unique.setdefault((row["account_id"], row["value_kind"], row["value"]), row)
    values = [{**row, "first_run_id": run_id, "last_run_id": run_id} for row in unique.values()]
    if values:
        upsert_rows(
            session,
            AccountIdentifier.__table__,  # type: ignore[arg-type]
            values,
            ("account_id", "value_kind", "value"),
            ("shown", "post_id", "capture_ids", "last_run_id"),
        )
    return len(values)


def unique_edges(edges: Iterable[Edge]) -> list[Edge]:
    """One edge per (pair, kind, value): the first found (finders may meet a pair from
    both sides)."""
    unique: dict[tuple[int, int, str, str], Edge] = {}
    for edge in edges:
        unique.setdefault((edge.account_a_id, edge.account_b_id, edge.kind, edge.value), edge)
    return list(unique.values())


def store_edges(session: Session, edges: Iterable[Edge], run_id: int | None) -> int:
    """Upsert `account_links` rows for these edges; returns how many distinct edges."""
    now = utcnow()
    rows = [
        {
            "account_a_id": edge.account_a_id,
            "account_b_id": edge.account_b_id,
            "kind": edge.kind,
            "value_kind": edge.value_kind,
            "value": edge.value,
            "similarity": edge.similarity,
            "evidence": edge.evidence_json(),
            "first_run_id": run_id,
            "last_run_id": run_id,
            "created_at": now,
            "updated_at": now,
        }
        for edge in unique_edges(edges)
    ]
    if rows:
        upsert_rows(
            session,
            AccountLink.__table__,  # type: ignore[arg-type]
            rows,
            ("account_a_id", "account_b_id", "kind", "value"),
            ("value_kind", "similarity", "evidence", "last_run_id", "updated_at"),
        )
    return len(rows)
