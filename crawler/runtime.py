"""Everything one crawl run shares: its run row, WARC writer, store writer, blob store, detector."""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crawler.provenance import (
    chromium_version,
    package_version,
    tool_commit,
    tool_version,
    user_agent,
)
from crawler.store.bulk import BulkRows
from crawler.store.captures import CaptureLedger
from crawler.store.catalog import preload_post_ids
from crawler.store.writer import StoreWriter
from spiders.profile import Profile
from storage.blobs import BlobStore
from storage.config import AppConfig
from storage.db import Database
from storage.models import Blob, Capture, CrawlError, CrawlRun, Media
from storage.warc import EvidenceWarcWriter, RecordRef

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PreviousCapture:
    sha256: str
    record_id: str
    date: str


class CrawlContext:
    """Created once per crawl run; spider, middlewares and pipelines reach it via the spider."""

    def __init__(
        self, cfg: AppConfig, profile: Profile, database: Database, *, triggered_by: str = "cli"
    ) -> None:
        self.cfg = cfg
        self.profile = profile
        self.database = database
        cfg.ensure_dirs()
        self.blobs = BlobStore(cfg.blob_dir)
        self.tool_version = tool_version()
        self.user_agent = profile.politeness.user_agent or user_agent()
        self.browser_version = (
            chromium_version() if profile.render or any(r.render for r in profile.links) else None
        )
        self.playwright_version = package_version("playwright")
        started = datetime.now(UTC)
        with database.session() as session:
            run = CrawlRun(
                profile=profile.name,
                platform=profile.platform,
                started_at=started,
                tool_version=self.tool_version,
                tool_commit=tool_commit(),
                user_agent=self.user_agent,
                triggered_by=triggered_by,
            )
            session.add(run)
            session.flush()
            self.run_id = run.id
            self.previous = self._load_previous(session)
            self.known_media = self._load_known_media(session)
        stamp = started.strftime("%Y%m%dT%H%M%SZ")
        self.warc = EvidenceWarcWriter(
            cfg.warc_dir,
            f"mimamori-{profile.name}-run{self.run_id:06d}-{stamp}",
            warcinfo={
                "software": f"{self.tool_version} (warcio {package_version('warcio')}, "
                f"Scrapy {package_version('scrapy')})",
                "format": "WARC File Format 1.1",
                "isPartOf": f"mimamori run {self.run_id} ({profile.name})",
                "http-header-user-agent": self.user_agent,
                "mimamori-commit": tool_commit() or "unknown",
                "mimamori-profile": profile.name,
                "browser": self.browser_version or "none",
                "playwright": self.playwright_version or "none",
            },
        )
        self.store = StoreWriter(database)
        self.ledger = CaptureLedger()
        self.bulk = BulkRows()
        self.store.before_commit.append(self.ledger.flush)
        self.store.before_commit.append(self.bulk.flush)
        self.store.after_rollback.append(self.bulk.rolled_back)
        self.store.after_commit.append(self.ledger.committed)
        self.store.after_rollback.append(self.ledger.rolled_back)
        # Ids of platforms and accounts already written by this run, keyed by stable keys.
        self.id_cache: dict[tuple[str, ...], int] = {}
        with database.session() as session:
            preload_post_ids(session, profile.platform, self.id_cache)
        self.linked: set[tuple[int, int, int | None]] = set()
        self.counters: Counter[str] = Counter()
        self.touched_accounts: set[tuple[str, str]] = set()
        self.account_minor: dict[str, bool] = {}
        self._detector: Any = None

    # -- previous captures, for revisit records ---------------------------------
    def _load_previous(self, session: Session) -> dict[str, PreviousCapture]:
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

    def _load_known_media(self, session: Session) -> dict[str, dict[str, Any]]:
        """Media URLs hashed by earlier runs: re-fetching them every night only adds storage."""
        rows = session.execute(
            select(
                Media.url,
                Media.sha256,
                Media.pdq,
                Media.pdq_quality,
                Media.width,
                Media.height,
                Media.size,
                Media.content_type,
                Media.thumb_blob,
            ).where(Media.sha256.is_not(None), Media.error.is_(None))
        ).all()
        return {row.url: row._asdict() for row in rows}

    # -- detector -------------------------------------------------------------
    @property
    def detector(self) -> Any:
        if self._detector is None:
            from crawler.detect_runtime import detector_for

            self._detector = detector_for(self.database, self.cfg.data_dir)
        return self._detector

    @property
    def detector_version(self) -> str:
        """The detector's version and a digest of the signal files and model it loaded, so
        editing the YAML signals or retraining re-judges accounts on the next run."""
        from crawler.detect import DETECTOR_VERSION

        return f"{DETECTOR_VERSION}+{self.detector.digest[:12]}"

    # -- writing evidence -------------------------------------------------------
    def _submit_capture(self, **fields: Any) -> None:
        row = {"run_id": self.run_id, "tool_version": self.tool_version, **fields}
        self.store.submit(lambda _session: self.ledger.add(dict(row)))

    def record_exchange(
        self,
        *,
        url: str,
        final_url: str | None,
        method: str,
        request_headers: list[tuple[str, str]],
        request_body: bytes,
        status: int,
        response_headers: list[tuple[str, str]],
        body: bytes,
        protocol: str = "HTTP/1.1",
        ip_address: str | None = None,
        via_browser: bool = False,
    ) -> str:
        """Write one HTTP exchange (or a revisit when the payload is unchanged); returns its record id."""
        captured_at = datetime.now(UTC)
        sha = hashlib.sha256(body).hexdigest()
        content_type = next((v for k, v in response_headers if k.lower() == "content-type"), None)
        previous = self.previous.get(url)
        browser_fields = (
            {"browser_version": self.browser_version, "playwright_version": self.playwright_version}
            if via_browser
            else {}
        )
        if previous is not None and previous.sha256 == sha and status < 300:
            ref = self.warc.write_revisit(
                url=url,
                status=status,
                response_headers=response_headers,
                payload_digest=_warc_digest(body),
                refers_to_record_id=previous.record_id,
                refers_to_uri=url,
                refers_to_date=previous.date,
                captured_at=captured_at,
                protocol=protocol,
                ip_address=ip_address,
            )
            kind = "revisit"
            self.counters["revisits"] += 1
            refers_to: str | None = previous.record_id
        else:
            ref, _request_ref = self.warc.write_exchange(
                url=url,
                method=method,
                request_headers=request_headers,
                request_body=request_body,
                status=status,
                response_headers=response_headers,
                body=body,
                captured_at=captured_at,
                protocol=protocol,
                ip_address=ip_address,
            )
            kind = "response"
            refers_to = None
            if status < 300:
                self.previous[url] = PreviousCapture(sha, ref.record_id, ref.date)
        self.counters["captures"] += 1
        self.counters["bytes"] += len(body)
        self._submit_capture(
            kind=kind,
            url=url,
            final_url=final_url,
            method=method,
            status=status,
            # A revisit's headers are in its WARC record; repeating them per unchanged page
            # was the largest part of a nightly re-crawl's database growth.
            headers=[] if kind == "revisit" else [[k, v] for k, v in response_headers],
            content_type=content_type,
            captured_at=captured_at,
            sha256=sha,
            body_length=len(body),
            warc_file=ref.warc_file,
            warc_offset=ref.offset,
            warc_length=ref.length,
            warc_record_id=ref.record_id,
            server_ip=ip_address,
            user_agent=self.user_agent,
            refers_to_record_id=refers_to,
            **browser_fields,
        )
        return ref.record_id

    def record_resource(
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
        """A rendered DOM or a screenshot, as a WARC resource record (and the blob store)."""
        captured_at = datetime.now(UTC)
        ref = self.warc.write_resource(
            uri=uri,
            content_type=content_type,
            data=data,
            captured_at=captured_at,
            concurrent_to=concurrent_to,
        )
        sha = hashlib.sha256(data).hexdigest()
        blob_sha = None
        if keep_blob:
            blob_sha = self.blobs.put(data)
            self._submit_blob_row(blob_sha, kind, content_type, len(data))
        self.counters[kind + "s"] += 1
        self._submit_capture(
            kind=kind,
            url=page_url,
            final_url=page_url,
            method="GET",
            status=None,
            headers=[],
            content_type=content_type,
            captured_at=captured_at,
            sha256=sha,
            body_length=len(data),
            warc_file=ref.warc_file,
            warc_offset=ref.offset,
            warc_length=ref.length,
            warc_record_id=ref.record_id,
            blob_sha256=blob_sha,
            user_agent=self.user_agent,
            browser_version=self.browser_version,
            playwright_version=self.playwright_version,
        )
        return ref.record_id

    def record_media_fetch(
        self, *, url: str, status: int, fields: dict[str, str], body_sha256: str, size: int
    ) -> str:
        """Media are never written to the WARC: only the facts of the fetch, as a metadata record."""
        captured_at = datetime.now(UTC)
        ref: RecordRef = self.warc.write_metadata(uri=url, fields=fields, captured_at=captured_at)
        self.counters["media_fetches"] += 1
        self._submit_capture(
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
            warc_file=ref.warc_file,
            warc_offset=ref.offset,
            warc_length=ref.length,
            warc_record_id=ref.record_id,
            user_agent=self.user_agent,
        )
        return ref.record_id

    def put_blob(self, data: bytes, kind: str, media_type: str) -> str:
        sha = self.blobs.put(data)
        self._submit_blob_row(sha, kind, media_type, len(data))
        return sha

    def _submit_blob_row(self, sha: str, kind: str, media_type: str, size: int) -> None:
        def op(session: Session) -> None:
            if session.get(Blob, sha) is None:
                session.add(Blob(sha256=sha, kind=kind, media_type=media_type, size=size))
                session.flush()

        self.store.submit(op)

    def record_error(self, *, url: str, kind: str, message: str) -> None:
        self.counters[f"error/{kind}"] += 1

        def op(session: Session) -> None:
            session.add(CrawlError(run_id=self.run_id, url=url, kind=kind, message=message[:2000]))

        self.store.submit(op)

    def close(self) -> None:
        self.store.flush()
        self.warc.close()


def _warc_digest(body: bytes) -> str:
    import base64

    return "sha256:" + base64.b32encode(hashlib.sha256(body).digest()).decode("ascii")
