"""`mimamori verify --store`: walk the capture hash chain and check it against everything else.

Checks, per capture in id order: the link to the previous row, the row's own hash under its
chain version (versions never go down), the WARC record at (file, offset, length) against
the row (storage/verify/warc_records.py), that no two rows claim one record, and the
blurred screenshot blob. Then every WARC file whole (damage, and records no row points to),
the thumbnails, the audit log's custody chain, and every signed checkpoint
(storage/verify/checkpoints.py).
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.blobs import BlobStore
from storage.chain import canonical_fields, row_hash
from storage.models import Capture, CrawlRun, Media
from storage.verify.audit_log import verify_audit_chain
from storage.verify.checkpoints import CheckpointOptions, verify_checkpoints
from storage.verify.warc_records import read_facts, record_digests_problem, row_mismatches
from storage.verify.warc_scan import Referenced, is_expected, scan_warc_file
from storage.warc.writer import read_record_bytes

_CHUNK = 1000
_RUN_IN_NAME = re.compile(r"-run(\d+)-")


@dataclass
class StoreProblem:
    capture_id: int | None
    where: str
    message: str
    # What the problem is about when it is not a capture or a file: a checkpoint, an entry.
    subject: str | None = None

    def __str__(self) -> str:
        if self.subject:
            return f"{self.subject}: {self.message}"
        who = f"capture {self.capture_id}" if self.capture_id is not None else "store"
        return f"{who} [{self.where}]: {self.message}"


@dataclass
class StoreReport:
    captures: int = 0
    records: int = 0
    blobs: int = 0
    audit_entries: int = 0
    checkpoints: int = 0
    problems: list[StoreProblem] = field(default_factory=list)
    # Facts worth reading that do not fail the check (an interrupted run's unrecorded tail).
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def fail(self, capture_id: int | None, where: str, message: str) -> None:
        self.problems.append(StoreProblem(capture_id, where, message))

    def fail_about(self, subject: str, message: str) -> None:
        where = subject.split(" ", 1)[0]  # "checkpoint", "audit", or a file name
        self.problems.append(StoreProblem(None, where, message, subject))


def iter_all_captures(session: Session) -> Iterator[Capture]:
    last_id = 0
    while True:
        rows = list(
            session.scalars(
                select(Capture).where(Capture.id > last_id).order_by(Capture.id).limit(_CHUNK)
            )
        )
        if not rows:
            return
        yield from rows
        last_id = rows[-1].id
        session.expunge_all()


def verify_store(
    session: Session,
    warc_dir: Path,
    blob_dir: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    checkpoints: CheckpointOptions | None = None,
) -> StoreReport:
    # warcio prints decompression errors to stderr; they are reported as problems instead.
    with contextlib.redirect_stderr(io.StringIO()):
        report = StoreReport()
        referenced = _walk_captures(session, Path(warc_dir), Path(blob_dir), report, progress)
        _scan_files(session, Path(warc_dir), referenced, report)
        _check_thumbnails(session, BlobStore(blob_dir), report)
        audit = verify_audit_chain(session)
        report.audit_entries = audit.entries
        report.notes.extend(audit.notes)
        for entry_id, message in audit.problems:
            report.fail_about(f"audit entry {entry_id}", message)
        options = checkpoints or CheckpointOptions()
        checked = verify_checkpoints(session, Path(warc_dir), options)
        report.checkpoints = checked.count
        report.notes.extend(checked.notes)
        for subject, message in checked.problems:
            report.fail_about(subject, message)
        return report


class _ChainWalk:
    """The per-row checks, in chain order."""

    def __init__(self, warc_dir: Path, blobs: BlobStore, report: StoreReport) -> None:
        self.warc_dir = warc_dir
        self.blobs = blobs
        self.report = report
        self.prev: str | None = None
        self.version = 0
        self.referenced = Referenced()
        self.record_owner: dict[str, int] = {}
        self.record_of: dict[int, str] = {}

    def check(self, capture: Capture) -> None:
        self.report.captures += 1
        self._check_links(capture)
        if capture.warc_record_id:
            owner = self.record_owner.setdefault(capture.warc_record_id, capture.id)
            self.record_of.setdefault(capture.id, capture.warc_record_id)
            if owner != capture.id:
                self.report.fail(
                    capture.id,
                    "chain",
                    f"claims WARC record {capture.warc_record_id}, which capture {owner} "
                    "already points at (a forged row reusing another row's record)",
                )
        if capture.warc_file and capture.warc_offset is not None and capture.warc_length:
            self._check_record(capture)
        if capture.blob_sha256:
            self._check_blob(capture)

    def _check_links(self, capture: Capture) -> None:
        report = self.report
        if capture.prev_row_hash != self.prev:
            report.fail(
                capture.id,
                "chain",
                "does not link to the previous capture row "
                "(a row was removed, inserted or edited before it)",
            )
        version = capture.chain_version or 1
        if version < self.version:
            report.fail(
                capture.id,
                "chain",
                f"hashed as chain version {version} after a version {self.version} row "
                "(re-hashed the old way to leave fields out)",
            )
        self.version = max(self.version, version)
        try:
            fields = canonical_fields(capture)
        except ValueError as exc:
            report.fail(capture.id, "chain", str(exc))
        else:
            if capture.row_hash != row_hash(capture.prev_row_hash, fields):
                report.fail(capture.id, "chain", "row hash does not match its fields (row edited)")
        self.prev = capture.row_hash

    def _check_record(self, capture: Capture) -> None:
        assert capture.warc_file is not None and capture.warc_offset is not None
        report = self.report
        path = self.warc_dir / capture.warc_file
        if not path.exists():
            report.fail(capture.id, capture.warc_file, "WARC file missing")
            return
        self.referenced.offsets.add((capture.warc_file, capture.warc_offset))
        last = self.referenced.last_offset.get(capture.warc_file, -1)
        self.referenced.last_offset[capture.warc_file] = max(last, capture.warc_offset)
        if capture.warc_record_id:
            self.referenced.record_ids.add(capture.warc_record_id)
        data = read_record_bytes(path, capture.warc_offset, capture.warc_length or 0)
        report.records += 1
        where = f"{capture.warc_file}@{capture.warc_offset}"
        if len(data) != capture.warc_length:
            report.fail(capture.id, where, "WARC file truncated")
            return
        try:
            facts = read_facts(data)
        except Exception as exc:
            report.fail(capture.id, where, f"WARC record cannot be parsed ({exc})")
            return
        refers = self.record_of.get(capture.refers_to_capture_id or 0)
        for message in row_mismatches(capture, facts, refers):
            report.fail(capture.id, where, message)
        block_problem = record_digests_problem(data)
        if block_problem:
            report.fail(capture.id, where, block_problem)

    def _check_blob(self, capture: Capture) -> None:
        assert capture.blob_sha256 is not None
        self.report.blobs += 1
        if not self.blobs.exists(capture.blob_sha256):
            self.report.fail(capture.id, "blob", f"{capture.blob_sha256} missing")
        elif not self.blobs.verify(capture.blob_sha256):
            self.report.fail(
                capture.id, "blob", f"{capture.blob_sha256} no longer matches its hash"
            )


def _walk_captures(
    session: Session,
    warc_dir: Path,
    blob_dir: Path,
    report: StoreReport,
    progress: Callable[[int, int], None] | None,
) -> Referenced:
    total = session.scalar(select(func.count(Capture.id))) or 0
    walk = _ChainWalk(warc_dir, BlobStore(blob_dir), report)
    for capture in iter_all_captures(session):
        walk.check(capture)
        if progress is not None:
            progress(report.captures, total)
    return walk.referenced


def _interrupted_runs(session: Session) -> set[int]:
    """Runs that stopped part-way (or are still running): their last records may have no
    rows yet, because rows are committed in batches after the WARC is written."""
    rows = session.execute(select(CrawlRun.id, CrawlRun.status, CrawlRun.finish_reason))
    return {
        run_id
        for run_id, status, reason in rows
        if status in ("running", "crashed") or (status == "failed" and reason == "shutdown")
    }


def _scan_files(
    session: Session, warc_dir: Path, referenced: Referenced, report: StoreReport
) -> None:
    interrupted = _interrupted_runs(session)
    for path in sorted(warc_dir.glob("*.warc.gz")):
        match = _RUN_IN_NAME.search(path.name)
        run_id = int(match.group(1)) if match else None
        last_referenced = referenced.last_offset.get(path.name, -1)
        for offset, facts, problem in scan_warc_file(path):
            where = f"{path.name}@{offset}"
            if problem:
                report.fail(None, where, problem)
            if facts is None or is_expected(facts, path.name, offset, referenced):
                continue
            what = f"{facts.type} record {facts.record_id} ({facts.target_uri})"
            if run_id in interrupted and offset > last_referenced:
                report.notes.append(
                    f"{where}: {what} has no capture row; run {run_id} was interrupted "
                    "before its last rows were committed"
                )
            else:
                report.fail(None, where, f"{what} is not pointed to by any capture row")


def _check_thumbnails(session: Session, blobs: BlobStore, report: StoreReport) -> None:
    for media_id, thumb in session.execute(
        select(Media.id, Media.thumb_blob).where(Media.thumb_blob.is_not(None))
    ):
        report.blobs += 1
        if not blobs.exists(thumb) or not blobs.verify(thumb):
            report.fail(None, "blob", f"thumbnail {thumb} of media {media_id} missing or altered")
