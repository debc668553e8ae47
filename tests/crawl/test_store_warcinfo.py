"""The store's warcinfo names the operator and the robots policy of the crawl (fast, in-process)."""

from __future__ import annotations

import dataclasses
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.runtime import RunRecord
from spiders.profile import load_profile
from storage.config import OPERATOR_NOT_CONFIGURED, AppConfig
from storage.warc.warcinfo import read_warcinfo_fields, robots_policy
from storage.warc.writer import EvidenceWarcWriter


def _run(**changes: object) -> RunRecord:
    run = RunRecord(
        run_id=7,
        profile="demo-market",
        started_at=datetime(2026, 1, 1, tzinfo=UTC),
        tool_version="mimamori/0.1.0",
        tool_commit=None,
        user_agent="ua",
        browser_version=None,
        playwright_version=None,
    )
    return dataclasses.replace(run, **changes)


def test_operator_comes_from_the_environment_or_says_it_is_not_configured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MIMAMORI_OPERATOR", raising=False)
    assert AppConfig.resolve(tmp_path).operator == OPERATOR_NOT_CONFIGURED
    assert "MIMAMORI_OPERATOR" in OPERATOR_NOT_CONFIGURED
    monkeypatch.setenv("MIMAMORI_OPERATOR", "  Example Patrol <x@example.org> ")
    assert AppConfig.resolve(tmp_path).operator == "Example Patrol <x@example.org>"


def test_robots_policy_follows_the_profile_setting() -> None:
    assert (robots_policy(True), robots_policy(False)) == ("obey", "ignore")
    profile = load_profile("demo-market", {"MIMAMORI_DEMO_URL": "http://127.0.0.1:9"})
    assert profile.politeness.obey_robots_txt is True


def test_warcinfo_carries_operator_and_robots() -> None:
    info = _run(operator="Example Patrol", robots="ignore").warcinfo()
    assert info["operator"] == "Example Patrol" and info["robots"] == "ignore"
    assert info["format"] == "WARC File Format 1.1"
    assert info["mimamori-profile"] == "demo-market"
    defaults = _run().warcinfo()
    assert defaults["operator"] == OPERATOR_NOT_CONFIGURED and defaults["robots"] == "not recorded"


def test_written_warcinfo_reads_back(tmp_path: Path) -> None:
    writer = EvidenceWarcWriter(tmp_path, "w", warcinfo=_run(robots="obey").warcinfo())
    writer.write_resource(
        uri="urn:x", content_type="text/plain", data=b"x", captured_at=datetime.now(UTC)
    )
    writer.close()
    fields = read_warcinfo_fields(tmp_path / "w-00001.warc.gz")
    assert fields["robots"] == "obey" and fields["operator"] == OPERATOR_NOT_CONFIGURED


def test_a_request_stays_in_its_responses_file_when_the_file_fills(tmp_path: Path) -> None:
    writer = EvidenceWarcWriter(tmp_path, "r", warcinfo={"software": "unit"}, max_file_bytes=600)
    when = datetime.now(UTC)
    for n in range(2):
        response, request = writer.write_exchange(
            url=f"http://127.0.0.1/{n}",
            method="GET",
            request_headers=[("Host", "127.0.0.1")],
            request_body=b"",
            status=200,
            response_headers=[("Content-Type", "text/plain")],
            body=os.urandom(2000),  # incompressible: each response fills the file
            captured_at=when,
        )
        assert request.warc_file == response.warc_file
        assert request.offset == response.offset + response.length
    writer.close()
    assert writer.files == ["r-00001.warc.gz", "r-00002.warc.gz"]
    with open(tmp_path / "r-00001.warc.gz", "rb") as fh:
        kinds = [record.rec_type for record in ArchiveIterator(fh)]
    assert kinds == ["warcinfo", "response", "request"]
