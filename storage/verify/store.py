"""`mimamori verify --store`: walk the capture hash chain and re-hash what it points at.

Checks, per capture in id order: the link to the previous row, the row's own hash,
the WARC record at (file, offset, length) (its id, its block digest and its payload
digest against the stored SHA-256), and the blurred screenshot blob.
"""

from __future__ import annotations

import base64
import contextlib
import io
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from warcio.archiveiterator import ArchiveIterator

from storage.blobs import BlobStore
from storage.chain import canonical_fields, row_hash
from storage.models import Capture, Media
from storage.warc.writer import read_record_bytes

_CHUNK = 1000


@dataclass
class StoreProblem:
    capture_id: int | None
    where: str
    message: str

    def __str__(self) -> str:
        who = f"capture {self.capture_id}" if self.capture_id is not None else "store"
        return f"{who} [{self.where}]: {self.message}"


@dataclass
class StoreReport:
    captures: int = 0
    records: int = 0
    blobs: int = 0
    problems: list[StoreProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _digest_hex(value: str | None) -> str | None:
    """'sha256:BASE32' (warcio) or 'sha256:hex' as lowercase hex."""
    if not value or ":" not in value:
        return None
    algo, _, encoded = value.partition(":")
    if algo.lower() != "sha256":
        return None
    if len(encoded) == 64:
        return encoded.lower()
    try:
        return base64.b32decode(encoded.upper()).hex()
    except ValueError:
        return None


def _check_record(capture: Capture, data: bytes) -> list[str]:
    """The record is the one the row names, and its payload digest is the stored SHA-256."""
    try:
        record = next(iter(ArchiveIterator(BytesIO(data))))
        record_id = record.rec_headers.get_header("WARC-Record-ID")
        payload = _digest_hex(record.rec_headers.get_header("WARC-Payload-Digest"))
    except Exception as exc:
        return [f"WARC record cannot be parsed ({exc})"]
    errors = []
    if capture.warc_record_id and record_id != capture.warc_record_id:
        errors.append(f"record id {record_id} differs from the database ({capture.warc_record_id})")
    if payload and capture.kind in ("response", "revisit") and payload != capture.sha256:
        errors.append("payload digest differs from the stored SHA-256 (body changed)")
    return errors


def _record_digests_problem(data: bytes) -> str | None:
    """Recompute the record's block and payload digests, as `warcio check` does."""
    try:
        for record in ArchiveIterator(BytesIO(data), check_digests=True):
            stream = record.content_stream()
            while stream.read(1 << 16):
                pass
            if record.digest_checker.passed is False:
                return "; ".join(record.digest_checker.problems) or "WARC digest check failed"
            return None
    except Exception as exc:
        return f"WARC record cannot be parsed ({exc})"
    return "no WARC record at the stored offset"


def _members(path: Path) -> Iterator[tuple[int, bytes | None, str | None]]:
    """(offset, decompressed record, error) for each gzip member of a WARC file.

    Each member's gzip CRC-32 covers its record, so this also catches damage in records
    no capture row points at (request records, warcinfo).
    """
    with open(path, "rb") as fh:
        offset = 0
        pending = b""
        while True:
            if not pending:
                pending = fh.read(1 << 16)
                if not pending:
                    return
            start = offset
            inflater = zlib.decompressobj(31)
            out = []
            try:
                while not inflater.eof:
                    if not pending:
                        pending = fh.read(1 << 16)
                        if not pending:
                            yield start, None, "file ends inside a record (truncated)"
                            return
                    consumed_before = len(pending)
                    out.append(inflater.decompress(pending))
                    pending = inflater.unused_data
                    offset += consumed_before - len(pending)
            except zlib.error as exc:
                yield start, None, f"damaged gzip member ({exc})"
                return
            yield start, b"".join(out), None


def _scan_warc_file(path: Path) -> list[tuple[int, str]]:
    problems = []
    for offset, data, error in _members(path):
        if error:
            problems.append((offset, error))
            continue
        assert data is not None
        try:
            for record in ArchiveIterator(BytesIO(data), check_digests=True):
                stream = record.content_stream()
                while stream.read(1 << 16):
                    pass
                if record.digest_checker.passed is False:
                    problems.append((offset, "; ".join(record.digest_checker.problems)))
        except Exception as exc:
            problems.append((offset, f"not a WARC record ({exc})"))
    return problems


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
) -> StoreReport:
    # warcio prints decompression errors to stderr; they are reported as problems instead.
    with contextlib.redirect_stderr(io.StringIO()):
        return _verify_store(session, Path(warc_dir), Path(blob_dir), progress)


def _verify_store(
    session: Session,
    warc_dir: Path,
    blob_dir: Path,
    progress: Callable[[int, int], None] | None,
) -> StoreReport:
    report = StoreReport()
    blobs = BlobStore(blob_dir)
    total = session.scalar(select(func.count(Capture.id))) or 0
    prev: str | None = None
    for capture in iter_all_captures(session):
        report.captures += 1
        if capture.prev_row_hash != prev:
            report.problems.append(
                StoreProblem(
                    capture.id,
                    "chain",
                    "does not link to the previous capture row "
                    "(a row was removed, inserted or edited before it)",
                )
            )
        if capture.row_hash != row_hash(capture.prev_row_hash, canonical_fields(capture)):
            report.problems.append(
                StoreProblem(capture.id, "chain", "row hash does not match its fields (row edited)")
            )
        prev = capture.row_hash
        if capture.warc_file and capture.warc_offset is not None and capture.warc_length:
            path = Path(warc_dir) / capture.warc_file
            if not path.exists():
                report.problems.append(
                    StoreProblem(capture.id, capture.warc_file, "WARC file missing")
                )
            else:
                data = read_record_bytes(path, capture.warc_offset, capture.warc_length)
                report.records += 1
                where = f"{capture.warc_file}@{capture.warc_offset}"
                if len(data) != capture.warc_length:
                    report.problems.append(StoreProblem(capture.id, where, "WARC file truncated"))
                else:
                    for message in _check_record(capture, data):
                        report.problems.append(StoreProblem(capture.id, where, message))
                    block_problem = _record_digests_problem(data)
                    if block_problem:
                        report.problems.append(StoreProblem(capture.id, where, block_problem))
        if capture.blob_sha256:
            report.blobs += 1
            if not blobs.exists(capture.blob_sha256):
                report.problems.append(
                    StoreProblem(capture.id, "blob", f"{capture.blob_sha256} missing")
                )
            elif not blobs.verify(capture.blob_sha256):
                report.problems.append(
                    StoreProblem(
                        capture.id, "blob", f"{capture.blob_sha256} no longer matches its hash"
                    )
                )
        if progress is not None:
            progress(report.captures, total)
    for path in sorted(Path(warc_dir).glob("*.warc.gz")):
        for offset, message in _scan_warc_file(path):
            report.problems.append(StoreProblem(None, f"{path.name}@{offset}", message))
    for media_id, thumb in session.execute(
        select(Media.id, Media.thumb_blob).where(Media.thumb_blob.is_not(None))
    ):
        report.blobs += 1
        if not blobs.exists(thumb) or not blobs.verify(thumb):
            report.problems.append(
                StoreProblem(
                    None, "blob", f"thumbnail {thumb} of media {media_id} missing or altered"
                )
            )
    return report
