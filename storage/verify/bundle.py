"""Bundle verification for `mimamori verify FILE.wacz`.

The checks live in storage.verify.standalone, the same file every bundle carries as
verify/verify_bundle.py, so mimamori and a recipient run identical code. What mimamori adds
is which keys it trusts (storage.verify.trust) and the whole-file SHA-256 it recorded when
it exported the file (the Export row).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Export
from storage.verify.standalone import VerifyReport, format_report, verify_bundle
from storage.verify.trust import TrustedKey

__all__ = ["RecordedExport", "VerifyReport", "format_report", "recorded_exports", "verify_file"]


@dataclass(frozen=True)
class RecordedExport:
    """An export this data dir made of a file with the same name, and its SHA-256."""

    export_id: int
    created_at: datetime
    path: str
    sha256: str


def verify_file(
    path: Path,
    public_key_pem: bytes | None = None,
    *,
    key_label: str = "--key",
    trusted: Sequence[TrustedKey] = (),
    expected_sha256: str | None = None,
    authority_roots: bytes | None = None,
) -> VerifyReport:
    """Every check of the bundle. `public_key_pem` is the key given with --key (a different
    signer fails); `trusted` are keys recognised without failing on others (own, pinned);
    `authority_roots` the timestamp authorities' certificates this data dir trusts."""
    return verify_bundle(
        str(path),
        public_key_pem,
        key_label=key_label,
        trusted=[(key.der, key.source) for key in trusted],
        expected_sha256=expected_sha256,
        tsa_roots=(authority_roots, "trusted by this data dir") if authority_roots else None,
    )


def recorded_exports(session: Session, file_name: str) -> list[RecordedExport]:
    """Exports whose file had this name, newest first: the digest printed at export time."""
    query = select(Export).where(Export.path.endswith(file_name, autoescape=True))
    rows = session.scalars(query.order_by(Export.id.desc()))
    return [
        RecordedExport(row.id, row.created_at, row.path, row.sha256)
        for row in rows
        if Path(row.path).name == file_name
    ]
