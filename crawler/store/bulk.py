"""Rows that nothing reads back within a batch (evidence links, detections), inserted with one
multi-row INSERT per table when the batch commits instead of one ORM object each."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session


class BulkRows:
    """Used only from the store writer thread."""

    def __init__(self) -> None:
        self.pending: dict[Any, list[dict[str, Any]]] = {}

    def add(self, model: Any, row: dict[str, Any]) -> None:
        self.pending.setdefault(model, []).append(row)

    def flush(self, session: Session) -> None:
        pending, self.pending = self.pending, {}
        for model, rows in pending.items():
            session.execute(insert(model), rows)

    def rolled_back(self) -> None:
        self.pending.clear()
