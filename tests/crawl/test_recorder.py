"""The Recorder on its own: WARC records, revisits, DOM and screenshots, media metadata."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator

from crawler.capture.recorder import (
    CaptureProvenance,
    Exchange,
    Recorder,
    load_previous_captures,
)
from crawler.store.run_store import RunStore
from crawler.store.writer import StoreWriter
from storage.blobs import BlobStore
from storage.config import AppConfig
from storage.db import Database
from storage.models import Blob, Capture, CrawlRun
from storage.warc import EvidenceWarcWriter

HTML = b"<html><body>shop</body></html>"


def _new_run(database: Database) -> int:
    with database.session() as session:
        run = CrawlRun(profile="unit", platform="unit", tool_version="t", user_agent="ua")
        session.add(run)
        session.flush()
        return run.id


def _open_recorder(cfg: AppConfig, database: Database, name: str) -> Recorder:
    run_id = _new_run(database)
    with database.session() as session:
        previous = load_previous_captures(session)
    return Recorder(
        warc=EvidenceWarcWriter(cfg.warc_dir, name, warcinfo={"software": "unit"}),
        store=RunStore(database, "unit", StoreWriter(database, max_wait_s=0.01)),
        blobs=BlobStore(cfg.blob_dir),
        provenance=CaptureProvenance(
            run_id=run_id,
            tool_version="mimamori-test",
            user_agent="unit-agent",
            browser_version="Chromium 1",
            playwright_version="1.0",
        ),
        previous=previous,
    )


@pytest.fixture
def recorder(app_cfg: AppConfig, database: Database) -> Iterator[Recorder]:
    rec = _open_recorder(app_cfg, database, "run-a")
    yield rec
    _finish(rec)


def _finish(recorder: Recorder) -> None:
    """Close the WARC and stop the store writer: every capture row is committed after this."""
    if recorder.store.writer._thread.is_alive():
        recorder.close()
        recorder.store.close()


def _exchange(body: bytes, url: str = "http://shop.test/a", status: int = 200) -> Exchange:
    return Exchange(
        url=url,
        final_url=url,
        method="GET",
        request_headers=[("User-Agent", "unit-agent")],
        request_body=b"",
        status=status,
        response_headers=[("Content-Type", "text/html; charset=utf-8")],
        body=body,
        ip_address="127.0.0.1",
    )


@dataclass
class ReadRecord:
    headers: dict[str, str]
    content: bytes


def _records(warc_dir: Path) -> list[tuple[str, str | None, ReadRecord]]:
    """Every record of the run's WARC files, read back with warcio."""
    out = []
    for path in sorted(warc_dir.glob("*.warc.gz")):
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                read = ReadRecord(dict(record.rec_headers.headers), record.content_stream().read())
                out.append((record.rec_type, read.headers.get("WARC-Target-URI"), read))
    return out


def test_unchanged_page_becomes_a_revisit(recorder: Recorder, app_cfg: AppConfig) -> None:
    first = recorder.record_exchange(_exchange(HTML))
    second = recorder.record_exchange(_exchange(HTML))
    third = recorder.record_exchange(_exchange(HTML + b"<!-- new -->"))
    _finish(recorder)
    assert len({first, second, third}) == 3
    assert recorder.counters["captures"] == 3
    assert recorder.counters["revisits"] == 1

    kinds = [(t, uri) for t, uri, _ in _records(app_cfg.warc_dir) if t != "warcinfo"]
    assert kinds == [
        ("response", "http://shop.test/a"),
        ("request", "http://shop.test/a"),
        ("revisit", "http://shop.test/a"),
        ("response", "http://shop.test/a"),
        ("request", "http://shop.test/a"),
    ]
    revisit = next(r for t, _, r in _records(app_cfg.warc_dir) if t == "revisit")
    assert revisit.headers["WARC-Refers-To"] == first

    with recorder.store.database.session() as session:
        rows = session.scalars(select(Capture).order_by(Capture.id)).all()
        assert [r.kind for r in rows] == ["response", "revisit", "response"]
        assert rows[1].refers_to_capture_id == rows[0].id
        assert rows[1].headers == []  # a revisit's headers stay in its WARC record
        assert rows[0].user_agent == "unit-agent" and rows[0].server_ip == "127.0.0.1"
        # Plain pages are not browser captures.
        assert rows[0].browser_version is None
        # Capture rows are appended to the hash chain in record order.
        assert rows[1].prev_row_hash == rows[0].row_hash
        assert rows[2].prev_row_hash == rows[1].row_hash


