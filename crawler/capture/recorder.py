"""The Recorder: the one writer of a run's evidence (docs/architecture.md, "Capture").

It owns the run's WARC file and everything written into it: HTTP exchanges of plain
and browser pages, revisit records when a page did not change since the last capture,
rendered DOM snapshots and screenshots (resource records), and the metadata record
of every media fetch (media payloads are never archived). Each record also becomes a
capture row, handed to the run's store writer, and screenshots and thumbnails go to
the blob store.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crawler.store.run_store import RunStore
from storage.blobs import BlobStore
from storage.models import Capture
from storage.warc import EvidenceWarcWriter, RecordRef


@dataclass(frozen=True)
class PreviousCapture:
    """The latest full response stored for a URL: a revisit record refers to it."""

    sha256: str
    record_id: str
    date: str


@dataclass(frozen=True)
class CaptureProvenance:
    """Who captured: stored on every capture row of the run."""

    run_id: int
    tool_version: str
    user_agent: str
    browser_version: str | None = None
    playwright_version: str | None = None


@dataclass(frozen=True)
class Exchange:
    """One HTTP request and its response, as they went over the wire."""

    url: str
    final_url: str | None
    method: str
    request_headers: list[tuple[str, str]]
    request_body: bytes
    status: int
    response_headers: list[tuple[str, str]]
    body: bytes
    protocol: str = "HTTP/1.1"
    ip_address: str | None = None
    via_browser: bool = False
    # How the body's text was read (crawler.capture.text_encoding); None for non-text.
    text_encoding: str | None = None

    @property
    def content_type(self) -> str | None:
        return next((v for k, v in self.response_headers if k.lower() == "content-type"), None)


def load_previous_captures(session: Session) -> dict[str, PreviousCapture]:
    """The latest response capture of every URL, from all earlier runs."""
    latest = (
        select(Capture.url, func.max(Capture.id).label("id"))
        .where(Capture.kind == "response")
        .group_by(Capture.url)
        .subquery()
    )
    rows = session.execute(
        select(Capture.url, Capture.sha256, Capture.warc_record_id, Capture.captured_at).join(
            latest, latest.c.id == Capture.id
        )
    ).all()
    return {
        url: PreviousCapture(sha, rid, at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
        for url, sha, rid, at in rows
        if rid
    }


def warc_payload_digest(sha256_digest: bytes) -> str:
    """WARC-Payload-Digest in warcio's form, from the body's raw SHA-256."""
    return "sha256:" + base64.b32encode(sha256_digest).decode("ascii")


class Recorder:
    def __init__(
        self,
        *,
        warc: EvidenceWarcWriter,
        store: RunStore,
        blobs: BlobStore,
        provenance: CaptureProvenance,
        previous: dict[str, PreviousCapture] | None = None,
        counters: Counter[str] | None = None,
    ) -> None:
        self.warc = warc
        self.store = store
        self.blobs = blobs
        self.provenance = provenance
        self.previous = previous if previous is not None else {}
        self.counters = counters if counters is not None else Counter()

    # -- HTTP exchanges ---------------------------------------------------------
    def record_exchange(self, exchange: Exchange) -> str:
        """Write one exchange, or a revisit when the payload is unchanged; returns its record id."""
        captured_at = datetime.now(UTC)
        # One SHA-256 of the body gives the capture row's hex digest and the WARC payload digest
        # (warcio would hash the body again).
        digest = hashlib.sha256(exchange.body)
        sha = digest.hexdigest()
        payload_digest = warc_payload_digest(digest.digest())
        previous = self.previous.get(exchange.url)
        if previous is not None and previous.sha256 == sha and exchange.status < 300:
            ref = self._write_revisit(exchange, previous, captured_at, payload_digest)
            kind, refers_to = "revisit", previous.record_id
            self.counters["revisits"] += 1
        else:
            ref = self._write_response(exchange, captured_at, payload_digest)
            kind, refers_to = "response", None
            if exchange.status < 300:
                self.previous[exchange.url] = PreviousCapture(sha, ref.record_id, ref.date)
        self.counters["captures"] += 1
        self.counters["bytes"] += len(exchange.body)
        browser_fields = self._browser_fields() if exchange.via_browser else {}
        self._submit_capture(
            ref,
            kind=kind,
            url=exchange.url,
            final_url=exchange.final_url,
            method=exchange.method,
            status=exchange.status,
            # A revisit's headers are in its WARC record; repeating them per unchanged page
            # was the largest part of a nightly re-crawl's database growth.
            headers=[] if kind == "revisit" else [[k, v] for k, v in exchange.response_headers],
            content_type=exchange.content_type,
            captured_at=captured_at,
            sha256=sha,
            body_length=len(exchange.body),
            server_ip=exchange.ip_address,
            refers_to_record_id=refers_to,
            text_encoding=exchange.text_encoding,
            **browser_fields,
        )
        return ref.record_id

    def _write_revisit(
        self,
        exchange: Exchange,
        previous: PreviousCapture,
        captured_at: datetime,
        payload_digest: str,
    ) -> RecordRef:
        return self.warc.write_revisit(
            url=exchange.url,
            status=exchange.status,
            response_headers=exchange.response_headers,
            payload_digest=payload_digest,
            refers_to_record_id=previous.record_id,
            refers_to_uri=exchange.url,
            refers_to_date=previous.date,
            captured_at=captured_at,
            protocol=exchange.protocol,
            ip_address=exchange.ip_address,
        )

    def _write_response(
        self, exchange: Exchange, captured_at: datetime, payload_digest: str
    ) -> RecordRef:
        ref, _request_ref = self.warc.write_exchange(
            url=exchange.url,
            method=exchange.method,
            request_headers=exchange.request_headers,
            request_body=exchange.request_body,
            status=exchange.status,
            response_headers=exchange.response_headers,
            body=exchange.body,
            captured_at=captured_at,
            protocol=exchange.protocol,
            ip_address=exchange.ip_address,
            extra_headers={"WARC-Payload-Digest": payload_digest},
        )
        return ref

    # -- browser resources --------------------------------------------------------
    def record_dom(self, page_url: str, html: str, concurrent_to: str | None) -> str:
        """The DOM as rendered (after scripts and scrolling), as a WARC resource record."""
        return self._record_resource(
            kind="dom",
            uri=f"urn:mimamori:dom:{page_url}",
            page_url=page_url,
            content_type="text/html; charset=utf-8",
            data=html.encode("utf-8"),
            concurrent_to=concurrent_to,
        )

    def record_page_actions(
        self, page_url: str, actions: dict[str, Any], concurrent_to: str | None
    ) -> str:
        """What the browser did to the page before its DOM was taken (clicks on "load more",
        how many, why they stopped), as a JSON resource record beside the DOM."""
        return self._record_resource(
            kind="actions",
            uri=f"urn:mimamori:actions:{page_url}",
            page_url=page_url,
            content_type="application/json",
            data=json.dumps(actions, ensure_ascii=False, sort_keys=True).encode("utf-8"),
            concurrent_to=concurrent_to,
        )

    def record_screenshot(self, page_url: str, png: bytes, concurrent_to: str | None) -> str:
        """A full-page screenshot, as a WARC resource record and a blob the review app shows."""
        return self._record_resource(
            kind="screenshot",
            uri=f"urn:mimamori:screenshot:{page_url}",
            page_url=page_url,
            content_type="image/png",
            data=png,
            concurrent_to=concurrent_to,
            keep_blob=True,
        )

    def _record_resource(
        self,
        *,
        kind: str,
        uri: str,
        page_url: str,
        content_type: str,
        data: bytes,
        concurrent_to: str | None,
        keep_blob: bool = False,
    ) -> str:
        captured_at = datetime.now(UTC)
        ref = self.warc.write_resource(
            uri=uri,
            content_type=content_type,
            data=data,
            captured_at=captured_at,
            concurrent_to=concurrent_to,
        )
        blob_sha = self.put_blob(data, kind, content_type) if keep_blob else None
        self.counters[kind + "s"] += 1
        self._submit_capture(
            ref,
            kind=kind,
            url=page_url,
            final_url=page_url,
            method="GET",
            status=None,
            headers=[],
            content_type=content_type,
            captured_at=captured_at,
            sha256=hashlib.sha256(data).hexdigest(),
            body_length=len(data),
            blob_sha256=blob_sha,
            **self._browser_fields(),
        )
        return ref.record_id

    # -- media ----------------------------------------------------------------------
    def record_media_fetch(
        self, *, url: str, status: int, fields: dict[str, str], body_sha256: str, size: int
    ) -> str:
        """Media are never written to the WARC: only the facts of the fetch, as a metadata record."""
        captured_at = datetime.now(UTC)
        ref = self.warc.write_metadata(uri=url, fields=fields, captured_at=captured_at)
        self.counters["media_fetches"] += 1
        self._submit_capture(
            ref,
            kind="media",
            url=url,
            final_url=url,
            method="GET",
            status=status,
            headers=[],
            content_type=fields.get("content-type"),
            captured_at=captured_at,
            sha256=body_sha256,
            body_length=size,
        )
        return ref.record_id

    def put_blob(self, data: bytes, kind: str, media_type: str) -> str:
        """Keep bytes in the blob store (screenshots, blurred thumbnails, opted-in originals)."""
        sha = self.blobs.put(data)
        self.store.write("blob", sha, kind, media_type, len(data))
        return sha

    # -- capture rows -----------------------------------------------------------------
    def _browser_fields(self) -> dict[str, Any]:
        return {
            "browser_version": self.provenance.browser_version,
            "playwright_version": self.provenance.playwright_version,
        }

    def _submit_capture(self, ref: RecordRef, **fields: Any) -> None:
        row = {
            "run_id": self.provenance.run_id,
            "tool_version": self.provenance.tool_version,
            "user_agent": self.provenance.user_agent,
            **fields,
            "warc_file": ref.warc_file,
            "warc_offset": ref.offset,
            "warc_length": ref.length,
            "warc_record_id": ref.record_id,
        }
        self.store.write("capture", row)

    def close(self) -> None:
        self.store.flush()
        self.warc.close()
