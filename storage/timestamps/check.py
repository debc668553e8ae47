"""`mimamori verify --store`'s view of trusted time: every stored token checked again.

A token counts only if it is over the digest it claims, signed by an authority whose
root is trusted now, within CLOCK_TOLERANCE of when we asked, and if what it is over
still matches: the WARC file re-hashes to the digest, the chain head is a stored row
hash, the token file on disk is the stored token (docs/evidence.md, "Trusted time").
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.config import AppConfig
from storage.db import Database
from storage.models import Capture, ChainCheckpoint, TimestampToken
from storage.timestamps.statement import file_sha256
from storage.timestamps.store import CLOCK_TOLERANCE, FAILED
from storage.timestamps.trust import trusted_roots
from storage.timestamps.verify import TimestampRefused, verify_token

LOCAL_CLOCK_ONLY = "no trusted timestamp (local clock only)"


@dataclass
class TokenReport:
    verified: Counter[str] = field(default_factory=Counter)
    authorities: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self, *, include_problems: bool = True) -> list[str]:
        if not self.verified:
            head = [f"trusted time: {LOCAL_CLOCK_ONLY}"]
        else:
            kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(self.verified.items()))
            head = [
                f"trusted time: {sum(self.verified.values())} token(s) verified ({kinds}) "
                f"from {len(self.authorities)} authorit{'y' if len(self.authorities) == 1 else 'ies'}"
            ]
        notes = [f"  note: {note}" for note in self.notes]
        return head + notes + ([f"  FAIL {p}" for p in self.problems] if include_problems else [])


def _subject_problem(cfg: AppConfig, session: Session, row: TimestampToken) -> str | None:
    if row.subject_kind == "warc_file":
        path = Path(cfg.warc_dir) / row.subject
        if not path.is_file():
            return f"the timestamped WARC file {row.subject} is missing"
        if file_sha256(path) != row.digest:
            return f"WARC file {row.subject} no longer has the timestamped SHA-256"
    if row.subject_kind == "checkpoint":
        statements = session.scalars(select(ChainCheckpoint.statement))
        if all(hashlib.sha256(s.encode("utf-8")).hexdigest() != row.digest for s in statements):
            return f"{row.subject} is no longer a stored checkpoint statement"
    if row.subject_kind == "chain_head":
        found = session.scalar(select(Capture.id).where(Capture.row_hash == row.digest).limit(1))
        if found is None:
            return f"chain head of {row.subject} is no longer a capture row hash"
    token_file = Path(row.token_file) if row.token_file else None
    if token_file and token_file.is_file() and token_file.read_bytes() != row.token:
        return f"token file {row.token_file} differs from the stored token"
    return None


def _check_row(
    cfg: AppConfig, session: Session, row: TimestampToken, roots: list, report: TokenReport
) -> None:
    what = f"{row.subject_kind} {row.subject} ({row.authority_url})"
    if row.status == FAILED or row.token is None:
        report.notes.append(f"{what}: no token ({row.error or 'unknown error'})")
        return
    try:
        verified = verify_token(
            row.token,
            row.digest,
            roots,
            not_before=row.requested_at - CLOCK_TOLERANCE,
            not_after=row.requested_at + CLOCK_TOLERANCE,
        )
    except TimestampRefused as exc:
        report.problems.append(f"{what}: token refused - {exc}")
        return
    problem = _subject_problem(cfg, session, row)
    if problem:
        report.problems.append(f"{what}: {problem}")
        return
    report.verified[row.subject_kind] += 1
    report.authorities.add(verified.authority)


def check_tokens(cfg: AppConfig, database: Database) -> TokenReport:
    """Re-verify every stored token; with none, the report says "local clock only"."""
    report = TokenReport()
    roots = trusted_roots(cfg)
    with database.session() as session:
        rows = session.scalars(select(TimestampToken).order_by(TimestampToken.id)).all()
        if rows and not roots:
            report.problems.append(
                "timestamp tokens are stored but no trusted authority certificate is "
                "configured (MIMAMORI_TSA_CERTS or <data dir>/timestamps/trusted/*.pem)"
            )
            return report
        for row in rows:
            _check_row(cfg, session, row, roots, report)
    if not cfg.tsa_urls:
        report.notes.append("no timestamp authority is configured (MIMAMORI_TSA_URLS)")
    return report
