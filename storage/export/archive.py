"""Step 2: copy the captures' WARC records into archive/, byte for byte.

Records are whole gzip members in the source WARCs, so concatenating them gives a
valid WARC file whose records are bit-identical to what the crawler wrote. The file
opens with the bundle's own warcinfo record (`bundle_warcinfo.py`), and every copied
response is followed by its request record, found where the crawl's writer puts it:
right after the response, in the same file (docs/architecture.md, "Export formats").
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator

from storage.cases import CaseCapture
from storage.export.errors import EvidenceDamagedError
from storage.warc.writer import read_record_bytes

ARCHIVE_NAME = "evidence.warc.gz"
ARCHIVE_PATH = f"archive/{ARCHIVE_NAME}"
_PROBE_BYTES = 64 * 1024


class EvidenceIntegrityError(EvidenceDamagedError):
    """A stored WARC record no longer matches its capture row: refuse to export it."""


@dataclass(frozen=True)
class PlannedRecord:
    capture_id: int
    warc_file: str
    offset: int
    length: int
    record_id: str | None
    kind: str = "response"
    captured_at: datetime | None = None
    # A request record copied with its response (capture_id is the response's).
    companion: bool = False


@dataclass
class CopiedRecord:
    capture_id: int
    url: str
    timestamp: str  # 14-digit WARC timestamp
    warc_date: str
    record_type: str
    record_id: str
    mime: str | None
    status: int | None
    payload_digest: str | None
    offset: int  # in the bundle's archive file
    length: int
    is_capture: bool = True
    record_digest: str = ""  # sha256 of the record's bytes as stored, as py-wacz indexes it
    warc_content_type: str | None = None
    # What the index takes from the request record that follows a response.
    request: dict[str, str] = field(default_factory=dict)


@dataclass
class ArchivePlan:
    records: list[PlannedRecord] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        return sum(r.length for r in self.records)

    @property
    def newest_capture(self) -> datetime | None:
        dates = [r.captured_at for r in self.records if r.captured_at is not None]
        return max(dates, default=None)

    def add(self, capture: CaseCapture) -> bool:
        if not capture.warc_file or capture.warc_offset is None or not capture.warc_length:
            return False
        self.records.append(
            PlannedRecord(
                capture.id,
                capture.warc_file,
                capture.warc_offset,
                capture.warc_length,
                capture.warc_record_id,
                capture.kind,
                capture.captured_at,
            )
        )
        return True


def warc_source(warc_dir: Path, name: str) -> Path:
    path = (warc_dir / name).resolve()
    # warc_file is a bare name; never follow a stored path out of the WARC folder.
    if path.parent != warc_dir.resolve():
        raise EvidenceIntegrityError(f"WARC file name {name!r} points outside {warc_dir}")
    if not path.exists():
        raise EvidenceIntegrityError(f"WARC file {path} is missing; run `mimamori verify --store`")
    return path


# -- request records ---------------------------------------------------------------
def _request_member_length(fh: BinaryIO, offset: int, response_id: str | None) -> int | None:
    """Length of the gzip member at offset if it holds the response's request record."""
    fh.seek(offset)
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    head = b""
    fed = 0
    while not inflate.eof:
        chunk = fh.read(_PROBE_BYTES)
        if not chunk:
            return None  # the response was the file's last record
        fed += len(chunk)
        try:
            head = (head + inflate.decompress(chunk))[:_PROBE_BYTES]
        except zlib.error:
            return None
        if b"\r\n\r\n" in head and b"\r\nWARC-Type: request\r\n" not in head:
            return None  # another kind of record: stop before inflating all of it
    if b"\r\nWARC-Type: request\r\n" not in head:
        return None
    if response_id and f"\r\nWARC-Concurrent-To: {response_id}\r\n".encode() not in head:
        return None
    return fed - len(inflate.unused_data)


def add_request_records(plan: ArchivePlan, warc_dir: Path) -> int:
    """Plan each response's request record right after it; returns how many were found."""
    planned: list[PlannedRecord] = []
    handles: dict[str, BinaryIO] = {}
    found = 0
    try:
        for item in plan.records:
            planned.append(item)
            if item.kind != "response" or item.companion:
                continue
            if item.warc_file not in handles:
                handles[item.warc_file] = open(warc_source(warc_dir, item.warc_file), "rb")  # noqa: SIM115 - closed below
            offset = item.offset + item.length
            length = _request_member_length(handles[item.warc_file], offset, item.record_id)
            if length is None:
                continue
            planned.append(
                PlannedRecord(
                    item.capture_id, item.warc_file, offset, length, None, "request", None, True
                )
            )
            found += 1
    finally:
        for fh in handles.values():
            fh.close()
    plan.records = planned
    return found


