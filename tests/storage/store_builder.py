"""A small evidence store written the way a run writes it, for the store-chain tests: real WARC
records (warcinfo, response + request, revisit, screenshot resource, media metadata), capture
rows linked with storage.chain, audit entries, and a signed checkpoint."""

from __future__ import annotations

import base64
import hashlib
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from storage import audit, chain
from storage.blobs import BlobStore
from storage.checkpoints import record_checkpoint, signer_from_key
from storage.config import AppConfig
from storage.db import Database, open_database
from storage.export.signing import load_or_create_key
from storage.models import AuditEntry, Capture, CrawlRun
from storage.verify.checkpoints import CheckpointOptions
from storage.verify.store import StoreReport, verify_store
from storage.warc.writer import EvidenceWarcWriter

T0 = datetime(2026, 3, 1, 9, 0, 0, 250000, tzinfo=UTC)
SITE = "http://127.0.0.1:8765"
UA = "mimamori/0.1 (+evidence crawler)"


@dataclass
class Store:
    cfg: AppConfig
    db: Database
    run_id: int
    warc_files: list[str]

    def verify(self, copy: Path | None = None) -> StoreReport:
        key = load_or_create_key(self.cfg.keys_dir)
        options = CheckpointOptions(copy=copy, trusted_keys=(key.public_der,))
        with self.db.session() as session:
            return verify_store(session, self.cfg.warc_dir, self.cfg.blob_dir, checkpoints=options)

    def checkpoint(self) -> None:
        key = load_or_create_key(self.cfg.keys_dir)
        record_checkpoint(
            self.db,
            self.cfg.warc_dir,
            signer=signer_from_key(key),
            run_id=self.run_id,
            warc_files=self.warc_files,
        )

    def ids(self) -> list[int]:
        with self.db.session() as session:
            return list(session.scalars(select(Capture.id).order_by(Capture.id)))


def _exchange(writer: EvidenceWarcWriter, run_id: int, n: int, ip: str = "127.0.0.1") -> Capture:
    url = f"{SITE}/u/seller{n}"
    when = T0 + timedelta(seconds=n)
    body = f"<html><body>seller {n} 月額プラン</body></html>".encode()
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Server", "demo")]
    ref, _request = writer.write_exchange(
        url=url,
        method="GET",
        request_headers=[("User-Agent", UA)],
        request_body=b"",
        status=200,
        response_headers=headers,
        body=body,
        captured_at=when,
        ip_address=ip,
    )
    return Capture(
        run_id=run_id,
        kind="response",
        url=url,
        final_url=url,
        status=200,
        headers=[list(h) for h in headers],
        content_type="text/html; charset=utf-8",
        captured_at=when,
        sha256=hashlib.sha256(body).hexdigest(),
        body_length=len(body),
        server_ip=ip,
        user_agent=UA,
        tool_version="0.1-test",
        browser_version="Chromium 130",
        playwright_version="1.48",
        **_where(ref),
    )


def _where(ref: Any) -> dict[str, Any]:
    return {
        "warc_file": ref.warc_file,
        "warc_offset": ref.offset,
        "warc_length": ref.length,
        "warc_record_id": ref.record_id,
    }


def _revisit(writer: EvidenceWarcWriter, run_id: int, first: Capture) -> Capture:
    when = T0 + timedelta(minutes=5)
    ref = writer.write_revisit(
        url=first.url,
        status=200,
        response_headers=[("Content-Type", "text/html; charset=utf-8")],
        payload_digest="sha256:" + base64.b32encode(bytes.fromhex(first.sha256)).decode(),
        refers_to_record_id=first.warc_record_id or "",
        refers_to_uri=first.url,
        refers_to_date="2026-03-01T09:00:01Z",
        captured_at=when,
        ip_address="127.0.0.1",
    )
    return Capture(
        run_id=run_id,
        kind="revisit",
        url=first.url,
        final_url=first.url,
        status=200,
        content_type="text/html",
        captured_at=when,
        sha256=first.sha256,
        refers_to_capture_id=first.id,
        server_ip="127.0.0.1",
        user_agent=UA,
        tool_version="0.1-test",
        **_where(ref),
    )


