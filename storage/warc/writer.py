"""Append-only WARC 1.1 writer for evidence, built on warcio.

Every record is its own gzip member and is flushed as soon as it is written, so a
crawl that is killed leaves a file that is valid up to its last whole record.
Digests are SHA-256 (warcio defaults to SHA-1; recipients of evidence expect SHA-256).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

DEFAULT_MAX_FILE_BYTES = 1024 * 1024 * 1024
REVISIT_PROFILE = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
# Headers that describe the transfer, not the stored payload: a de-chunked body kept
# with "Transfer-Encoding: chunked" could not be parsed back.
_TRANSFER_HEADERS = {"transfer-encoding"}


class _Sha256WarcWriter(WARCWriter):
    @staticmethod
    def _create_digester() -> Digester:
        return Digester("sha256")


@dataclass(frozen=True)
class RecordRef:
    """Where a record landed: enough to read it back byte for byte."""

    warc_file: str
    offset: int
    length: int
    record_id: str
    payload_digest: str | None
    date: str


def reason_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


class EvidenceWarcWriter:
    def __init__(
        self,
        directory: Path,
        basename: str,
        *,
        warcinfo: dict[str, str],
        max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
        on_closed: Callable[[str], None] | None = None,
    ) -> None:
        """`on_closed(name)` is called once per file when it is closed and will not grow
        again (at rotation and at close): the moment its SHA-256 can be timestamped."""
        self.directory = Path(directory)
        self.on_closed = on_closed
        self.directory.mkdir(parents=True, exist_ok=True)
        self.basename = basename
        self.warcinfo = warcinfo
        self.max_file_bytes = max_file_bytes
        self.files: list[str] = []
        self._seq = 0
        self._fh: BinaryIO | None = None
        self._writer: _Sha256WarcWriter | None = None
        self._lock = threading.Lock()

    # -- file management -------------------------------------------------
    def _open_next(self) -> None:
        self._close_current()
        self._seq += 1
        name = f"{self.basename}-{self._seq:05d}.warc.gz"
        path = self.directory / name
        # "xb": never overwrite an existing evidence file.
        self._fh = open(path, "xb")  # noqa: SIM115 - lives until close()
        self._writer = _Sha256WarcWriter(self._fh, gzip=True, warc_version="WARC/1.1")
        self.files.append(name)
        info = self._writer.create_warcinfo_record(name, dict(self.warcinfo))
        self._writer.write_record(info)
        self._fh.flush()

    def _close_current(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
            self._writer = None
            if self.on_closed is not None:
                self.on_closed(self.files[-1])

    def _ensure_open(self) -> tuple[_Sha256WarcWriter, BinaryIO]:
        if self._fh is None or self._fh.tell() >= self.max_file_bytes:
            self._open_next()
        assert self._writer is not None and self._fh is not None
        return self._writer, self._fh

    def _current(self) -> tuple[_Sha256WarcWriter, BinaryIO]:
        assert self._writer is not None and self._fh is not None
        return self._writer, self._fh

    def close(self) -> None:
        with self._lock:
            self._close_current()

    @property
    def current_file(self) -> str | None:
        return self.files[-1] if self.files else None

    # -- records ---------------------------------------------------------
    def _write(self, record, *, may_rotate: bool = True) -> RecordRef:  # type: ignore[no-untyped-def]
        # A request record stays in its response's file, right after it, so an export can
        # find it there (docs/architecture.md, "Export formats").
        writer, fh = self._ensure_open() if may_rotate else self._current()
        offset = fh.tell()
        writer.write_record(record)
        fh.flush()
        headers = record.rec_headers
        return RecordRef(
            warc_file=self.files[-1],
            offset=offset,
            length=fh.tell() - offset,
            record_id=headers.get_header("WARC-Record-ID"),
            payload_digest=headers.get_header("WARC-Payload-Digest"),
            date=headers.get_header("WARC-Date"),
        )

    @staticmethod
    def _warc_date(when: datetime) -> str:
        return datetime_to_iso_date(when.astimezone(UTC).replace(tzinfo=None), use_micros=True)

    def write_exchange(
        self,
        *,
        url: str,
        method: str,
        request_headers: list[tuple[str, str]],
        request_body: bytes,
        status: int,
        response_headers: list[tuple[str, str]],
        body: bytes,
        captured_at: datetime,
        protocol: str = "HTTP/1.1",
        ip_address: str | None = None,
        extra_headers: dict[str, str] | None = None,
    ) -> tuple[RecordRef, RecordRef]:
        """Write a response record and its request record; returns (response, request)."""
        with self._lock:
            writer, _ = self._ensure_open()
            kept = [(k, v) for k, v in response_headers if k.lower() not in _TRANSFER_HEADERS]
            http_headers = StatusAndHeaders(
                f"{status} {reason_phrase(status)}", kept, protocol=protocol
            )
            warc_headers = {"WARC-Date": self._warc_date(captured_at)}
            if ip_address:
                warc_headers["WARC-IP-Address"] = ip_address
            warc_headers.update(extra_headers or {})
            response = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(body),
                length=len(body),
                http_headers=http_headers,
                warc_headers_dict=warc_headers,
            )
            response_ref = self._write(response)

            path = _request_target(url)
            req_http = StatusAndHeaders(
                f"{method} {path} {protocol}", request_headers, is_http_request=True
            )
            request = writer.create_warc_record(
                url,
                "request",
                payload=BytesIO(request_body),
                length=len(request_body),
                http_headers=req_http,
                warc_headers_dict={
                    "WARC-Date": warc_headers["WARC-Date"],
                    "WARC-Concurrent-To": response_ref.record_id,
                },
            )
            return response_ref, self._write(request, may_rotate=False)

    def write_revisit(
        self,
        *,
        url: str,
        status: int,
        response_headers: list[tuple[str, str]],
        payload_digest: str,
        refers_to_record_id: str,
        refers_to_uri: str,
        refers_to_date: str,
        captured_at: datetime,
        protocol: str = "HTTP/1.1",
        ip_address: str | None = None,
    ) -> RecordRef:
        """Record that a page was fetched again with an identical payload."""
        with self._lock:
            writer, _ = self._ensure_open()
            kept = [(k, v) for k, v in response_headers if k.lower() not in _TRANSFER_HEADERS]
            http_headers = StatusAndHeaders(
                f"{status} {reason_phrase(status)}", kept, protocol=protocol
            )
            record = writer.create_revisit_record(
                url,
                payload_digest,
                refers_to_uri,
                refers_to_date,
                http_headers=http_headers,
            )
            record.rec_headers.replace_header("WARC-Date", self._warc_date(captured_at))
            record.rec_headers.replace_header("WARC-Profile", REVISIT_PROFILE)
            record.rec_headers.add_header("WARC-Refers-To", refers_to_record_id)
            if ip_address:
                record.rec_headers.add_header("WARC-IP-Address", ip_address)
            return self._write(record)

    def write_resource(
        self,
        *,
        uri: str,
        content_type: str,
        data: bytes,
        captured_at: datetime,
        concurrent_to: str | None = None,
        extra_headers: dict[str, str] | None = None,
    ) -> RecordRef:
        """A resource mimamori produced itself: a rendered DOM or a screenshot."""
        with self._lock:
            writer, _ = self._ensure_open()
            warc_headers = {"WARC-Date": self._warc_date(captured_at)}
            if concurrent_to:
                warc_headers["WARC-Concurrent-To"] = concurrent_to
            warc_headers.update(extra_headers or {})
            record = writer.create_warc_record(
                uri,
                "resource",
                payload=BytesIO(data),
                length=len(data),
                warc_content_type=content_type,
                warc_headers_dict=warc_headers,
            )
            return self._write(record)

    def write_metadata(
        self,
        *,
        uri: str,
        fields: dict[str, str],
        captured_at: datetime,
        concurrent_to: str | None = None,
    ) -> RecordRef:
        """Facts about a fetch whose payload is deliberately not kept (media)."""
        body = "".join(f"{k}: {v}\r\n" for k, v in fields.items()).encode("utf-8")
        with self._lock:
            writer, _ = self._ensure_open()
            warc_headers = {"WARC-Date": self._warc_date(captured_at)}
            if concurrent_to:
                warc_headers["WARC-Concurrent-To"] = concurrent_to
            record = writer.create_warc_record(
                uri,
                "metadata",
                payload=BytesIO(body),
                length=len(body),
                warc_content_type="application/warc-fields",
                warc_headers_dict=warc_headers,
            )
            return self._write(record)


def _request_target(url: str) -> str:
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return target


def read_record_bytes(path: Path, offset: int, length: int) -> bytes:
    """The exact bytes of one stored record (a whole gzip member)."""
    with open(path, "rb") as fh:
        fh.seek(offset)
        return fh.read(length)