def test_error_statuses_are_never_revisited(recorder: Recorder) -> None:
    recorder.record_exchange(_exchange(b"gone", status=404))
    recorder.record_exchange(_exchange(b"gone", status=404))
    assert recorder.counters["revisits"] == 0


def test_a_later_run_revisits_what_an_earlier_run_stored(
    app_cfg: AppConfig, database: Database
) -> None:
    earlier = _open_recorder(app_cfg, database, "run-a")
    first = earlier.record_exchange(_exchange(HTML))
    _finish(earlier)

    later = _open_recorder(app_cfg, database, "run-b")
    assert later.previous["http://shop.test/a"].record_id == first
    later.record_exchange(_exchange(HTML))
    _finish(later)
    assert later.counters["revisits"] == 1


def test_dom_and_screenshot_are_resource_records_read_back(
    recorder: Recorder, app_cfg: AppConfig
) -> None:
    main = recorder.record_exchange(_exchange(HTML, url="http://shop.test/p"))
    dom_id = recorder.record_dom("http://shop.test/p", "<html>rendered ✓</html>", main)
    png = b"\x89PNG\r\n\x1a\nnot-really-a-png"
    shot_id = recorder.record_screenshot("http://shop.test/p", png, main)
    _finish(recorder)

    resources = {uri: record for t, uri, record in _records(app_cfg.warc_dir) if t == "resource"}
    dom = resources["urn:mimamori:dom:http://shop.test/p"]
    shot = resources["urn:mimamori:screenshot:http://shop.test/p"]
    assert dom.content.decode("utf-8") == "<html>rendered ✓</html>"
    assert shot.content == png
    for record, record_id in ((dom, dom_id), (shot, shot_id)):
        assert record.headers["WARC-Record-ID"] == record_id
        assert record.headers["WARC-Concurrent-To"] == main

    with recorder.store.database.session() as session:
        rows = {r.kind: r for r in session.scalars(select(Capture))}
        assert rows["screenshot"].blob_sha256 is not None
        assert rows["dom"].blob_sha256 is None
        assert rows["screenshot"].browser_version == "Chromium 1"
        assert session.get(Blob, rows["screenshot"].blob_sha256) is not None
    assert recorder.blobs.get(rows["screenshot"].blob_sha256) == png
    assert recorder.counters["screenshots"] == 1 and recorder.counters["doms"] == 1


def test_media_fetch_is_metadata_without_payload(recorder: Recorder, app_cfg: AppConfig) -> None:
    recorder.record_media_fetch(
        url="http://shop.test/m.jpg",
        status=200,
        fields={"status": "200", "content-type": "image/jpeg", "sha256": "ab" * 32},
        body_sha256="ab" * 32,
        size=1234,
    )
    _finish(recorder)
    records = [(t, uri) for t, uri, _ in _records(app_cfg.warc_dir) if t != "warcinfo"]
    assert records == [("metadata", "http://shop.test/m.jpg")]
    with recorder.store.database.session() as session:
        row = session.scalars(select(Capture)).one()
        assert (row.kind, row.sha256, row.body_length) == ("media", "ab" * 32, 1234)


def test_digests_given_to_warcio_are_the_bodies_own(recorder: Recorder, app_cfg: AppConfig) -> None:
    """The recorder hashes each body once and hands warcio the payload digest: it must be the
    one warcio would have computed, for responses and for revisits."""
    body = HTML * 200  # past one read buffer
    recorder.record_exchange(_exchange(body))
    recorder.record_exchange(_exchange(body))
    _finish(recorder)
    checked = {}
    for path in sorted(app_cfg.warc_dir.glob("*.warc.gz")):
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle, check_digests="raise"):
                record.content_stream().read()
                checked[record.rec_type] = record.rec_headers.get_header("WARC-Payload-Digest")
    digest = base64.b32encode(hashlib.sha256(body).digest()).decode("ascii")
    assert checked["response"] == checked["revisit"] == f"sha256:{digest}"
