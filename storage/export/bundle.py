"""The signed WACZ export: one file per case, written as a stream.

One function per step, in this order: select evidence, copy WARC records, index them,
add the blurred pictures, the record (JSON/CSV), the report, the verifier, then the
signed datapackage. Memory stays bounded: captures are read a chunk at a time and the
per-capture state kept is a few small tuples. Registered as the "wacz" format in
storage.export.formats (docs/architecture.md, "Export formats").
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from storage.blobs import BlobStore
from storage.cases import CaseCapture, evidence_links, iter_captures, load_case
from storage.config import AppConfig
from storage.db import Database
from storage.export import archive, cluster_links, index, records, report, tables
from storage.export.bundle_warcinfo import bundle_warcinfo
from storage.export.datapackage import datapackage_bytes, digest_bytes
from storage.export.errors import EvidenceDamagedError
from storage.export.recording import checkpoint_custody, record_export
from storage.export.request import ExportRequest, ExportResult, Progress
from storage.export.select import EvidenceSelection, build_selection, select_accounts
from storage.export.signing import SigningKey, load_or_create_key
from storage.export.timefmt import jst_text, utc_text
from storage.export.trusted_time import BundleTimestamps, authority_files
from storage.export.verifier import verifier_files
from storage.export.zipwriter import BundleZipWriter
from storage.verify import standalone
from storage.version import __version__

SOFTWARE = f"mimamori {__version__}"

__all__ = ["BlobIntegrityError", "ExportRequest", "ExportResult", "Progress", "export_bundle"]


class BlobIntegrityError(EvidenceDamagedError):
    """A stored picture no longer hashes to its name: refuse to export it."""


@dataclass
class _CaptureState:
    """What the export keeps per capture between passes (small on purpose)."""

    accounts: dict[int, list[int]] = field(default_factory=dict)
    posts: dict[int, list[int]] = field(default_factory=dict)
    located: dict[int, tuple[int, int]] = field(default_factory=dict)
    screenshots: dict[int, str] = field(default_factory=dict)
    # capture id -> (url, time) of a screenshot's page, for its exhibit caption
    shot_pages: dict[int, tuple[str, datetime | None]] = field(default_factory=dict)
    runs: dict[int, dict[str, Any]] = field(default_factory=dict)
    by_account: dict[int, list[int]] = field(default_factory=dict)


@dataclass
class _Export:
    """One bundle being written: what every step reads, and the progress count."""

    session: Session
    cfg: AppConfig
    blobs: BlobStore
    key: SigningKey
    request: ExportRequest
    selection: EvidenceSelection
    writer: BundleZipWriter
    progress: Progress | None
    timestamps: BundleTimestamps
    created: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    state: _CaptureState = field(default_factory=_CaptureState)
    total: int = 0
    done: int = 0

    def advance(self, steps: int = 1) -> None:
        self.done += steps
        if self.progress is not None:
            self.progress(self.done, self.total)

    def captures(self, capture_ids: list[int]) -> Iterator[dict[str, Any]]:
        for capture in iter_captures(self.session, capture_ids):
            yield self.capture_record(capture)

    def capture_record(self, capture: CaseCapture) -> dict[str, Any]:
        state = self.state
        located = state.located.get(capture.id)
        shot = state.screenshots.get(capture.id)
        return records.capture_record(
            capture,
            bundle_offset=located[0] if located else None,
            bundle_length=located[1] if located else None,
            screenshot=records.screenshot_path(shot) if shot else None,
            withheld=self.selection.withheld_captures.get(capture.id),
            accounts=state.accounts.get(capture.id, []),
            posts=state.posts.get(capture.id, []),
            run=state.runs.get(capture.run_id),
        )


def export_bundle(
    cfg: AppConfig,
    database: Database,
    request: ExportRequest,
    out: Path,
    *,
    progress: Progress | None = None,
    key: SigningKey | None = None,
) -> ExportResult:
    out = Path(out)
    if out.exists():
        raise FileExistsError(f"{out} already exists; evidence bundles are never overwritten")
    if request.purpose not in report.PURPOSES:
        raise ValueError(f"--for must be one of {', '.join(report.PURPOSES)}")
    key = key or load_or_create_key(cfg.keys_dir)
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)

    with database.session() as session:
        selection = _select_evidence(session, request)
        writer = BundleZipWriter(partial)
        job = _Export(
            session, cfg, BlobStore(cfg.blob_dir), key, request, selection, writer, progress,
            BundleTimestamps(cfg, out.name),
        )  # fmt: skip
        try:
            result = _write_bundle(job)
            writer.close()
        except BaseException:
            writer.abort()
            raise
    os.replace(partial, out)
    result.path = out
    result.sha256, result.size = _file_sha256(out)
    result.export_id = record_export(database, request, result)
    job.timestamps.record(database)
    checkpoint_custody(cfg, database, key)
    return result


def _write_bundle(job: _Export) -> ExportResult:
    _link_captures(job)
    plan = _plan_archive(job)
    accounts = _account_records(job)
    pictures = _pictures(accounts, job.state)
    job.total = sum(not r.companion for r in plan.records) + len(pictures) + 4
    copied = _copy_warc_records(job, plan)
    _write_index(job, copied, {a["id"]: a["handle"] for a in accounts})
    del copied
    _write_pictures(job, pictures)
    bundle_info = _bundle_info(job, accounts)
    _write_records(job, accounts, bundle_info)
    job.advance()
    _write_report(job, accounts, bundle_info)
    _write_verifier(job)
    _sign(job, len(accounts))
    job.advance()
    return ExportResult(
        path=job.writer.path,
        sha256="",
        size=0,
        account_ids=list(job.selection.account_ids),
        capture_count=len(job.state.located),
        withheld_count=bundle_info["withheld_count"],
        files=[r.path for r in job.writer.resources],
        signer_fingerprint=job.key.fingerprint,
    )


# -- 1. select evidence ----------------------------------------------------------
def _select_evidence(session: Session, request: ExportRequest) -> EvidenceSelection:
    account_ids = select_accounts(
        session,
        account_ids=request.account_ids,
        status=request.status,
        since=request.since,
        platform=request.platform,
    )
    return build_selection(session, account_ids)


def _link_captures(job: _Export) -> None:
    """Which accounts and posts each capture is evidence of."""
    state = job.state
    for link in evidence_links(job.session, job.selection.account_ids):
        state.accounts.setdefault(link.capture_id, [])
        if link.account_id not in state.accounts[link.capture_id]:
            state.accounts[link.capture_id].append(link.account_id)
            state.by_account.setdefault(link.account_id, []).append(link.capture_id)
        if link.post_id is not None:
            state.posts.setdefault(link.capture_id, []).append(link.post_id)
    for ids in state.by_account.values():
        ids.sort()


def _plan_archive(job: _Export) -> archive.ArchivePlan:
    """Pass 1: which records and screenshots go in (sizes only, nothing read yet)."""
    plan = archive.ArchivePlan()
    run_ids: set[int] = set()
    for capture in iter_captures(job.session, job.selection.capture_ids):
        run_ids.add(capture.run_id)
        if capture.id in job.selection.withheld_captures:
            continue
        plan.add(capture)
        if capture.blob_sha256:
            job.state.screenshots[capture.id] = capture.blob_sha256
            job.state.shot_pages[capture.id] = (capture.url, capture.captured_at)
    job.state.runs = records.run_provenance(job.session, run_ids)
    archive.add_request_records(plan, job.cfg.warc_dir)
    return plan


def _account_records(job: _Export) -> list[dict[str, Any]]:
    """Each account's case, read by the shared case loader, as case.json carries it."""
    out = []
    for account_id in sorted(job.selection.account_ids):
        case = load_case(job.session, account_id)
        if case is not None:
            out.append(records.account_record(case, job.request.include_originals))
    return out