def _screenshot(
    writer: EvidenceWarcWriter, blobs: BlobStore, run_id: int, page: Capture
) -> Capture:
    png = b"\x89PNG\r\n\x1a\n blurred placeholder"
    when = T0 + timedelta(minutes=6)
    ref = writer.write_resource(
        uri=f"urn:mimamori:screenshot:{page.url}",
        content_type="image/png",
        data=png,
        captured_at=when,
        concurrent_to=page.warc_record_id,
    )
    sha = blobs.put(png)
    return Capture(
        run_id=run_id,
        kind="screenshot",
        url=page.url,
        final_url=page.url,
        content_type="image/png",
        captured_at=when,
        sha256=sha,
        body_length=len(png),
        blob_sha256=sha,
        user_agent=UA,
        tool_version="0.1-test",
        browser_version="Chromium 130",
        playwright_version="1.48",
        **_where(ref),
    )


def _media(writer: EvidenceWarcWriter, run_id: int) -> Capture:
    url = f"{SITE}/media/m1.jpg"
    when = T0 + timedelta(minutes=7)
    sha = hashlib.sha256(b"media bytes, never kept").hexdigest()
    fields = {"status": "200", "content-type": "image/jpeg", "sha256": sha, "size": "23"}
    ref = writer.write_metadata(uri=url, fields=fields, captured_at=when)
    return Capture(
        run_id=run_id,
        kind="media",
        url=url,
        final_url=url,
        status=200,
        content_type="image/jpeg",
        captured_at=when,
        sha256=sha,
        body_length=23,
        user_agent=UA,
        tool_version="0.1-test",
        **_where(ref),
    )


def build_store(
    root: Path, template: Path | None, *, status: str = "finished", db_url: str | None = None
) -> Store:
    """Four pages, a revisit, a screenshot and a media fetch in one run; three audit entries.
    In a copy of a migrated SQLite `template`, or in the (empty) database at `db_url`."""
    root.mkdir(parents=True, exist_ok=True)
    if template is not None:
        shutil.copy(template, root / "mimamori.sqlite3")
    cfg = AppConfig.resolve(root, db_url=db_url)
    db = open_database(cfg)
    with db.session() as session:
        run = CrawlRun(profile="demo-market", platform="market", tool_version="0.1-test")
        run.status = status
        session.add(run)
        session.flush()
        run_id = run.id
    writer = EvidenceWarcWriter(
        cfg.warc_dir,
        f"mimamori-demo-market-run{run_id:06d}-20260301T090000Z",
        warcinfo={"software": "test"},
    )
    with db.session(write_lock=True) as session:
        pages = [_exchange(writer, run_id, n) for n in range(1, 5)]
        chain.append(session, pages)
        session.flush()
        others = [
            _revisit(writer, run_id, pages[0]),
            _screenshot(writer, BlobStore(cfg.blob_dir), run_id, pages[1]),
            _media(writer, run_id),
        ]
        chain.append(session, others)
    writer.close()
    with db.session() as session:
        for n, action in enumerate(("export", "reveal_media", "decision")):
            audit.record(session, user=None, action=action, target_type="account", target_id=n)
    return Store(cfg, db, run_id, list(writer.files))


def drop_triggers(db: Database) -> None:
    """Anyone who can write the database file can do this first."""
    with db.session() as session:
        names = session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).all()
        for name in names:
            session.execute(text(f'DROP TRIGGER "{name}"'))


def execute(db: Database, sql: str, **params: Any) -> None:
    with db.session() as session:
        session.execute(text(sql), params)


def rechain_captures(db: Database) -> None:
    """What a careful forger does after an edit: recompute every row's links with our own code."""
    with db.session() as session:
        prev = None
        for capture in session.scalars(select(Capture).order_by(Capture.id)):
            capture.prev_row_hash = prev
            capture.row_hash = prev = chain.row_hash(prev, chain.canonical_fields(capture))
        session.flush()


def rechain_audit(db: Database) -> None:
    from storage.models.audit_chain import canonical_entry, entry_hash

    with db.session() as session:
        prev = None
        for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
            entry.prev_hash = prev
            entry.row_hash = prev = entry_hash(prev, canonical_entry(entry))
        session.flush()