# -- copying -------------------------------------------------------------------------
def describe_record(data: bytes) -> dict[str, object]:
    """WARC and HTTP facts of one gzip-member record, parsed by warcio."""
    for record in ArchiveIterator(BytesIO(data)):
        headers = record.rec_headers
        http = record.http_headers
        status = None
        mime = None
        if http is not None and record.rec_type in ("response", "revisit"):
            code = (http.get_statuscode() or "").strip()
            status = int(code) if code.isdigit() else None
            mime = http.get_header("Content-Type")
        elif record.rec_type in ("resource", "metadata"):
            mime = headers.get_header("Content-Type")
        if record.rec_type == "revisit":
            mime = "warc/revisit"
        facts: dict[str, object] = {
            "type": record.rec_type,
            "url": headers.get_header("WARC-Target-URI") or "",
            "date": headers.get_header("WARC-Date") or "",
            "record_id": headers.get_header("WARC-Record-ID") or "",
            "concurrent_to": headers.get_header("WARC-Concurrent-To") or "",
            "payload_digest": headers.get_header("WARC-Payload-Digest")
            or headers.get_header("WARC-Block-Digest"),
            "status": status,
            "mime": mime,
            "warc_content_type": headers.get_header("Content-Type"),
            "request": {},
        }
        if record.rec_type == "request" and http is not None:
            facts["request"] = _request_facts(http, record.content_stream().read())
        return facts
    raise EvidenceIntegrityError("no WARC record at the stored offset")


def _request_facts(http, body: bytes) -> dict[str, str]:  # type: ignore[no-untyped-def]
    facts = {"method": (http.protocol or "").upper()}
    for name, key in (
        ("Referer", "referrer"),
        ("Cookie", "cookie"),
        ("Content-Type", "content_type"),
        ("Content-Length", "content_length"),
    ):
        value = http.get_header(name)
        if value is not None:
            facts[key] = value
    if facts["method"] in ("POST", "PUT"):
        facts["body"] = body.decode("latin-1")  # kept lossless for the POST key (index.py)
    return facts


def warc_timestamp(warc_date: str) -> str:
    return "".join(c for c in warc_date if c.isdigit())[:14]


def _read_planned(item: PlannedRecord, warc_dir: Path) -> bytes:
    data = read_record_bytes(warc_source(warc_dir, item.warc_file), item.offset, item.length)
    if len(data) != item.length:
        raise EvidenceIntegrityError(
            f"capture {item.capture_id}: {item.warc_file} is shorter than the stored record"
        )
    return data


def _facts(item: PlannedRecord, data: bytes) -> dict[str, object]:
    try:
        facts = describe_record(data)
    except EvidenceIntegrityError:
        raise
    except Exception as exc:
        raise EvidenceIntegrityError(
            f"capture {item.capture_id}: record at {item.warc_file}:{item.offset} is unreadable ({exc})"
        ) from exc
    if item.record_id and facts["record_id"] != item.record_id:
        raise EvidenceIntegrityError(
            f"capture {item.capture_id}: WARC record id differs from the database "
            f"({facts['record_id']} != {item.record_id}); run `mimamori verify --store`"
        )
    return facts


def copy_records(
    plan: ArchivePlan,
    warc_dir: Path,
    sink,  # a writable binary stream (the zip entry)
    on_record: Callable[[int], None] | None = None,
    *,
    start_offset: int = 0,
) -> list[CopiedRecord]:
    """Copy the planned records after `start_offset` bytes already written (the warcinfo)."""
    copied: list[CopiedRecord] = []
    out_offset = start_offset
    for item in plan.records:
        data = _read_planned(item, warc_dir)
        facts = _facts(item, data)
        sink.write(data)
        rec = CopiedRecord(
            capture_id=item.capture_id,
            url=str(facts["url"]),
            timestamp=warc_timestamp(str(facts["date"])),
            warc_date=str(facts["date"]),
            record_type=str(facts["type"]),
            record_id=str(facts["record_id"]),
            mime=facts["mime"],  # type: ignore[arg-type]
            status=facts["status"],  # type: ignore[arg-type]
            payload_digest=facts["payload_digest"],  # type: ignore[arg-type]
            offset=out_offset,
            length=len(data),
            is_capture=not item.companion,
            record_digest="sha256:" + hashlib.sha256(data).hexdigest(),
            warc_content_type=facts["warc_content_type"],  # type: ignore[arg-type]
        )
        response = copied[-1] if item.companion and copied else None
        if response is not None and facts["concurrent_to"] == response.record_id:
            response.request = dict(facts["request"])  # type: ignore[call-overload]
        copied.append(rec)
        out_offset += len(data)
        if on_record is not None and not item.companion:
            on_record(1)
    return copied


def pages_jsonl(records: Iterable[CopiedRecord], titles: dict[int, str]) -> list[str]:
    """pages/pages.jsonl: the HTML pages a player lists as entry points."""
    lines = [json.dumps({"format": "json-pages-1.0", "id": "pages", "title": "mimamori evidence"})]
    seen: set[tuple[str, str]] = set()
    for rec in records:
        mime = (rec.mime or "").lower()
        if (
            not rec.is_capture
            or rec.record_type != "response"
            or "html" not in mime
            or (rec.status or 0) >= 400
        ):
            continue
        key = (rec.url, rec.timestamp)
        if key in seen:
            continue
        seen.add(key)
        page = {
            "id": f"capture-{rec.capture_id}",
            "url": rec.url,
            "ts": rec.warc_date,
            "title": titles.get(rec.capture_id, rec.url),
        }
        lines.append(json.dumps(page, ensure_ascii=False))
    return lines