# -- 2. copy WARC records, 3. index them ---------------------------------------------
def _copy_warc_records(job: _Export, plan: archive.ArchivePlan) -> list[archive.CopiedRecord]:
    """archive/: a warcinfo, then the records copied byte for byte, located in the bundle's WARC."""
    info = bundle_warcinfo(
        plan,
        job.cfg.warc_dir,
        operator=job.cfg.operator,
        profiles=[str(run["profile"]) for run in job.state.runs.values()],
        fallback_date=datetime.fromisoformat(job.created.replace("Z", "+00:00")),
    )
    with job.writer.open(archive.ARCHIVE_PATH, size=len(info) + plan.total_bytes) as sink:
        sink.write(info)
        copied = archive.copy_records(
            plan, job.cfg.warc_dir, sink, on_record=job.advance, start_offset=len(info)
        )
    for rec in copied:
        if rec.is_capture:
            job.state.located[rec.capture_id] = (rec.offset, rec.length)
    return copied


def _write_index(
    job: _Export, copied: list[archive.CopiedRecord], handles: dict[int, str | None]
) -> None:
    titles = {
        rec.capture_id: " / ".join(
            f"@{handles.get(a) or a}" for a in job.state.accounts.get(rec.capture_id, [])
        )
        or rec.url
        for rec in copied
    }
    cdx_gz, idx = index.compressed_index(index.cdxj_lines(copied))
    job.writer.write_bytes(index.INDEX_PATH, cdx_gz)
    job.writer.write_bytes(index.IDX_PATH, idx)
    job.writer.write_bytes("pages/pages.jsonl", _lines(archive.pages_jsonl(copied, titles)))


