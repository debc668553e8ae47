"""The custody chain and checkpoints on PostgreSQL: concurrent writers still make one chain."""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import select, text
from store_builder import build_store

from storage import audit
from storage.models import AuditEntry


def test_concurrent_audit_writers_make_one_chain_and_checkpoints_hold(
    tmp_path: Path, pg_url: str
) -> None:
    store = build_store(tmp_path / "data", None, db_url=pg_url)
    try:

        def write(n: int) -> None:
            with store.db.session() as session:
                audit.record(session, user=None, action="view", target_id=n)

        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(write, range(24)))
        with store.db.session() as session:
            entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        assert len(entries) == 27
        for before, after in itertools.pairwise(entries):
            assert after.prev_hash == before.row_hash
        store.checkpoint()
        report = store.verify()
        assert report.ok, [str(p) for p in report.problems]
        assert (report.captures, report.audit_entries, report.checkpoints) == (7, 27, 1)

        with store.db.session() as session:
            session.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
            session.execute(text("DELETE FROM audit_log WHERE id = :i"), {"i": entries[5].id})
        problems = [str(p) for p in store.verify().problems]
        assert f"audit entry {entries[6].id}: does not link to the previous audit entry" in (
            "\n".join(problems)
        )
        assert any("checkpoint 1 (run" in p and "audit log head changed" in p for p in problems)
    finally:
        store.db.dispose()
