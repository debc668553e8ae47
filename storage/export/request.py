"""What an analyst asks an export for and what it wrote: the same for every export format."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from storage.findings import FamilyTable

# Called with (steps done, steps in all) while an export runs.
Progress = Callable[[int, int], None]


@dataclass
class ExportRequest:
    account_ids: Sequence[int] = ()
    # A seller cluster's export: the account it was asked for. The bundle then carries the
    # cluster's joined pairs and edges (records/links.*) and the report a link chart.
    cluster_account_id: int | None = None
    status: str | None = None
    since: datetime | None = None
    platform: str | None = None
    purpose: str = "police"
    include_originals: bool = False
    analyst: str | None = None
    pdf: bool = True
    # How the report names the detector's reason families in plain words: the caller passes
    # the detector's table in (docs/architecture.md, "Detection contract"); without it every
    # reason is listed under one plain heading, never by its internal name.
    families: FamilyTable = field(default_factory=dict)
    # Who asked, for the audit log: the signed-in reviewer's id and address on the web
    # (the bundle itself names only the pseudonym in `analyst`).
    requested_by_user_id: int | None = None
    requested_by: str | None = None
    remote_addr: str | None = None
    via: str = "cli"


@dataclass
class ExportResult:
    path: Path
    sha256: str
    size: int
    account_ids: list[int]
    capture_count: int
    withheld_count: int
    files: list[str] = field(default_factory=list)
    signer_fingerprint: str = ""
    export_id: int | None = None
