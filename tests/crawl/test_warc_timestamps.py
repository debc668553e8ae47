"""Each WARC file gets trusted time as soon as it is closed: at rotation in the middle of a
crawl, at the end, and, for a killed run, when the next run repairs its files."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from crawler.capture.warc_timestamps import ClosedWarcTimestamper
from crawler.run import _interrupted_before
from spiders.profile import load_profile
from storage.config import AppConfig
from storage.db import Database
from storage.models import CrawlRun, TimestampToken
from storage.timestamps import check_tokens, file_sha256
from storage.warc import EvidenceWarcWriter


@pytest.fixture
def tsa_cfg(app_cfg: AppConfig, timestamp_authority: Any) -> AppConfig:
    return dataclasses.replace(
        app_cfg,
        tsa_urls=(timestamp_authority.url,),
        tsa_cert_files=(timestamp_authority.ca_file,),
    )


@pytest.fixture
def stamper(tsa_cfg: AppConfig, database: Database) -> Iterator[ClosedWarcTimestamper]:
    stamper = ClosedWarcTimestamper(tsa_cfg, database)
    yield stamper
    stamper.drain()


def _stamped(database: Database) -> dict[str, str]:
    with database.session() as session:
        rows = session.scalars(
            select(TimestampToken).where(TimestampToken.subject_kind == "warc_file")
        )
        return {row.subject: row.digest for row in rows if row.status == "granted"}


def _write(writer: EvidenceWarcWriter, n: int) -> None:
    for i in range(n):
        writer.write_exchange(
            url=f"https://market.example/items/{i}",
            method="GET",
            request_headers=[("User-Agent", "test")],
            request_body=b"",
            captured_at=datetime.now(UTC),
            status=200,
            response_headers=[("Content-Type", "text/html")],
            body=os.urandom(3_000),  # incompressible: each exchange fills a small file
        )


def test_a_rotated_file_is_timestamped_before_the_crawl_ends(
    tsa_cfg: AppConfig, database: Database, stamper: ClosedWarcTimestamper
) -> None:
    writer = EvidenceWarcWriter(
        tsa_cfg.warc_dir, "rot", warcinfo={}, max_file_bytes=2_000, on_closed=stamper
    )
    _write(writer, 3)
    assert len(writer.files) >= 2
    stamper.wait()
    first, still_open = writer.files[0], writer.files[-1]
    stamped = _stamped(database)
    assert stamped[first] == file_sha256(tsa_cfg.warc_dir / first)
    assert still_open not in stamped  # its hash would change with the next record
    writer.close()
    stamper.wait()
    assert set(_stamped(database)) == set(writer.files)
    assert check_tokens(tsa_cfg, database).ok


def test_no_authority_means_no_worker(app_cfg: AppConfig, database: Database) -> None:
    plain = dataclasses.replace(app_cfg, tsa_urls=())
    stamper = ClosedWarcTimestamper(plain, database)
    stamper("anything.warc.gz")
    stamper.drain()
    assert _stamped(database) == {}


def test_a_killed_runs_files_are_timestamped_when_the_next_run_repairs_them(
    tsa_cfg: AppConfig, database: Database
) -> None:
    profile = load_profile("demo-market", {"MIMAMORI_DEMO_URL": "http://127.0.0.1:9"})
    with database.session() as session:
        run = CrawlRun(profile=profile.name, platform=profile.platform, tool_version="test")
        session.add(run)
        session.flush()
        run_id = run.id
    name = f"mimamori-{profile.name}-run{run_id:06d}-00001.warc.gz"
    writer = EvidenceWarcWriter(tsa_cfg.warc_dir, name.removesuffix("-00001.warc.gz"), warcinfo={})
    _write(writer, 2)
    writer._fh.write(b"\x1f\x8b half a record")  # the kill
    writer._fh.flush()
    assert _interrupted_before(tsa_cfg, profile, database) == [run_id]
    stamped = _stamped(database)
    assert stamped == {name: file_sha256(tsa_cfg.warc_dir / name)}  # after the repair
    assert (tsa_cfg.warc_dir / f"{name}.partial-tail").exists()
