"""The audit log's custody chain (storage.models.audit_chain), walked in id order."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import AuditEntry
from storage.models.audit_chain import canonical_entry, entry_hash

_CHUNK = 1000


@dataclass
class AuditChainReport:
    entries: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def verify_audit_chain(session: Session) -> AuditChainReport:
    report = AuditChainReport()
    prev: str | None = None
    chained = False
    unchained = 0
    last_id = 0
    while True:
        rows = list(
            session.scalars(
                select(AuditEntry)
                .where(AuditEntry.id > last_id)
                .order_by(AuditEntry.id)
                .limit(_CHUNK)
            )
        )
        if not rows:
            break
        for entry in rows:
            report.entries += 1
            if entry.row_hash is None and not chained:
                unchained += 1  # written before the custody chain existed
                continue
            chained = True
            _check_entry(entry, prev, report)
            prev = entry.row_hash
        last_id = rows[-1].id
        session.expunge_all()
    if unchained:
        report.notes.append(
            f"{unchained} audit entries predate the custody chain and are not chained"
        )
    return report


def _check_entry(entry: AuditEntry, prev: str | None, report: AuditChainReport) -> None:
    if entry.row_hash is None:
        report.problems.append((entry.id, "entry is not chained (written around the chain)"))
        return
    if entry.prev_hash != prev:
        report.problems.append(
            (
                entry.id,
                "does not link to the previous audit entry "
                "(an entry was removed, inserted or edited before it)",
            )
        )
    if entry.row_hash != entry_hash(entry.prev_hash, canonical_entry(entry)):
        report.problems.append((entry.id, "entry hash does not match its fields (entry edited)"))
