"""The bundle's WARC and index as outside tools read them: warcinfo first, request records
kept and joined to their responses, an index py-wacz would have written, `warcio check`."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from storage.export.index import LINES_PER_BLOCK
from storage.warc.warcinfo import parse_fields

from .conftest import Case, Exported, build_case, export_case

VENV_BIN = Path(sys.executable).parent
OPERATOR = "Patrol Team Example <evidence@example.org>"


@pytest.fixture
def bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Exported:
    monkeypatch.setenv("MIMAMORI_OPERATOR", OPERATOR)
    return export_case(build_case(tmp_path / "data"), tmp_path / "case.wacz")


def _warc(bundle: Exported) -> bytes:
    with zipfile.ZipFile(bundle.path) as zf:
        return zf.read("archive/evidence.warc.gz")


def _records(archive: bytes) -> list[tuple[str, dict[str, str], bytes, int]]:
    out = []
    it = ArchiveIterator(io.BytesIO(archive))
    for record in it:
        headers = dict(record.rec_headers.headers)
        body = record.content_stream().read()
        out.append((record.rec_type, headers, body, it.get_record_offset()))
    return out


def test_the_warc_opens_with_a_warcinfo_naming_operator_robots_and_profile(
    bundle: Exported,
) -> None:
    records = _records(_warc(bundle))
    kind, headers, body, offset = records[0]
    assert (kind, offset) == ("warcinfo", 0)
    assert headers["WARC-Filename"] == "evidence.warc.gz"
    fields = parse_fields(body)
    assert fields["format"] == "WARC File Format 1.1"
    assert fields["software"].startswith("mimamori ")
    assert fields["operator"] == OPERATOR
    # The test store's WARC (like one written before crawls recorded it) has no policy.
    assert fields["robots"] == "not recorded"
    assert fields["mimamori-profile"] == "fanclub"
    assert fields["mimamori-version"]
    assert fields["mimamori-crawl-software"] == "mimamori 0.1.0 (test)"
    assert fields["mimamori-source-warc"] == "crawl-1-00001.warc.gz"
    # Dated by the newest capture, so re-exporting the same evidence gives the same bytes.
    assert headers["WARC-Date"] == "2026-01-16T14:30:05Z"
    assert [k for k, *_ in records].count("warcinfo") == 1


def test_every_exported_response_keeps_its_request_record(bundle: Exported) -> None:
    records = _records(_warc(bundle))
    kinds = [k for k, *_ in records]
    responses = [i for i, k in enumerate(kinds) if k == "response"]
    assert len(responses) == 2 and kinds.count("request") == 2
    for i in responses:
        request_kind, request_headers, _, _ = records[i + 1]
        assert request_kind == "request"
        assert request_headers["WARC-Concurrent-To"] == records[i][1]["WARC-Record-ID"]
        assert request_headers["WARC-Target-URI"] == records[i][1]["WARC-Target-URI"]
    # captures.jsonl still locates each capture, not its request record.
    with zipfile.ZipFile(bundle.path) as zf:
        rows = [json.loads(x) for x in zf.read("records/captures.jsonl").decode().splitlines()]
    offsets = {r["bundle_offset"] for r in rows if r["bundle_offset"] is not None}
    request_offsets = {records[i + 1][3] for i in responses}
    assert offsets and not offsets & request_offsets


def test_warcio_check_passes(bundle: Exported, tmp_path: Path) -> None:
    warc = tmp_path / "evidence.warc.gz"
    warc.write_bytes(_warc(bundle))
    run = subprocess.run(
        [str(VENV_BIN / "warcio"), "check", "-v", str(warc)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "digest pass" in run.stdout


def _py_wacz_lines(warc: Path) -> list[str]:
    """What `wacz create` indexes for this WARC: its own indexer with its own options."""
    from wacz.waczindexer import WACZIndexer

    text = io.StringIO()
    data = io.BytesIO()
    indexer = WACZIndexer(
        text,
        [str(warc)],
        sort=True,
        post_append=True,
        compress=data,
        lines=LINES_PER_BLOCK,
        digest_records=True,
        fields="referrer,req.http:cookie",
        data_out_name="index.cdx.gz",
        main_url="",
        detect_pages=False,
    )
    indexer.process_all()
    return gzip.decompress(data.getvalue()).decode().splitlines()


def _without_record_id(line: str) -> str:
    key, ts, block = line.split(" ", 2)
    fields = json.loads(block)
    fields.pop("recordId")
    return f"{key} {ts} {json.dumps(fields)}"


def test_index_is_what_py_wacz_writes_plus_record_ids(bundle: Exported, tmp_path: Path) -> None:
    warc = tmp_path / "evidence.warc.gz"
    warc.write_bytes(_warc(bundle))
    with zipfile.ZipFile(bundle.path) as zf:
        names = zf.namelist()
        ours = gzip.decompress(zf.read("indexes/index.cdx.gz")).decode().splitlines()
        idx = zf.read("indexes/index.idx").decode().splitlines()
    assert "indexes/index.cdxj" not in names
    assert [_without_record_id(line) for line in ours] == _py_wacz_lines(warc)
    assert idx[0] == '!meta 0 {"format": "cdxj-gzip-1.0", "filename": "index.cdx.gz"}'
    assert len(idx) == 2 and idx[1].startswith(ours[0].split(" {", 1)[0] + " {")


def test_same_evidence_gives_the_same_warc_and_index(case: Case, tmp_path: Path) -> None:
    first = export_case(case, tmp_path / "a.wacz")
    second = export_case(case, tmp_path / "b.wacz")
    with zipfile.ZipFile(first.path) as a, zipfile.ZipFile(second.path) as b:
        for name in ("archive/evidence.warc.gz", "indexes/index.cdx.gz", "indexes/index.idx"):
            assert a.read(name) == b.read(name), name