# -- 4. pictures -------------------------------------------------------------------
def _pictures(accounts: list[dict[str, Any]], state: _CaptureState) -> list[tuple[str, str]]:
    """(bundle path, blob sha256) of every picture the bundle carries, each once."""
    wanted: dict[str, str] = {}
    for sha in state.screenshots.values():
        wanted[records.screenshot_path(sha)] = sha
    for acc in accounts:
        for media in acc["media"]:
            if media["thumbnail"]:
                wanted[media["thumbnail"]] = media["thumbnail_sha256"]
            if media["original"]:
                wanted[media["original"]] = media["original_sha256"]
    return sorted(wanted.items())


def _write_pictures(job: _Export, pictures: list[tuple[str, str]]) -> None:
    for path, sha in pictures:
        data = job.blobs.get(sha)
        if hashlib.sha256(data).hexdigest() != sha:
            raise BlobIntegrityError(
                f"blob {sha} no longer matches its hash; run `mimamori verify --store`"
            )
        job.writer.write_bytes(path, data)
        job.advance()


# -- 5. records (JSON, CSV) --------------------------------------------------------
def _bundle_info(job: _Export, accounts: list[dict[str, Any]]) -> dict[str, Any]:
    withheld_media = [m for acc in accounts for m in acc["media"] if m["withheld_reason"]]
    accounts_ids = [acc["id"] for acc in accounts]
    created_at = datetime.fromisoformat(job.created.replace("Z", "+00:00"))
    return {
        "created": job.created,
        "created_utc": utc_text(created_at),
        "created_jst": jst_text(created_at),
        "purpose": job.request.purpose,
        "analyst": job.request.analyst or "analyst",
        "tool_version": __version__,
        "account_count": len(accounts),
        "capture_count": len(job.state.located),
        "withheld_count": len(job.selection.withheld_captures) + len(withheld_media),
        "signer_fingerprint": job.key.fingerprint,
        "include_originals": job.request.include_originals,
        "seller_cluster": cluster_links.cluster_record(job.session, job.request, accounts_ids),
    }


def _write_records(
    job: _Export, accounts: list[dict[str, Any]], bundle_info: dict[str, Any]
) -> None:
    audit = records.audit_records(job.session, accounts, records.pseudonyms(job.session))
    case = {
        "bundle": bundle_info,
        "accounts": accounts,
        "audit": audit,
        "crawl_runs": {str(k): v for k, v in job.state.runs.items()},
        "withheld_captures": [
            {"capture_id": cid, "reason": why}
            for cid, why in sorted(job.selection.withheld_captures.items())
        ],
    }
    job.writer.write_bytes(
        "records/case.json", json.dumps(case, indent=2, ensure_ascii=False).encode("utf-8")
    )
    for name, rows, fields in tables.flat_tables(accounts, audit):
        job.writer.write_bytes(f"records/{name}", records.csv_text(rows, fields).encode("utf-8"))
    cluster_links.write_tables(job.writer, bundle_info)
    _write_capture_records(job)


