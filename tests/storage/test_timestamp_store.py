"""Storing and re-checking trusted time: `timestamp_digest`, the end-of-run call and
`check_tokens`, against real local RFC 3161 authorities (docs/evidence.md, "Trusted time")."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
import socket
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from storage import chain
from storage.config import AppConfig
from storage.db import Database
from storage.models import Capture, CrawlRun, TimestampToken
from storage.timestamps import (
    LOCAL_CLOCK_ONLY,
    check_tokens,
    file_sha256,
    timestamp_digest,
    timestamp_run_end,
)

DIGEST = hashlib.sha256(b"datapackage-digest").hexdigest()


@pytest.fixture(scope="module")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tsa-template") / "mimamori.sqlite3"
    Database(f"sqlite:///{path}").dispose()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


@pytest.fixture
def plain_cfg(tmp_path: Path, migrated_template: Path) -> AppConfig:
    shutil.copy(migrated_template, tmp_path / "mimamori.sqlite3")
    cfg = AppConfig.resolve(tmp_path)
    cfg.ensure_dirs()
    return dataclasses.replace(cfg, tsa_urls=(), tsa_cert_files=())


@pytest.fixture
def cfg(plain_cfg: AppConfig, timestamp_authority) -> AppConfig:
    return dataclasses.replace(
        plain_cfg,
        tsa_urls=(timestamp_authority.url,),
        tsa_cert_files=(timestamp_authority.ca_file,),
    )


@pytest.fixture
def db(plain_cfg: AppConfig) -> Iterator[Database]:
    database = Database(plain_cfg.db_url, migrate=False)
    yield database
    database.dispose()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rows(db: Database) -> list[TimestampToken]:
    with db.session() as session:
        return list(session.scalars(select(TimestampToken).order_by(TimestampToken.id)))


def _warc(cfg: AppConfig, name: str = "run-1-00001.warc.gz") -> Path:
    path = cfg.warc_dir / name
    path.write_bytes(b"WARC/1.1\r\n" + name.encode() * 50)
    return path


def _capture(db: Database) -> str:
    with db.session(write_lock=True) as session:
        run = CrawlRun(profile="demo-market", platform="market", tool_version="0.0-test")
        session.add(run)
        session.flush()
        capture = Capture(
            run_id=run.id,
            kind="response",
            url="https://market.example/a",
            status=200,
            captured_at=datetime.now(UTC),
            sha256=DIGEST,
            tool_version="0.0-test",
        )
        chain.append(session, [capture])
        session.flush()
        return capture.row_hash


def test_no_authority_configured_does_nothing_and_says_local_clock_only(
    plain_cfg: AppConfig, db: Database
) -> None:
    assert timestamp_digest(plain_cfg, db, "export", "case.wacz", DIGEST) == []
    assert timestamp_run_end(plain_cfg, db, run_id=1, warc_files=[_warc(plain_cfg).name]) == []
    assert _rows(db) == []
    report = check_tokens(plain_cfg, db)
    assert report.ok
    assert f"trusted time: {LOCAL_CLOCK_ONLY}" in report.lines()
    assert not plain_cfg.timestamps_dir.exists()


def test_export_digest_is_timestamped_stored_and_written_beside_the_data(
    cfg: AppConfig, db: Database
) -> None:
    (token,) = timestamp_digest(cfg, db, "export", "case-1.wacz", f"sha256:{DIGEST}")
    assert token.ok and token.status == "granted" and token.error is None
    assert token.token_file is not None and token.token_file.read_bytes() == token.token
    assert token.token_file.parent == cfg.timestamps_dir / DIGEST
    assert (token.token_file.parent / "statement.txt").read_bytes() == f"sha256:{DIGEST}".encode()
    (row,) = _rows(db)
    assert (row.subject_kind, row.subject, row.digest) == ("export", "case-1.wacz", DIGEST)
    assert row.token == token.token and row.gen_time == token.gen_time
    report = check_tokens(cfg, db)
    assert report.ok, report.problems
    assert report.verified == {"export": 1}
    with pytest.raises(ValueError, match="subject kind"):
        timestamp_digest(cfg, db, "screenshot", "x", DIGEST)


def test_authority_down_or_untrusted_is_recorded_not_raised(
    cfg: AppConfig, db: Database, untrusted_authority
) -> None:
    down = f"http://127.0.0.1:{_closed_port()}/tsr"
    cfg = dataclasses.replace(cfg, tsa_urls=(down, untrusted_authority.url, *cfg.tsa_urls))
    tokens = timestamp_digest(cfg, db, "export", "case-2.wacz", DIGEST)
    assert [t.status for t in tokens] == ["failed", "failed", "granted"]
    assert "authority unavailable" in (tokens[0].error or "")
    assert "untrusted authority" in (tokens[1].error or "")
    assert [r.status for r in _rows(db)] == ["failed", "failed", "granted"]
    report = check_tokens(cfg, db)
    assert report.ok and report.verified == {"export": 1}
    assert sum("no token" in note for note in report.notes) == 2


def test_run_end_timestamps_closed_warc_files_and_the_chain_head(
    cfg: AppConfig, db: Database
) -> None:
    head = _capture(db)
    warc = _warc(cfg)
    tokens = timestamp_run_end(cfg, db, run_id=7, warc_files=[warc.name, "gone.warc.gz"])
    assert [(t.kind, t.subject, t.digest) for t in tokens] == [
        ("warc_file", warc.name, file_sha256(warc)),
        ("chain_head", "run 7", head),
    ]
    assert all(t.ok for t in tokens)
    report = check_tokens(cfg, db)
    assert report.ok and report.verified == {"warc_file": 1, "chain_head": 1}
    assert "2 token(s) verified" in report.lines()[0]

    # An edited WARC file, a rewritten chain and an edited token row are each named.
    with warc.open("ab") as fh:
        fh.write(b"appended later")
    with db.session() as session:  # someone with the database file drops the guard
        for name in session.scalars(
            text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'captures'")
        ).all():
            session.execute(text(f'DROP TRIGGER "{name}"'))
        session.execute(update(Capture).values(row_hash="0" * 64))
    report = check_tokens(cfg, db)
    assert not report.ok
    assert any("no longer has the timestamped SHA-256" in p for p in report.problems)
    assert any("no longer a capture row hash" in p for p in report.problems)


def test_a_swapped_token_or_missing_trust_fails_verify(cfg: AppConfig, db: Database) -> None:
    timestamp_digest(cfg, db, "export", "a.wacz", DIGEST)
    other = hashlib.sha256(b"other").hexdigest()
    timestamp_digest(cfg, db, "export", "b.wacz", other)
    with db.session() as session:  # someone with the database file drops the guard
        for name in session.scalars(
            text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'timestamp_tokens'"
            )
        ).all():
            session.execute(text(f'DROP TRIGGER "{name}"'))
        first = session.scalars(select(TimestampToken).order_by(TimestampToken.id)).first()
        session.execute(
            update(TimestampToken).where(TimestampToken.digest == other).values(token=first.token)
        )
    report = check_tokens(cfg, db)
    assert any("wrong hash" in p for p in report.problems)
    untrusting = dataclasses.replace(cfg, tsa_cert_files=())
    report = check_tokens(untrusting, db)
    assert not report.ok and "no trusted authority certificate" in report.problems[0]


def test_tokens_without_trusted_roots_are_kept_as_unverified(cfg: AppConfig, db: Database) -> None:
    (token,) = timestamp_digest(
        dataclasses.replace(cfg, tsa_cert_files=()), db, "export", "c", DIGEST
    )
    assert token.status == "unverified" and not token.ok and token.token_file is not None
    assert check_tokens(cfg, db).verified == {"export": 1}


def test_openssl_verifies_the_token_file_as_docs_evidence_says(
    cfg: AppConfig, db: Database, timestamp_authority
) -> None:
    """The check docs/evidence.md gives a stranger: openssl ts -verify, not our code."""
    warc = _warc(cfg)
    (token,) = timestamp_digest(cfg, db, "warc_file", warc.name, file_sha256(warc))
    assert token.token_file is not None
    statement_file = token.token_file.parent / "statement.txt"
    command = ["openssl", "ts", "-verify", "-in", str(token.token_file)]
    command += ["-CAfile", str(timestamp_authority.ca_file), "-data"]
    good = subprocess.run([*command, str(statement_file)], capture_output=True, text=True)
    assert good.returncode == 0 and "Verification: OK" in good.stdout, good.stderr
    bad = subprocess.run([*command, str(warc)], capture_output=True, text=True)
    assert bad.returncode != 0 and "imprint mismatch" in bad.stderr
