"""The export: one signed WACZ file per case, written as a stream.

Order of work: select evidence, copy WARC records, index them, add the blurred
pictures, the record (JSON/CSV), the report, the verifier, then the signed
datapackage. Memory stays bounded: captures are read a chunk at a time and the
per-capture state kept is a few small tuples.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.blobs import BlobStore
from storage.config import AppConfig
from storage.db import Database
from storage.export import archive, records, report
from storage.export.datapackage import datapackage_bytes, digest_bytes
from storage.export.select import (
    EvidenceSelection,
    build_selection,
    iter_captures,
    select_accounts,
)
from storage.export.signing import SigningKey, load_or_create_key
from storage.export.timefmt import jst_text, utc_text
from storage.export.zipwriter import BundleZipWriter
from storage.models import Account, AuditEntry, EvidenceLink, Export, Flag
from storage.verify import standalone
from storage.version import __version__

SOFTWARE = f"mimamori {__version__}"
Progress = Callable[[int, int], None]


class BlobIntegrityError(RuntimeError):
    """A stored picture no longer hashes to its name: refuse to export it."""


@dataclass
class ExportRequest:
    account_ids: Sequence[int] = ()
    status: str | None = None
    since: datetime | None = None
    platform: str | None = None
    purpose: str = "police"
    include_originals: bool = False
    analyst: str | None = None
    pdf: bool = True
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


@dataclass
class _CaptureState:
    """What the export keeps per capture between passes (small on purpose)."""

    accounts: dict[int, list[int]] = field(default_factory=dict)
    posts: dict[int, list[int]] = field(default_factory=dict)
    located: dict[int, tuple[int, int]] = field(default_factory=dict)
    screenshots: dict[int, str] = field(default_factory=dict)
    runs: dict[int, dict[str, Any]] = field(default_factory=dict)
    by_account: dict[int, list[int]] = field(default_factory=dict)


def _now_created() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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
    blobs = BlobStore(cfg.blob_dir)
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)

    with database.session() as session:
        account_ids = select_accounts(
            session,
            account_ids=request.account_ids,
            status=request.status,
            since=request.since,
            platform=request.platform,
        )
        selection = build_selection(session, account_ids)
        writer = BundleZipWriter(partial)
        try:
            result = _write_bundle(session, cfg, blobs, key, request, selection, writer, progress)
            writer.close()
        except BaseException:
            writer.abort()
            raise
    os.replace(partial, out)
    result.path = out
    result.sha256, result.size = _file_sha256(out)
    result.export_id = _record_export(database, request, result)
    return result


def _write_bundle(
    session: Session,
    cfg: AppConfig,
    blobs: BlobStore,
    key: SigningKey,
    request: ExportRequest,
    selection: EvidenceSelection,
    writer: BundleZipWriter,
    progress: Progress | None,
) -> ExportResult:
    created = _now_created()
    state = _CaptureState()
    for capture_id, account_id, post_id in session.execute(
        select(EvidenceLink.capture_id, EvidenceLink.account_id, EvidenceLink.post_id).where(
            EvidenceLink.account_id.in_(selection.account_ids)
        )
    ):
        state.accounts.setdefault(capture_id, [])
        if account_id not in state.accounts[capture_id]:
            state.accounts[capture_id].append(account_id)
            state.by_account.setdefault(account_id, []).append(capture_id)
        if post_id is not None:
            state.posts.setdefault(capture_id, []).append(post_id)
    for ids in state.by_account.values():
        ids.sort()

    # Pass 1: plan which records and pictures go in (sizes only, nothing read yet).
    plan = archive.ArchivePlan()
    run_ids: set[int] = set()
    for capture in iter_captures(session, selection.capture_ids):
        run_ids.add(capture.run_id)
        if capture.id in selection.withheld_captures:
            continue
        plan.add(capture)
        if capture.blob_sha256:
            state.screenshots[capture.id] = capture.blob_sha256
    state.runs = records.run_provenance(session, run_ids)

    handles = dict(
        session.execute(
            select(Account.id, Account.handle).where(Account.id.in_(selection.account_ids))
        ).all()
    )
    reviewers = records.pseudonyms(session)
    people = records.PeopleResolver(session)
    accounts = [
        records.account_record(
            session, account, selection, people, reviewers, request.include_originals
        )
        for account in session.scalars(
            select(Account).where(Account.id.in_(selection.account_ids)).order_by(Account.id)
        )
    ]
    pictures = _pictures(accounts, state)
    total = len(plan.records) + len(pictures) + 4
    done = 0

    def advance(n: int = 1) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    # archive/: records copied byte for byte.
    with writer.open(archive.ARCHIVE_PATH, size=plan.total_bytes) as sink:
        copied = archive.copy_records(plan, cfg.warc_dir, sink, on_record=advance)
    for rec in copied:
        state.located[rec.capture_id] = (rec.offset, rec.length)

    titles = {
        rec.capture_id: " / ".join(
            f"@{handles.get(a) or a}" for a in state.accounts.get(rec.capture_id, [])
        )
        or rec.url
        for rec in copied
    }
    writer.write_bytes("indexes/index.cdxj", _lines(archive.cdxj_lines(copied)))
    writer.write_bytes("pages/pages.jsonl", _lines(archive.pages_jsonl(copied, titles)))
    del copied, titles

    for path, sha in pictures:
        data = blobs.get(sha)
        if hashlib.sha256(data).hexdigest() != sha:
            raise BlobIntegrityError(
                f"blob {sha} no longer matches its hash; run `mimamori verify --store`"
            )
        writer.write_bytes(path, data)
        advance()

    withheld_media = [m for acc in accounts for m in acc["media"] if m["withheld_reason"]]
    withheld_count = len(selection.withheld_captures) + len(withheld_media)
    bundle_info = {
        "created": created,
        "created_utc": utc_text(datetime.fromisoformat(created.replace("Z", "+00:00"))),
        "created_jst": jst_text(datetime.fromisoformat(created.replace("Z", "+00:00"))),
        "purpose": request.purpose,
        "analyst": request.analyst or "analyst",
        "tool_version": __version__,
        "account_count": len(accounts),
        "capture_count": len(state.located),
        "withheld_count": withheld_count,
        "signer_fingerprint": key.fingerprint,
        "include_originals": request.include_originals,
    }
    audit = records.audit_records(session, accounts, reviewers)
    _write_records(session, writer, selection, state, accounts, audit, bundle_info)
    advance()

    views = [report.report_view(acc, len(state.by_account.get(acc["id"], []))) for acc in accounts]

    def captures_of(account_id: int) -> Iterator[dict[str, Any]]:
        for capture in iter_captures(session, state.by_account.get(account_id, [])):
            yield _capture_dict(capture, selection, state)

    with writer.open("report/report.html") as html_out:
        for chunk in report.render_report(
            bundle=bundle_info,
            accounts=views,
            captures=captures_of,
            capture_limit=None,
            show_images=True,
        ):
            html_out.write(chunk.encode("utf-8"))
    advance()
    if request.pdf:
        printable = "".join(
            report.render_report(
                bundle=bundle_info,
                accounts=views,
                captures=captures_of,
                capture_limit=report.PDF_CAPTURE_LIMIT,
                show_images=False,
            )
        )
        writer.write_bytes("report/report.pdf", report.render_pdf(printable))
        del printable
    advance()

    writer.write_bytes("verify/verify_bundle.py", Path(standalone.__file__).read_bytes())
    writer.write_bytes("verify/signer-public-key.pem", key.public_pem.encode("ascii"))
    writer.write_bytes("verify/README.txt", _verify_readme(key).encode("utf-8"))

    package = datapackage_bytes(
        writer.resources,
        created=created,
        title=f"mimamori evidence bundle ({request.purpose})",
        description=f"{len(accounts)} account(s), {len(state.located)} capture record(s)",
        software=SOFTWARE,
    )
    writer.write_bytes("datapackage.json", package, listed=False)
    writer.write_bytes(
        "datapackage-digest.json",
        digest_bytes(package, created=created, key=key, software=SOFTWARE),
        listed=False,
    )
    advance()
    return ExportResult(
        path=writer.path,
        sha256="",
        size=0,
        account_ids=list(selection.account_ids),
        capture_count=len(state.located),
        withheld_count=withheld_count,
        files=[r.path for r in writer.resources],
        signer_fingerprint=key.fingerprint,
    )


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


def _capture_dict(capture, selection: EvidenceSelection, state: _CaptureState) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    located = state.located.get(capture.id)
    shot = state.screenshots.get(capture.id)
    return records.capture_record(
        capture,
        bundle_offset=located[0] if located else None,
        bundle_length=located[1] if located else None,
        screenshot=records.screenshot_path(shot) if shot else None,
        withheld=selection.withheld_captures.get(capture.id),
        accounts=state.accounts.get(capture.id, []),
        posts=state.posts.get(capture.id, []),
        run=state.runs.get(capture.run_id),
    )


def _write_records(
    session: Session,
    writer: BundleZipWriter,
    selection: EvidenceSelection,
    state: _CaptureState,
    accounts: list[dict[str, Any]],
    audit: list[dict[str, Any]],
    bundle_info: dict[str, Any],
) -> None:
    case = {
        "bundle": bundle_info,
        "accounts": accounts,
        "audit": audit,
        "crawl_runs": {str(k): v for k, v in state.runs.items()},
        "withheld_captures": [
            {"capture_id": cid, "reason": why}
            for cid, why in sorted(selection.withheld_captures.items())
        ],
    }
    writer.write_bytes(
        "records/case.json", json.dumps(case, indent=2, ensure_ascii=False).encode("utf-8")
    )
    flat = {
        "accounts.csv": (
            [{**a, "platform": (a["platform"] or {}).get("key")} for a in accounts],
            [
                "id",
                "platform",
                "account_key",
                "handle",
                "display_name",
                "profile_url",
                "bio",
                "links",
                "first_seen_at",
                "last_seen_at",
                "minor_risk",
            ],
        ),
        "plans.csv": (
            [{**p, "account_id": a["id"]} for a in accounts for p in a["plans"]],
            [
                "account_id",
                "id",
                "name",
                "price",
                "currency",
                "price_text",
                "description",
                "first_seen_at",
                "last_seen_at",
            ],
        ),
        "posts.csv": (
            [{**p, "account_id": a["id"]} for a in accounts for p in a["posts"]],
            [
                "account_id",
                "id",
                "post_key",
                "url",
                "title",
                "text",
                "price",
                "currency",
                "posted_at_text",
                "first_seen_at",
                "minor_risk",
            ],
        ),
        "detections.csv": (
            [{**d, "account_id": a["id"]} for a in accounts for d in a["detections"]],
            [
                "account_id",
                "id",
                "subject",
                "post_id",
                "flagged",
                "score",
                "minor_risk",
                "people",
                "reasons",
                "detector_version",
                "created_at",
            ],
        ),
        "decisions.csv": (
            [{**d, "account_id": a["id"]} for a in accounts for d in a["decisions"]],
            [
                "account_id",
                "id",
                "flag_id",
                "decision",
                "reviewer",
                "note",
                "created_utc",
                "created_jst",
            ],
        ),
        "media.csv": (
            [{**m, "account_id": a["id"]} for a in accounts for m in a["media"]],
            [
                "account_id",
                "id",
                "post_id",
                "url",
                "sha256",
                "pdq",
                "pdq_quality",
                "thumbnail",
                "original",
                "withheld_reason",
            ],
        ),
        "audit.csv": (
            audit,
            ["id", "at", "user", "action", "target_type", "target_id", "detail"],
        ),
    }
    for name, (rows, fields) in flat.items():
        writer.write_bytes(f"records/{name}", records.csv_text(rows, fields).encode("utf-8"))

    with writer.open("records/captures.jsonl") as out:
        for capture in iter_captures(session, selection.capture_ids):
            row = _capture_dict(capture, selection, state)
            out.write((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))
    with writer.open("records/captures.csv") as out:
        out.write(records.csv_text([], records.CAPTURE_CSV_FIELDS).encode("utf-8"))
        for capture in iter_captures(session, selection.capture_ids):
            row = _capture_dict(capture, selection, state)
            line = records.csv_text([row], records.CAPTURE_CSV_FIELDS).split("\r\n", 1)[1]
            out.write(line.encode("utf-8"))
    with writer.open(standalone.CHAIN_PATH) as out:
        for capture in iter_captures(session, selection.capture_ids):
            entry = records.chain_entry(capture)
            out.write(
                (json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
            )


def _verify_readme(key: SigningKey) -> str:
    return (
        "How to verify this evidence bundle without mimamori\n"
        "====================================================\n\n"
        "Needs Python 3.9+ and the 'cryptography' package (pip install cryptography).\n\n"
        "    unzip -p BUNDLE.wacz verify/verify_bundle.py > verify_bundle.py\n"
        "    python3 verify_bundle.py BUNDLE.wacz --key SIGNER_PUBLIC_KEY.pem\n\n"
        "Use the public key the sender gave you separately; the copy in this folder only\n"
        "proves the bundle is intact, not who made it. This bundle was signed by the key\n"
        f"with fingerprint\n\n    {key.fingerprint}\n\n"
        "Exit status 0 and 'VERDICT: OK' mean every file matches the SHA-256 recorded in\n"
        "datapackage.json and the signature over that list and its creation time holds.\n"
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


def _record_export(database: Database, request: ExportRequest, result: ExportResult) -> int:
    """The Export row and its audit entry (required for every export)."""
    with database.session() as session:
        export = Export(
            user_name=request.analyst,
            path=str(result.path),
            sha256=result.sha256,
            purpose=request.purpose,
            account_ids=result.account_ids,
        )
        session.add(export)
        session.flush()
        # First export of an account's flag: takedown tracking starts watching from here.
        session.execute(
            update(Flag)
            .where(Flag.account_id.in_(result.account_ids), Flag.exported_at.is_(None))
            .values(exported_at=export.created_at)
        )
        detail = {
            "path": str(result.path),
            "sha256": result.sha256,
            "purpose": request.purpose,
            "account_ids": result.account_ids,
            "captures": result.capture_count,
            "withheld": result.withheld_count,
            "include_originals": request.include_originals,
            "signer": result.signer_fingerprint,
            "analyst": request.analyst,
        }
        detail["via"] = request.via
        session.add(
            AuditEntry(
                user_id=request.requested_by_user_id,
                user_name=request.requested_by or request.analyst,
                action="export",
                target_type="export",
                target_id=str(export.id),
                detail=detail,
                remote_addr=request.remote_addr,
            )
        )
        return export.id
