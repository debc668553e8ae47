"""Every signed checkpoint of the store's chains (storage.checkpoints), against the chains now.

A checkpoint says: at that moment the capture chain had `count` rows, the last with id
`last_id` and hash `head` (and the same for the audit log), and the run's WARC files had
these sizes. If rows before it were deleted or the chain was recomputed, the row at
`last_id` no longer carries that head, and the checkpoint is named. Checked: the signature,
that the key is trusted, both heads, the WARC sizes, the timestamp when a checker is given,
and that the database's checkpoints and chain-checkpoints.jsonl agree.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.checkpoints import CHECKPOINT_FILE, ChainHead, audit_head, capture_head
from storage.models import ChainCheckpoint

# Given the signed statement's bytes and its timestamp token: None when it holds, else why not.
TimestampCheck = Callable[[bytes, dict[str, Any]], str | None]


@dataclass(frozen=True)
class CheckpointOptions:
    copy: Path | None = None  # an operator's copy of chain-checkpoints.jsonl
    trusted_keys: tuple[bytes, ...] = ()  # SPKI DER; empty: the key is not checked
    check_timestamp: TimestampCheck | None = None


@dataclass(frozen=True)
class SignedCheckpoint:
    statement: str
    signature: str
    public_key: str
    fingerprint: str
    timestamp: dict[str, Any] | None

    @classmethod
    def from_line(cls, line: dict[str, Any]) -> SignedCheckpoint:
        return cls(
            statement=line["statement"],
            signature=line["signature"],
            public_key=line["publicKey"],
            fingerprint=line.get("keyFingerprint", ""),
            timestamp=line.get("timestamp"),
        )

    @classmethod
    def from_row(cls, row: ChainCheckpoint) -> SignedCheckpoint:
        return cls(row.statement, row.signature, row.public_key, row.key_fingerprint, row.timestamp)


@dataclass
class CheckpointReport:
    count: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_jsonl(path: Path, report: CheckpointReport) -> list[SignedCheckpoint]:
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(SignedCheckpoint.from_line(json.loads(line)))
        except (ValueError, KeyError, TypeError) as exc:
            report.problems.append((f"{path.name} line {number}", f"not a checkpoint ({exc})"))
    return out


def verify_checkpoints(
    session: Session, warc_dir: Path, options: CheckpointOptions
) -> CheckpointReport:
    report = CheckpointReport()
    if options.copy is not None:
        checkpoints = read_jsonl(options.copy, report)
        if not checkpoints:
            report.problems.append((options.copy.name, "holds no checkpoint"))
    else:
        rows = list(session.scalars(select(ChainCheckpoint).order_by(ChainCheckpoint.seq)))
        checkpoints = [SignedCheckpoint.from_row(r) for r in rows]
        _compare_with_file(rows, Path(warc_dir) / CHECKPOINT_FILE, report)
        if not rows:
            report.notes.append("no chain checkpoint yet: nothing pins the chain's head")
    for checkpoint in checkpoints:
        report.count += 1
        _check_one(session, Path(warc_dir), checkpoint, options, report)
    if checkpoints and not any(c.timestamp for c in checkpoints):
        report.notes.append("checkpoints: no trusted timestamp (local clock only)")
    return report


def _compare_with_file(rows: list[ChainCheckpoint], path: Path, report: CheckpointReport) -> None:
    """The database's checkpoints run 1..n, and the file beside the WARCs holds the same."""
    for expected, row in enumerate(rows, 1):
        if row.seq != expected:
            report.problems.append(
                (f"checkpoint {expected}", "missing from the database (checkpoint rows deleted)")
            )
            break
    if not path.exists():
        if rows:
            report.problems.append((CHECKPOINT_FILE, "missing beside the WARC files"))
        return
    in_file = {_seq(c.statement): c.statement for c in read_jsonl(path, report)}
    in_db = {row.seq: row.statement for row in rows}
    for seq, statement in in_file.items():
        if in_db.get(seq) != statement:
            report.problems.append(
                (f"checkpoint {seq}", f"in {CHECKPOINT_FILE} but not (as signed) in the database")
            )
    for seq in in_db.keys() - in_file.keys():
        report.problems.append(
            (f"checkpoint {seq}", f"in the database but not in {CHECKPOINT_FILE}")
        )


def _seq(statement: str) -> int | None:
    try:
        return int(json.loads(statement)["seq"])
    except (ValueError, KeyError, TypeError):
        return None


def _check_one(
    session: Session,
    warc_dir: Path,
    checkpoint: SignedCheckpoint,
    options: CheckpointOptions,
    report: CheckpointReport,
) -> None:
    try:
        stated = json.loads(checkpoint.statement)
        run = stated.get("run_id")
        name = f"checkpoint {stated['seq']} ({f'run {run}' if run is not None else 'no run'})"
    except (ValueError, KeyError, TypeError) as exc:
        report.problems.append(("checkpoint", f"statement cannot be read ({exc})"))
        return
    signature_problem = _signature_problem(checkpoint, options.trusted_keys)
    if signature_problem:
        report.problems.append((name, signature_problem))
    for problem in _chain_problems(session, stated):
        report.problems.append((name, problem))
    for problem in _warc_problems(warc_dir, stated.get("warc_files") or {}):
        report.problems.append((name, problem))
    if checkpoint.timestamp and options.check_timestamp is not None:
        problem = options.check_timestamp(
            checkpoint.statement.encode("utf-8"), checkpoint.timestamp
        )
        if problem:
            report.problems.append((name, f"trusted timestamp: {problem}"))


def _signature_problem(checkpoint: SignedCheckpoint, trusted: tuple[bytes, ...]) -> str | None:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import load_der_public_key

    try:
        der = base64.b64decode(checkpoint.public_key)
        key = load_der_public_key(der)
        if not isinstance(key, ec.EllipticCurvePublicKey):
            return "signed with a key that is not ECDSA"
        key.verify(
            base64.b64decode(checkpoint.signature),
            checkpoint.statement.encode("utf-8"),
            ec.ECDSA(hashes.SHA256()),
        )
    except (InvalidSignature, ValueError):
        return "signature does not verify (the statement or signature was changed)"
    if trusted and der not in trusted:
        return (
            f"signed by key {checkpoint.fingerprint or '?'}, which is not this data dir's "
            "signing key (re-signed by someone else?)"
        )
    return None


def _chain_problems(session: Session, stated: dict[str, Any]) -> list[str]:
    problems = []
    for label, unit, head_now in (
        ("captures", "row", capture_head),
        ("audit", "audit entry", audit_head),
    ):
        signed = stated.get(label) or {}
        last_id = signed.get("last_id")
        if last_id is None:
            continue
        now: ChainHead = head_now(session, int(last_id))
        if now.count == signed.get("count") and now.head == signed.get("head"):
            continue
        what = "head changed" if label == "captures" else "audit log head changed"
        detail = f"{now.count} {unit}s up to {last_id} now, {signed.get('count')} signed"
        if now.last_id != last_id:
            detail += f"; {unit} {last_id} itself is gone"
        problems.append(
            f"{what} — {unit}s were deleted or rewritten before {unit} {last_id} ({detail})"
        )
    return problems


def _warc_problems(warc_dir: Path, sizes: dict[str, int]) -> list[str]:
    problems = []
    for name, size in sizes.items():
        path = warc_dir / name
        if not path.exists():
            problems.append(f"WARC file {name} is missing")
        elif path.stat().st_size != size:
            problems.append(
                f"WARC file {name} is {path.stat().st_size} bytes, {size} when signed "
                "(records appended or removed)"
            )
    return problems