def _write_capture_records(job: _Export) -> None:
    """captures.jsonl, captures.csv and the chain entries, streamed a capture at a time."""
    capture_ids = job.selection.capture_ids
    with job.writer.open("records/captures.jsonl") as out:
        for row in job.captures(capture_ids):
            out.write((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))
    with job.writer.open("records/captures.csv") as out:
        out.write(records.csv_text([], records.CAPTURE_CSV_FIELDS).encode("utf-8"))
        for row in job.captures(capture_ids):
            line = records.csv_text([row], records.CAPTURE_CSV_FIELDS).split("\r\n", 1)[1]
            out.write(line.encode("utf-8"))
    with job.writer.open(standalone.CHAIN_PATH) as out:
        for capture in iter_captures(job.session, capture_ids):
            entry = records.chain_entry(capture)
            out.write(
                (json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
            )


# -- 6. report ---------------------------------------------------------------------
def _write_report(
    job: _Export, accounts: list[dict[str, Any]], bundle_info: dict[str, Any]
) -> None:
    by_account = job.state.by_account
    views, exhibit_shas = report.report_views(
        accounts, by_account, job.state.screenshots, job.state.shot_pages, job.request.families
    )
    bundle_info = report.report_bundle(bundle_info, job.cfg)

    def captures_of(account_id: int) -> Iterator[dict[str, Any]]:
        return job.captures(by_account.get(account_id, []))

    with job.writer.open("report/report.html") as html_out:
        for chunk in report.render_report(
            bundle=bundle_info,
            accounts=views,
            captures=captures_of,
            capture_limit=None,
            show_images=True,
        ):
            html_out.write(chunk.encode("utf-8"))
    job.advance()
    if job.request.pdf:
        printed = report.PrintedExhibits(
            lambda sha: _picture(job, sha if sha in exhibit_shas else None)
        )
        printable = "".join(
            report.render_report(
                bundle=bundle_info,
                accounts=views,
                captures=captures_of,
                capture_limit=report.PDF_CAPTURE_LIMIT,
                show_images=False,
                exhibit_limit=report.PDF_EXHIBIT_LIMIT,
                printed=printed,
            )
        )
        pdf = report.render_pdf(printable, printed.fetch)
        job.writer.write_bytes("report/report.pdf", pdf)
        del printable
    job.advance()


def _picture(job: _Export, sha: str | None) -> bytes | None:
    """An exhibit's screenshot for the PDF, read again and checked again against its hash."""
    data = job.blobs.get(sha) if sha else None
    if data is not None and hashlib.sha256(data).hexdigest() != sha:
        raise BlobIntegrityError(f"blob {sha} no longer matches its hash")
    return data


# -- 7. verifier, 8. signed datapackage ----------------------------------------------
def _write_verifier(job: _Export) -> None:
    for path, data in [*verifier_files(job.key), *authority_files(job.cfg)]:
        job.writer.write_bytes(path, data)


def _sign(job: _Export, account_count: int) -> None:
    """datapackage.json lists every file's hash; the digest file signs it (both unlisted)."""
    package = datapackage_bytes(
        job.writer.resources,
        created=job.created,
        title=f"mimamori evidence bundle ({job.request.purpose})",
        description=f"{account_count} account(s), {len(job.state.located)} capture record(s)",
        software=SOFTWARE,
    )
    job.writer.write_bytes("datapackage.json", package, listed=False)
    job.writer.write_bytes(
        "datapackage-digest.json",
        digest_bytes(
            package,
            created=job.created,
            key=job.key,
            software=SOFTWARE,
            extension=job.timestamps,
        ),
        listed=False,
    )


def _lines(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def _file_sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size
