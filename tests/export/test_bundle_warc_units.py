"""Fast unit tests of the bundle's WARC pieces: request lookup, index lines, warcinfo fields."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storage.export.archive import ArchivePlan, CopiedRecord, PlannedRecord, add_request_records
from storage.export.bundle_warcinfo import bundle_warcinfo_fields
from storage.export.index import cdxj_line, cdxj_lines, compressed_index
from storage.warc.writer import EvidenceWarcWriter

WHEN = datetime(2026, 1, 15, 14, 30, 5, tzinfo=UTC)


def _exchange(writer: EvidenceWarcWriter, n: int, method: str = "GET"):  # type: ignore[no-untyped-def]
    return writer.write_exchange(
        url=f"http://127.0.0.1:8765/p/{n}",
        method=method,
        request_headers=[("Referer", "http://127.0.0.1:8765/"), ("Cookie", "a=1")],
        request_body=b"q=1" if method == "POST" else b"",
        status=200,
        response_headers=[("Content-Type", "text/html; charset=utf-8")],
        body=b"<html>%d</html>" % n,
        captured_at=WHEN,
    )


def _planned(ref, kind: str = "response", capture_id: int = 1) -> PlannedRecord:  # type: ignore[no-untyped-def]
    return PlannedRecord(
        capture_id, ref.warc_file, ref.offset, ref.length, ref.record_id, kind, WHEN
    )


def test_request_records_are_planned_right_after_their_responses(tmp_path: Path) -> None:
    writer = EvidenceWarcWriter(tmp_path, "s", warcinfo={"software": "unit"})
    first, first_request = _exchange(writer, 1)
    shot = writer.write_resource(
        uri="urn:x", content_type="image/png", data=b"png", captured_at=WHEN
    )
    second, second_request = _exchange(writer, 2)
    writer.close()
    plan = ArchivePlan(
        [_planned(first), _planned(shot, "screenshot", 2), _planned(second, capture_id=3)]
    )
    assert add_request_records(plan, tmp_path) == 2
    companions = [(r.offset, r.length) for r in plan.records if r.companion]
    assert companions == [
        (first_request.offset, first_request.length),
        (second_request.offset, second_request.length),
    ]
    assert [r.kind for r in plan.records] == [
        "response",
        "request",
        "screenshot",
        "response",
        "request",
    ]


def test_no_request_is_taken_that_does_not_belong_to_the_response(tmp_path: Path) -> None:
    path = tmp_path / "other-00001.warc.gz"
    with open(path, "wb") as fh:
        raw = WARCWriter(fh, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/plain")], protocol="HTTP/1.1")
        response = raw.create_warc_record(
            "http://x.test/", "response", payload=BytesIO(b"a"), length=1, http_headers=http
        )
        raw.write_record(response)
        length = fh.tell()
        # A request for some other response, then nothing.
        req = StatusAndHeaders("GET / HTTP/1.1", [], is_http_request=True)
        other = raw.create_warc_record(
            "http://x.test/",
            "request",
            payload=BytesIO(b""),
            length=0,
            http_headers=req,
            warc_headers_dict={"WARC-Concurrent-To": "<urn:uuid:someone-else>"},
        )
        raw.write_record(other)
    record_id = response.rec_headers.get_header("WARC-Record-ID")
    plan = ArchivePlan([PlannedRecord(1, path.name, 0, length, record_id)])
    assert add_request_records(plan, tmp_path) == 0
    # The last record of a file has nothing after it.
    size = path.stat().st_size
    last = ArchivePlan([PlannedRecord(1, path.name, length, size - length, None, "response")])
    assert add_request_records(last, tmp_path) == 0


def _copied(**changes: object) -> CopiedRecord:
    base: dict[str, object] = {
        "capture_id": 1,
        "url": "http://127.0.0.1:8765/p/1",
        "timestamp": "20260115143005",
        "warc_date": "2026-01-15T14:30:05Z",
        "record_type": "response",
        "record_id": "<urn:uuid:1>",
        "mime": "text/html; charset=utf-8",
        "status": 200,
        "payload_digest": "sha256:AAAA",
        "offset": 10,
        "length": 20,
        "record_digest": "sha256:ff",
    }
    return CopiedRecord(**{**base, **changes})  # type: ignore[arg-type]


def test_index_line_carries_request_facts_like_py_wacz() -> None:
    line = cdxj_line(_copied(request={"method": "GET", "referrer": "http://r/", "cookie": "a=1"}))
    key, ts, block = line.split(" ", 2)
    fields = json.loads(block)
    assert (key, ts) == ("1,0,0,127:8765)/p/1", "20260115143005")
    assert list(fields) == [
        "url",
        "mime",
        "status",
        "digest",
        "length",
        "offset",
        "filename",
        "recordDigest",
        "referrer",
        "req.http:cookie",
        "recordId",
    ]
    assert fields["mime"] == "text/html" and fields["filename"] == "evidence.warc.gz"


def test_a_post_is_keyed_with_its_body_as_pywb_looks_it_up() -> None:
    request = {
        "method": "POST",
        "content_type": "application/x-www-form-urlencoded",
        "content_length": "3",
        "body": "q=1",
    }
    key, _, block = cdxj_line(_copied(request=request)).split(" ", 2)
    assert key == "1,0,0,127:8765)/p/1?__wb_method=post&q=1"
    fields = json.loads(block)
    assert fields["method"] == "POST" and fields["requestBody"] == "q=1"


def test_requests_and_warc_fields_records_get_no_line_of_their_own() -> None:
    records = [
        _copied(),
        _copied(record_type="request", is_capture=False, mime=None, status=None),
        _copied(record_type="metadata", warc_content_type="application/warc-fields"),
        _copied(record_type="resource", url="urn:x", mime="image/png", status=None),
    ]
    lines = cdxj_lines(records)
    assert len(lines) == 2 and lines == sorted(lines)
    data, idx = compressed_index(lines)
    assert data.startswith(b"\x1f\x8b") and idx.count(b"\n") == 2
    assert compressed_index([]) == (b"", b"")


def test_bundle_warcinfo_repeats_what_each_crawl_recorded() -> None:
    fields = bundle_warcinfo_fields(
        {
            "a.warc.gz": {"robots": "obey", "operator": "Team A", "software": "mimamori/0.1.0"},
            "b.warc.gz": {"robots": "ignore", "software": "mimamori/0.1.0"},
            "c.warc.gz": {},
        },
        operator="Exporter",
        profiles=["demo-social", "demo-market", "demo-social"],
    )
    assert fields["operator"] == "Exporter"
    assert fields["robots"] == "obey; ignore; not recorded"
    assert fields["mimamori-crawl-operator"] == "Team A; not recorded"
    assert fields["mimamori-crawl-software"] == "mimamori/0.1.0; not recorded"
    assert fields["mimamori-profile"] == "demo-market; demo-social"
    assert fields["mimamori-source-warc"] == "a.warc.gz; b.warc.gz; c.warc.gz"
    assert fields["format"] == "WARC File Format 1.1"
