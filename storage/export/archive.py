"""Step 2: copy the captures' WARC records into archive/, byte for byte, and index them.

Records are whole gzip members in the source WARCs, so concatenating them gives a
valid WARC file whose records are bit-identical to what the crawler wrote.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import surt
from warcio.archiveiterator import ArchiveIterator

from storage.cases import CaseCapture
from storage.export.errors import EvidenceDamagedError
from storage.warc.writer import read_record_bytes

ARCHIVE_NAME = "evidence.warc.gz"
ARCHIVE_PATH = f"archive/{ARCHIVE_NAME}"
INDEXED_TYPES = frozenset({"response", "revisit", "resource"})


class EvidenceIntegrityError(EvidenceDamagedError):
    """A stored WARC record no longer matches its capture row: refuse to export it."""


@dataclass(frozen=True)
class PlannedRecord:
    capture_id: int
    warc_file: str
    offset: int
    length: int
    record_id: str | None


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


@dataclass
class ArchivePlan:
    records: list[PlannedRecord] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        return sum(r.length for r in self.records)

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
            )
        )
        return True


def _warc_source(warc_dir: Path, name: str) -> Path:
    path = (warc_dir / name).resolve()
    # warc_file is a bare name; never follow a stored path out of the WARC folder.
    if path.parent != warc_dir.resolve():
        raise EvidenceIntegrityError(f"WARC file name {name!r} points outside {warc_dir}")
    if not path.exists():
        raise EvidenceIntegrityError(f"WARC file {path} is missing; run `mimamori verify --store`")
    return path


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
        elif record.rec_type == "resource":
            mime = headers.get_header("Content-Type")
        if record.rec_type == "revisit":
            mime = "warc/revisit"
        return {
            "type": record.rec_type,
            "url": headers.get_header("WARC-Target-URI") or "",
            "date": headers.get_header("WARC-Date") or "",
            "record_id": headers.get_header("WARC-Record-ID") or "",
            "payload_digest": headers.get_header("WARC-Payload-Digest")
            or headers.get_header("WARC-Block-Digest"),
            "status": status,
            "mime": mime,
        }
    raise EvidenceIntegrityError("no WARC record at the stored offset")


def warc_timestamp(warc_date: str) -> str:
    return "".join(c for c in warc_date if c.isdigit())[:14]


def copy_records(
    plan: ArchivePlan,
    warc_dir: Path,
    sink,  # a writable binary stream (the zip entry)
    on_record: Callable[[int], None] | None = None,
) -> list[CopiedRecord]:
    copied: list[CopiedRecord] = []
    out_offset = 0
    for item in plan.records:
        data = read_record_bytes(_warc_source(warc_dir, item.warc_file), item.offset, item.length)
        if len(data) != item.length:
            raise EvidenceIntegrityError(
                f"capture {item.capture_id}: {item.warc_file} is shorter than the stored record"
            )
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
        sink.write(data)
        copied.append(
            CopiedRecord(
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
            )
        )
        out_offset += len(data)
        if on_record is not None:
            on_record(1)
    return copied


def surt_key(url: str) -> str:
    try:
        return surt.surt(url)
    except Exception:
        return url


def cdxj_lines(records: Iterable[CopiedRecord]) -> list[str]:
    """CDXJ lines (sorted, as replay tools binary-search them) for the replayable records."""
    lines = []
    for rec in records:
        if rec.record_type not in INDEXED_TYPES or not rec.url:
            continue
        block: dict[str, object] = {
            "url": rec.url,
            "mime": (rec.mime or "unk").split(";")[0].strip() or "unk",
            "digest": rec.payload_digest or "-",
            "length": str(rec.length),
            "offset": str(rec.offset),
            "filename": ARCHIVE_NAME,
            "recordId": rec.record_id,
        }
        if rec.status is not None:
            block["status"] = str(rec.status)
        lines.append(f"{surt_key(rec.url)} {rec.timestamp} {json.dumps(block, ensure_ascii=False)}")
    lines.sort()
    return lines


def pages_jsonl(records: Iterable[CopiedRecord], titles: dict[int, str]) -> list[str]:
    """pages/pages.jsonl: the HTML pages a player lists as entry points."""
    lines = [json.dumps({"format": "json-pages-1.0", "id": "pages", "title": "mimamori evidence"})]
    seen: set[tuple[str, str]] = set()
    for rec in records:
        mime = (rec.mime or "").lower()
        if rec.record_type != "response" or "html" not in mime or (rec.status or 0) >= 400:
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
