"""What the Recorder writes verifies as a whole store: every row against its WARC record, the
request records and warcinfo expected beside them, and the end-of-run checkpoint."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from types import SimpleNamespace

import pytest
from sqlalchemy import select, text

from crawler.capture.recorder import CaptureProvenance, Exchange, Recorder
from crawler.run_checkpoint import checkpoint_run
from crawler.store.run_store import RunStore
from crawler.store.writer import StoreWriter
from storage.blobs import BlobStore
from storage.chain import CHAIN_VERSION
from storage.checkpoints import CHECKPOINT_FILE
from storage.config import AppConfig
from storage.db import Database
from storage.models import Capture, ChainCheckpoint, CrawlRun
from storage.verify.store import StoreReport, verify_store
from storage.warc import EvidenceWarcWriter

PAGE = "http://shop.test/u/seller"


def _record_a_run(cfg: AppConfig, database: Database) -> tuple[int, list[str]]:
    with database.session() as session:
        run = CrawlRun(profile="unit", platform="unit", tool_version="t", status="finished")
        session.add(run)
        session.flush()
        run_id = run.id
    recorder = Recorder(
        warc=EvidenceWarcWriter(cfg.warc_dir, f"unit-run{run_id:06d}-x", warcinfo={}),
        store=RunStore(database, "unit", StoreWriter(database, max_wait_s=0.01)),
        blobs=BlobStore(cfg.blob_dir),
        provenance=CaptureProvenance(
            run_id=run_id,
            tool_version="mimamori-test",
            user_agent="unit-agent",
            browser_version="Chromium 1",
            playwright_version="1.0",
        ),
    )
    page = Exchange(
        url=PAGE,
        final_url=PAGE,
        method="GET",
        request_headers=[("User-Agent", "unit-agent")],
        request_body=b"",
        status=200,
        response_headers=[("Content-Type", "text/html"), ("Set-Cookie", "a=b")],
        body=b"<html>seller</html>",
        ip_address="127.0.0.1",
        via_browser=True,
    )
    record_id = recorder.record_exchange(page)
    recorder.record_exchange(page)  # unchanged: a revisit
    recorder.record_exchange(replace(page, url=PAGE + "/2", final_url=PAGE + "/2", ip_address=None))
    recorder.record_dom(PAGE, "<html>rendered</html>", record_id)
    recorder.record_screenshot(PAGE, b"\x89PNG blurred", record_id)
    recorder.record_media_fetch(
        url="http://shop.test/m.jpg",
        status=200,
        fields={"content-type": "image/jpeg", "sha256": "ab" * 32, "size": "3"},
        body_sha256="ab" * 32,
        size=3,
    )
    recorder.close()
    recorder.store.close()
    return run_id, list(recorder.warc.files)


def _verify(cfg: AppConfig, database: Database) -> StoreReport:
    with database.session() as session:
        return verify_store(session, cfg.warc_dir, cfg.blob_dir)


def test_a_recorded_run_verifies_row_by_row(app_cfg: AppConfig, database: Database) -> None:
    _record_a_run(app_cfg, database)
    report = _verify(app_cfg, database)
    assert report.ok, [str(p) for p in report.problems]
    assert report.captures == report.records == 6
    with database.session() as session:
        rows = list(session.scalars(select(Capture).order_by(Capture.id)))
    assert {r.chain_version for r in rows} == {CHAIN_VERSION}
    assert [r.kind for r in rows] == [
        "response",
        "revisit",
        "response",
        "dom",
        "screenshot",
        "media",
    ]


def test_the_bulk_insert_chains_headers(app_cfg: AppConfig, database: Database) -> None:
    _record_a_run(app_cfg, database)
    with database.session() as session:
        for name in session.scalars(
            text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'captures'")
        ).all():
            session.execute(text(f'DROP TRIGGER "{name}"'))
        session.execute(text("UPDATE captures SET headers = '[]' WHERE id = 1"))
    problems = [str(p) for p in _verify(app_cfg, database).problems]
    assert "capture 1 [chain]: row hash does not match its fields (row edited)" in problems


def test_checkpoint_run_signs_and_appends_a_line(app_cfg: AppConfig, database: Database) -> None:
    run_id, files = _record_a_run(app_cfg, database)
    state = SimpleNamespace(
        cfg=app_cfg,
        database=database,
        run_id=run_id,
        recorder=SimpleNamespace(warc=SimpleNamespace(files=files)),
    )
    checkpoint_run(state)  # type: ignore[arg-type]
    with database.session() as session:
        row = session.scalar(select(ChainCheckpoint))
    assert row is not None and row.run_id == run_id and row.capture_count == 6
    line = json.loads((app_cfg.warc_dir / CHECKPOINT_FILE).read_text())
    assert line["statement"] == row.statement
    assert _verify(app_cfg, database).ok


def test_checkpoint_run_logs_a_failure_instead_of_failing_the_run(
    app_cfg: AppConfig, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    state = SimpleNamespace(
        cfg=app_cfg,
        database=database,
        run_id=1,
        recorder=SimpleNamespace(warc=SimpleNamespace(files=["no-such-file.warc.gz"])),
    )
    with caplog.at_level(logging.ERROR):
        checkpoint_run(state)  # type: ignore[arg-type]
    assert "the chain checkpoint could not be written" in caplog.text
