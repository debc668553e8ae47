"""Signed checkpoints of the store's two hash chains (captures and the audit log).

At the end of every run the heads of both chains (row count, last row id, head hash), the
run's WARC files with their sizes and the time are written as one JSON statement, signed
with the instance signing key, stored in `chain_checkpoints` and appended as one line to
`chain-checkpoints.jsonl` beside the WARCs, which operators copy elsewhere. Once a copy
exists, rows before a checkpoint cannot be deleted or recomputed without
`mimamori verify --store` naming the checkpoint (storage/verify/checkpoints.py).

The signing key and a trusted timestamp come from the caller (a `Signer`, an optional
`Timestamper`), so storage does not depend on the export package that owns the key.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.chain import lock_chain
from storage.db import Database
from storage.models import AuditEntry, Capture, ChainCheckpoint
from storage.models.audit_chain import lock_audit_log

CHECKPOINT_FILE = "chain-checkpoints.jsonl"
STATEMENT_TYPE = "mimamori-chain-checkpoint/1"
# An ECDSA signature (DER) over the SHA-256 of the statement's UTF-8 bytes: any curve.
SIGNATURE_ALGORITHM = "ecdsa-sha256"

# Given the statement's bytes, returns a trusted timestamp token (JSON-ready) or None.
Timestamper = Callable[[bytes], dict[str, Any] | None]


@dataclass(frozen=True)
class Signer:
    sign: Callable[[bytes], bytes]
    public_der: bytes
    fingerprint: str


class _InstanceKey(Protocol):
    @property
    def private_key(self) -> Any: ...
    @property
    def public_der(self) -> bytes: ...
    @property
    def fingerprint(self) -> str: ...


def signer_from_key(key: _InstanceKey) -> Signer:
    """A Signer from the instance signing key (storage.export.signing.load_or_create_key)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    def sign(message: bytes) -> bytes:
        return key.private_key.sign(message, ec.ECDSA(hashes.SHA256()))  # type: ignore[no-any-return]

    return Signer(sign=sign, public_der=key.public_der, fingerprint=key.fingerprint)


@dataclass(frozen=True)
class ChainHead:
    count: int
    last_id: int | None
    head: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"count": self.count, "last_id": self.last_id, "head": self.head}


def capture_head(session: Session, up_to_id: int | None = None) -> ChainHead:
    """The capture chain's head, or its state at row `up_to_id`, as the database holds it now."""
    return _head(session, Capture.id, Capture.row_hash, up_to_id)


def audit_head(session: Session, up_to_id: int | None = None) -> ChainHead:
    return _head(session, AuditEntry.id, AuditEntry.row_hash, up_to_id)


def _head(session: Session, id_col: Any, hash_col: Any, up_to_id: int | None) -> ChainHead:
    where = [id_col <= up_to_id] if up_to_id is not None else []
    count = session.scalar(select(func.count(id_col)).where(*where)) or 0
    last_id = session.scalar(select(func.max(id_col)).where(*where))
    head = session.scalar(select(hash_col).where(id_col == last_id)) if last_id else None
    return ChainHead(int(count), last_id, head)


def statement_text(statement: dict[str, Any]) -> str:
    """The exact text that is signed: canonical JSON, keys sorted, no spaces."""
    return json.dumps(statement, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def checkpoint_line(row: ChainCheckpoint) -> dict[str, Any]:
    """A checkpoint as one line of chain-checkpoints.jsonl: the statement as signed, and proof."""
    return {
        "statement": row.statement,
        "algorithm": SIGNATURE_ALGORITHM,
        "signature": row.signature,
        "publicKey": row.public_key,
        "keyFingerprint": row.key_fingerprint,
        "timestamp": row.timestamp,
    }


def _lock_both_chains(session: Session) -> None:
    lock_chain(session)
    lock_audit_log(session.connection())


def _statement(
    session: Session, *, seq: int, run_id: int | None, warc_files: dict[str, int], created: datetime
) -> dict[str, Any]:
    captures, audit = capture_head(session), audit_head(session)
    return {
        "type": STATEMENT_TYPE,
        "seq": seq,
        "run_id": run_id,
        "created": created.isoformat(),
        "captures": captures.as_dict(),
        "audit": audit.as_dict(),
        "warc_files": dict(sorted(warc_files.items())),
    }


def _row(statement: dict[str, Any], signer: Signer, timestamp: Any) -> ChainCheckpoint:
    signed = statement_text(statement)
    captures, audit = statement["captures"], statement["audit"]
    return ChainCheckpoint(
        seq=statement["seq"],
        run_id=statement["run_id"],
        created_at=datetime.fromisoformat(statement["created"]),
        capture_count=captures["count"],
        capture_last_id=captures["last_id"],
        capture_head=captures["head"],
        audit_count=audit["count"],
        audit_last_id=audit["last_id"],
        audit_head=audit["head"],
        statement=signed,
        signature=base64.b64encode(signer.sign(signed.encode("utf-8"))).decode("ascii"),
        public_key=base64.b64encode(signer.public_der).decode("ascii"),
        key_fingerprint=signer.fingerprint,
        timestamp=timestamp,
    )


def build_checkpoint(
    session: Session,
    *,
    signer: Signer,
    run_id: int | None,
    warc_files: dict[str, int],
    now: datetime | None = None,
) -> ChainCheckpoint:
    """Sign both heads as they stand in this transaction and add the checkpoint row
    (no trusted timestamp: asking an authority must not happen under the write lock)."""
    _lock_both_chains(session)
    seq = (session.scalar(select(func.max(ChainCheckpoint.seq))) or 0) + 1
    created = (now or datetime.now(UTC)).astimezone(UTC)
    statement = _statement(session, seq=seq, run_id=run_id, warc_files=warc_files, created=created)
    row = _row(statement, signer, None)
    session.add(row)
    session.flush()
    return row


def warc_sizes(warc_dir: Path, names: list[str]) -> dict[str, int]:
    return {name: (Path(warc_dir) / name).stat().st_size for name in names}


def record_checkpoint(
    database: Database,
    warc_dir: Path,
    *,
    signer: Signer,
    run_id: int | None,
    warc_files: list[str],
    timestamper: Timestamper | None = None,
) -> ChainCheckpoint:
    """Store a checkpoint, then append it to chain-checkpoints.jsonl (after the commit, so the
    file never holds a checkpoint the database rolled back).

    The heads are read, signed and timestamped outside any write lock (an authority may
    take seconds to answer); a checkpoint pins the rows up to its `last_id` whatever is
    appended meanwhile. Only its number is claimed under the lock, and another
    checkpoint that took the number first makes this one start again."""
    sizes = warc_sizes(warc_dir, warc_files)
    for _ in range(5):
        with database.session() as session:
            seq = (session.scalar(select(func.max(ChainCheckpoint.seq))) or 0) + 1
            statement = _statement(
                session, seq=seq, run_id=run_id, warc_files=sizes, created=datetime.now(UTC)
            )
        message = statement_text(statement).encode("utf-8")
        row = _row(statement, signer, timestamper(message) if timestamper else None)
        try:
            with database.session(write_lock=True) as session:
                session.add(row)
        except IntegrityError:  # another checkpoint took this number first
            continue
        append_line(Path(warc_dir) / CHECKPOINT_FILE, checkpoint_line(row))
        return row
    raise RuntimeError("could not claim a checkpoint number after 5 attempts")


def append_line(path: Path, line: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(line, sort_keys=True, ensure_ascii=False) + "\n")
