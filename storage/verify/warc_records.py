"""What a capture row says against what its WARC record says, and records no row points to.

A row can be recomputed into the chain by anyone who can write the database, but its
WARC record was written at capture time: the record's type, Target-URI, WARC-Date,
WARC-IP-Address, digests and id must say what the row says (storage/verify/store.py).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from storage.models import Capture

# The record type the Recorder writes for each kind of capture row.
RECORD_TYPE = {
    "response": "response",
    "revisit": "revisit",
    "dom": "resource",
    "screenshot": "resource",
    "actions": "resource",
    "media": "metadata",
}


@dataclass(frozen=True)
class RecordFacts:
    """The headers of one WARC record that a row is checked against."""

    type: str | None
    record_id: str | None
    target_uri: str | None
    date: str | None
    ip_address: str | None
    payload_digest: str | None
    block_digest: str | None
    refers_to: str | None
    concurrent_to: str | None
    body: bytes = b""

    @classmethod
    def from_record(cls, record: Any, body: bytes = b"") -> RecordFacts:
        get = record.rec_headers.get_header
        return cls(
            type=get("WARC-Type"),
            record_id=get("WARC-Record-ID"),
            target_uri=get("WARC-Target-URI"),
            date=get("WARC-Date"),
            ip_address=get("WARC-IP-Address"),
            payload_digest=digest_hex(get("WARC-Payload-Digest")),
            block_digest=digest_hex(get("WARC-Block-Digest")),
            refers_to=get("WARC-Refers-To"),
            concurrent_to=get("WARC-Concurrent-To"),
            body=body,
        )


def digest_hex(value: str | None) -> str | None:
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


def read_facts(data: bytes) -> RecordFacts:
    """The first record in `data` (one gzip member); raises when it cannot be parsed."""
    record = next(iter(ArchiveIterator(BytesIO(data))))
    body = record.content_stream().read() if record.rec_type == "metadata" else b""
    return RecordFacts.from_record(record, body)


def expected_target(capture: Capture) -> str:
    if capture.kind in ("dom", "screenshot", "actions"):
        return f"urn:mimamori:{capture.kind}:{capture.url}"
    return capture.url


def _warc_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def row_mismatches(capture: Capture, facts: RecordFacts, refers_to_record: str | None) -> list[str]:
    """Every way the row disagrees with its record, in words an operator can act on."""
    errors = []
    if capture.warc_record_id and facts.record_id != capture.warc_record_id:
        errors.append(
            f"record id {facts.record_id} differs from the database ({capture.warc_record_id})"
        )
    expected_type = RECORD_TYPE.get(capture.kind)
    if expected_type and facts.type != expected_type:
        errors.append(f"record is a {facts.type} record, the row says {capture.kind}")
    if facts.target_uri != expected_target(capture):
        errors.append(f"WARC-Target-URI {facts.target_uri} differs from the row's url")
    if _warc_time(facts.date) != capture.captured_at:
        errors.append(
            f"WARC-Date {facts.date} differs from the row's captured_at "
            f"{capture.captured_at.isoformat() if capture.captured_at else None}"
        )
    if capture.kind in ("response", "revisit") and facts.ip_address != capture.server_ip:
        errors.append(
            f"WARC-IP-Address {facts.ip_address} differs from the row's server_ip "
            f"{capture.server_ip}"
        )
    errors.extend(_digest_mismatches(capture, facts))
    named = capture.refers_to_capture_id is not None
    if capture.kind == "revisit" and named and facts.refers_to != refers_to_record:
        errors.append(
            f"revisit refers to {facts.refers_to}, the row to capture "
            f"{capture.refers_to_capture_id} ({refers_to_record})"
        )
    return errors


def _digest_mismatches(capture: Capture, facts: RecordFacts) -> list[str]:
    kind = capture.kind
    if kind in ("response", "revisit") and facts.payload_digest not in (None, capture.sha256):
        return ["payload digest differs from the stored SHA-256 (body changed)"]
    if kind in ("dom", "screenshot", "actions") and facts.block_digest != capture.sha256:
        return ["block digest differs from the stored SHA-256 (resource changed)"]
    if kind == "media" and f"sha256: {capture.sha256}\r\n".encode() not in facts.body:
        return ["the media fetch record names another SHA-256 than the row"]
    return []


def record_digests_problem(data: bytes) -> str | None:
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
