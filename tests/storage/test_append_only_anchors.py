"""Checkpoints and timestamp tokens are append-only in the database itself, on SQLite and on
PostgreSQL, like the captures and the audit log."""

from __future__ import annotations

from pathlib import Path

import pytest
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


def _refuses_every_edit(store: Store) -> None:
    store.checkpoint()
    _one_token_row(store.db)
    for statement in ANCHOR_EDITS:
        with pytest.raises(DBAPIError, match="append-only"), store.db.session() as session:
            session.execute(text(statement))
    with store.db.session() as session:
        assert session.scalar(text("SELECT count(*) FROM chain_checkpoints")) == 1
        assert session.scalar(text("SELECT count(*) FROM timestamp_tokens")) == 1


def test_sqlite_refuses_to_edit_checkpoints_and_tokens(store: Store) -> None:
    _refuses_every_edit(store)


def test_postgres_refuses_to_edit_checkpoints_and_tokens(tmp_path: Path, pg_url: str) -> None:
    store = build_store(tmp_path / "data", None, db_url=pg_url)
    try:
        _refuses_every_edit(store)
    finally:
        store.db.dispose()
