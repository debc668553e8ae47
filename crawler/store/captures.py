"""Capture rows, inserted in bulk at the end of each write batch and linked into the hash chain.

The ORM costs ~1 ms per capture row on this hot path (every fetched page); one
multi-row INSERT ... RETURNING per batch keeps the store writer off the reactor's back.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from storage import chain
from storage.models import Capture


class CaptureLedger:
    """Used only from the store writer thread."""

    def __init__(self) -> None:
        self.pending: list[dict[str, Any]] = []
        self.ids: dict[str, int] = {}
        self._uncommitted: list[str] = []

    def add(self, row: dict[str, Any]) -> None:
        self.pending.append(row)

    def committed(self) -> None:
        self._uncommitted.clear()

    def rolled_back(self) -> None:
        """Forget ids from the failed transaction; its ops are replayed and re-add their rows."""
        for record_id in self._uncommitted:
            self.ids.pop(record_id, None)
        self._uncommitted.clear()
        self.pending.clear()

    def flush(self, session: Session) -> None:
        if not self.pending:
            return
        rows, self.pending = self.pending, []
        # A revisit may refer to a response queued in the same batch: insert up to that
        # response first, so the revisit's row can name the capture it refers to.
        segment: list[dict[str, Any]] = []
        for row in rows:
            refers_to = row.get("refers_to_record_id")
            if refers_to and any(r.get("warc_record_id") == refers_to for r in segment):
                self._insert(session, segment)
                segment = []
            segment.append(row)
        self._insert(session, segment)

    def _insert(self, session: Session, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            refers_to = row.pop("refers_to_record_id", None)
            row["refers_to_capture_id"] = self.capture_id(session, refers_to) if refers_to else None
        if chain.HEAD_KEY not in session.info:
            chain.lock_chain(session)
            session.info[chain.HEAD_KEY] = chain.chain_head(session)
        prev = session.info[chain.HEAD_KEY]
        for row in rows:
            row["chain_version"] = chain.CHAIN_VERSION
            row["prev_row_hash"] = prev
            row["row_hash"] = prev = chain.row_hash(prev, chain.canonical_row(row))
        session.info[chain.HEAD_KEY] = prev
        # Insert one by one in chain order inside a single statement batch: ids follow the chain.
        result = session.execute(
            insert(Capture).returning(
                Capture.id, Capture.warc_record_id, sort_by_parameter_order=True
            ),
            rows,
        )
        for capture_id, record_id in result:
            if record_id:
                self.ids[record_id] = capture_id
                self._uncommitted.append(record_id)

    def capture_id(self, session: Session, record_id: str) -> int | None:
        if record_id in self.ids:
            return self.ids[record_id]
        if any(r.get("warc_record_id") == record_id for r in self.pending):
            self.flush(session)
            return self.ids.get(record_id)
        return session.scalar(
            select(Capture.id).where(Capture.warc_record_id == record_id).limit(1)
        )

    def capture_ids(self, session: Session, record_ids: list[str]) -> list[int]:
        if any(rid not in self.ids for rid in record_ids) and self.pending:
            self.flush(session)
        out = []
        for rid in record_ids:
            cid = self.capture_id(session, rid)
            if cid is not None:
                out.append(cid)
        return out
