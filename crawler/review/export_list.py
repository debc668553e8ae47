"""The exports page's rows: what each bundle holds and who asked for it.

An `Export` row keeps the bundle's path, hash, purpose, account ids and the pseudonym the
bundle names. Who asked, by real name, is in the export's audit entry (`storage/export/
recording.py` writes one per export, target `export:<id>`), so the page reads it from there:
no column is added for it. Accounts are read by id, a few per bundle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.review.i18n import N_, _
from storage.models import Account, AuditEntry, Export, Platform, User

ACCOUNTS_SHOWN = 5
PURPOSE_LABELS = {
    "police": N_("Police"),
    "platform": N_("Platform"),
    "victim": N_("The person shown"),
}


@dataclass(frozen=True)
class ExportedAccount:
    id: int
    display_name: str | None
    handle: str | None
    platform: str | None


@dataclass(frozen=True)
class ExportRow:
    id: int
    created_at: datetime
    file_name: str
    path: str
    sha256: str
    purpose: str
    accounts: list[ExportedAccount]
    accounts_not_shown: int
    exported_by: str | None  # the real user name (or the name given on the command line)
    pseudonym: str | None  # the name the bundle itself carries
    via: str | None  # "web" or "cli"
    downloadable: bool

    @property
    def purpose_label(self) -> str:
        return _(PURPOSE_LABELS[self.purpose]) if self.purpose in PURPOSE_LABELS else self.purpose


def inside_folder(path: Path, folder: Path) -> bool:
    """Only bundles in the exports folder are offered for download."""
    resolved = path.resolve()
    return resolved.is_relative_to(folder) and resolved.is_file()


def _accounts(session: Session, ids: set[int]) -> dict[int, ExportedAccount]:
    if not ids:
        return {}
    rows = session.execute(
        select(Account.id, Account.display_name, Account.handle, Platform.display_name)
        .join(Platform, Platform.id == Account.platform_id)
        .where(Account.id.in_(ids))
    )
    return {row[0]: ExportedAccount(*row) for row in rows}


def _requesters(session: Session, exports: list[Export]) -> dict[str, tuple[str | None, str]]:
    """Export id (as the audit entry's target id) → (who asked, how: web or cli)."""
    if not exports:
        return {}
    rows = session.execute(
        select(AuditEntry.target_id, AuditEntry.user_name, AuditEntry.detail).where(
            AuditEntry.action == "export",
            AuditEntry.target_type == "export",
            AuditEntry.target_id.in_([str(row.id) for row in exports]),
        )
    )
    found: dict[str, tuple[str | None, str]] = {}
    for target_id, user_name, detail in rows:
        via = detail.get("via", "") if isinstance(detail, dict) else ""
        found[str(target_id)] = (user_name, str(via or ""))
    return found


def _names_by_pseudonym(session: Session, exports: list[Export]) -> dict[str, str]:
    """The fallback when an audit entry cannot be found: whose pseudonym the bundle names."""
    pseudonyms = {row.user_name for row in exports if row.user_name}
    if not pseudonyms:
        return {}
    rows = session.execute(select(User.pseudonym, User.name).where(User.pseudonym.in_(pseudonyms)))
    return {pseudonym: name for pseudonym, name in rows}


def load_export_rows(session: Session, exports_dir: Path, *, limit: int) -> list[ExportRow]:
    """The newest `limit` exports, newest first."""
    exports = list(session.scalars(select(Export).order_by(Export.created_at.desc()).limit(limit)))
    shown_ids = {int(i) for row in exports for i in (row.account_ids or [])[:ACCOUNTS_SHOWN]}
    accounts = _accounts(session, shown_ids)
    requesters = _requesters(session, exports)
    by_pseudonym = _names_by_pseudonym(session, exports)
    folder = exports_dir.resolve()
    rows = []
    for export in exports:
        ids = [int(i) for i in export.account_ids or []]
        who, via = requesters.get(str(export.id), (None, ""))
        rows.append(
            ExportRow(
                id=export.id,
                created_at=export.created_at,
                file_name=Path(export.path).name,
                path=export.path,
                sha256=export.sha256,
                purpose=export.purpose,
                accounts=[
                    accounts.get(i, ExportedAccount(i, None, None, None))
                    for i in ids[:ACCOUNTS_SHOWN]
                ],
                accounts_not_shown=max(len(ids) - ACCOUNTS_SHOWN, 0),
                exported_by=who or by_pseudonym.get(export.user_name or ""),
                pseudonym=export.user_name,
                via=via or None,
                downloadable=inside_folder(Path(export.path), folder),
            )
        )
    return rows
