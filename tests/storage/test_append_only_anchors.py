"""Checkpoints and timestamp tokens are append-only in the database itself, on SQLite and on
PostgreSQL, like the captures and the audit log."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from store_builder import Store, build_store

from storage.db import Database

ANCHOR_EDITS = (
    "UPDATE chain_checkpoints SET statement = 'x'",
    "DELETE FROM chain_checkpoints",
    "UPDATE timestamp_tokens SET digest = 'x'",
    "DELETE FROM timestamp_tokens",
)


def _one_token_row(db: Database) -> None:
    with db.session() as session:
        session.execute(
            text(
                "INSERT INTO timestamp_tokens (subject_kind, subject, digest, authority_url, "
                "status, requested_at) VALUES ('chain_head', 'run 1', :d, 'http://127.0.0.1:9/', "
                "'failed', CURRENT_TIMESTAMP)"
            ),
            {"d": "0" * 64},
        )


def _edits_and_rows_left(store: Store) -> tuple[list[str], tuple[int, int]]:
    """Each edit's refusal message, and the checkpoint and token rows still there."""
    store.checkpoint()
    _one_token_row(store.db)
    refusals = []
    for statement in ANCHOR_EDITS:
        try:
            with store.db.session() as session:
                session.execute(text(statement))
            refusals.append(f"ALLOWED: {statement}")
        except DBAPIError as exc:
            refusals.append(str(exc.orig))
    with store.db.session() as session:
        left = (
            session.scalar(text("SELECT count(*) FROM chain_checkpoints")),
            session.scalar(text("SELECT count(*) FROM timestamp_tokens")),
        )
    return refusals, left


def test_sqlite_refuses_to_edit_checkpoints_and_tokens(store: Store) -> None:
    refusals, left = _edits_and_rows_left(store)
    assert all("append-only" in r for r in refusals), refusals
    assert left == (1, 1)


def test_postgres_refuses_to_edit_checkpoints_and_tokens(tmp_path: Path, pg_url: str) -> None:
    store = build_store(tmp_path / "data", None, db_url=pg_url)
    try:
        refusals, left = _edits_and_rows_left(store)
    finally:
        store.db.dispose()
    assert all("append-only" in r for r in refusals), refusals
    assert left == (1, 1)
