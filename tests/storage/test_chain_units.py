"""Unit tests for storage.chain: the hash chain over capture rows, in a migrated SQLite database."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, StatementError

from storage import chain
from storage.config import AppConfig
from storage.db import Database, open_database
from storage.models import Capture, CrawlRun
from storage.verify.standalone import chain_row_hash
from storage.verify.store import StoreReport, verify_store

T0 = datetime(2024, 5, 1, 12, 0, 0, 123456, tzinfo=UTC)


@pytest.fixture(scope="module")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate once per module; each test starts from a copy."""
    path = tmp_path_factory.mktemp("chain-template") / "mimamori.sqlite3"
    Database(f"sqlite:///{path}").dispose()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


@pytest.fixture
def cfg(tmp_path: Path, migrated_template: Path) -> AppConfig:
    shutil.copy(migrated_template, tmp_path / "mimamori.sqlite3")
    return AppConfig.resolve(tmp_path)


@pytest.fixture
def db(cfg: AppConfig) -> Iterator[Database]:
    database = open_database(cfg)
    yield database
    database.dispose()


@pytest.fixture
def run_id(db: Database) -> int:
    with db.session() as session:
        run = CrawlRun(profile="demo-fanclub", platform="fanclub", tool_version="0.0-test")
        session.add(run)
        session.flush()
        return run.id


def make_capture(run_id: int, n: int, **overrides: Any) -> Capture:
    values: dict[str, Any] = {
        "run_id": run_id,
        "kind": "response",
        "url": f"https://fanclub.example/creators/c{n}",
        "final_url": f"https://fanclub.example/creators/c{n}",
        "status": 200,
        "content_type": "text/html; charset=utf-8",
        "captured_at": T0 + timedelta(seconds=n),
        "sha256": hashlib.sha256(f"body {n}".encode()).hexdigest(),
        "body_length": 100 + n,
        "server_ip": "192.0.2.10",
        "tool_version": "0.0-test",
    }
    values.update(overrides)
    return Capture(**values)


def append_rows(db: Database, run_id: int, numbers: list[int], **overrides: Any) -> list[int]:
    with db.session(write_lock=True) as session:
        captures = [make_capture(run_id, n, **overrides) for n in numbers]
        chain.append(session, captures)
        session.flush()
        return [c.id for c in captures]


def rows(db: Database) -> list[Capture]:
    with db.session() as session:
        return list(session.scalars(select(Capture).order_by(Capture.id)))


def verify(db: Database, cfg: AppConfig) -> StoreReport:
    cfg.ensure_dirs()
    with db.session() as session:
        return verify_store(session, cfg.warc_dir, cfg.blob_dir)


def chain_problems(report: StoreReport) -> list[tuple[int | None, str]]:
    return [(p.capture_id, p.message) for p in report.problems if p.where == "chain"]


def tamper(db: Database, *statements: tuple[str, dict[str, Any]]) -> None:
    """Someone with the database file: drop the append-only triggers, then rewrite rows."""
    with db.session() as session:
        triggers = session.scalars(
            text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'captures'")
        ).all()
        assert triggers, "expected the append-only triggers on captures"
        for name in triggers:
            session.execute(text(f'DROP TRIGGER "{name}"'))
        for sql, params in statements:
            session.execute(text(sql), params)


EDITED = "row hash does not match its fields (row edited)"
UNLINKED = (
    "does not link to the previous capture row (a row was removed, inserted or edited before it)"
)


# -- the hash itself ---------------------------------------------------------------------


def test_row_hash_is_sha256_of_canonical_json() -> None:
    fields = {"url": "https://fanclub.example/ほし", "status": 200, "warc_file": None}
    payload = json.dumps(
        {"prev": "ab" * 32, "row": fields}, sort_keys=True, ensure_ascii=False
    ).encode("utf-8")
    assert chain.row_hash("ab" * 32, fields) == hashlib.sha256(payload).hexdigest()


def test_row_hash_of_the_first_row_hashes_a_null_prev() -> None:
    payload = b'{"prev": null, "row": {"a": 1}}'
    assert chain.row_hash(None, {"a": 1}) == hashlib.sha256(payload).hexdigest()


def test_row_hash_matches_the_standalone_verifier() -> None:
    fields = chain.canonical_fields(make_capture(1, 3, warc_offset=0, refers_to_capture_id=7))
    for prev in (None, "0" * 64):
        assert chain.row_hash(prev, fields) == chain_row_hash(prev, fields)


def test_row_hash_ignores_key_order_but_not_values_or_prev() -> None:
    a = {"url": "https://x.example/", "status": 200}
    b = {"status": 200, "url": "https://x.example/"}
    assert chain.row_hash(None, a) == chain.row_hash(None, b)
    assert chain.row_hash(None, a) != chain.row_hash(None, {**a, "status": 201})
    assert chain.row_hash(None, a) != chain.row_hash("0" * 64, a)
    assert chain.row_hash(None, {**a, "status": None}) != chain.row_hash(None, {"url": a["url"]})


def test_canonical_fields_are_exactly_the_chained_fields() -> None:
    capture = make_capture(5, 1, warc_file="a.warc.gz", user_agent="ua", headers=[["A", "b"]])
    fields = chain.canonical_fields(capture)
    assert list(fields) == list(chain.CHAINED_FIELDS)
    assert fields["captured_at"] == "2024-05-01T12:00:01.123456+00:00"
    assert fields["run_id"] == 5
    assert fields["warc_file"] == "a.warc.gz"
    assert fields["refers_to_capture_id"] is None
    assert json.dumps(fields)  # JSON-serialisable as is


# -- appending ---------------------------------------------------------------------------


def test_empty_chain(db: Database, cfg: AppConfig) -> None:
    with db.session() as session:
        assert chain.chain_head(session) is None
    report = verify(db, cfg)
    assert report.ok
    assert report.captures == 0


def test_append_links_rows_in_order(db: Database, cfg: AppConfig, run_id: int) -> None:
    ids = append_rows(db, run_id, [1, 2, 3])
    stored = rows(db)
    assert [c.id for c in stored] == ids == sorted(ids)
    assert [c.url.rsplit("/", 1)[1] for c in stored] == ["c1", "c2", "c3"]
    assert stored[0].prev_row_hash is None
    assert stored[1].prev_row_hash == stored[0].row_hash
    assert stored[2].prev_row_hash == stored[1].row_hash
    prev = None
    for capture in stored:
        assert capture.row_hash == chain.row_hash(prev, chain.canonical_fields(capture))
        prev = capture.row_hash
    with db.session() as session:
        assert chain.chain_head(session) == stored[-1].row_hash
    report = verify(db, cfg)
    assert report.ok, report.problems
    assert report.captures == 3


def test_a_later_transaction_continues_from_the_stored_head(
    db: Database, cfg: AppConfig, run_id: int
) -> None:
    append_rows(db, run_id, [1, 2])
    head = rows(db)[-1].row_hash
    append_rows(db, run_id, [3])
    stored = rows(db)
    assert stored[2].prev_row_hash == head
    assert verify(db, cfg).ok


def test_two_appends_in_one_transaction_chain_to_each_other(
    db: Database, cfg: AppConfig, run_id: int
) -> None:
    with db.session(write_lock=True) as session:
        first = [make_capture(run_id, 1)]
        chain.append(session, first)
        # Not flushed yet: the head comes from the transaction's cache, not the table.
        second = [make_capture(run_id, 2)]
        chain.append(session, second)
        assert second[0].prev_row_hash == first[0].row_hash
        assert session.info[chain.HEAD_KEY] == second[0].row_hash
    stored = rows(db)
    assert [c.prev_row_hash for c in stored] == [None, stored[0].row_hash]
    assert verify(db, cfg).ok


def test_session_cache_of_the_head_ends_with_the_transaction(db: Database, run_id: int) -> None:
    with db.session(write_lock=True) as session:
        chain.append(session, [make_capture(run_id, 1)])
        assert chain.HEAD_KEY in session.info
        info = session.info
    assert chain.HEAD_KEY not in info


def test_identical_rows_get_distinct_hashes(db: Database, cfg: AppConfig, run_id: int) -> None:
    append_rows(db, run_id, [1, 1, 1])
    stored = rows(db)
    assert len({c.row_hash for c in stored}) == 3
    assert len({json.dumps(chain.canonical_fields(c)) for c in stored}) == 1
    assert verify(db, cfg).ok


def test_order_changes_every_hash(tmp_path: Path, migrated_template: Path) -> None:
    def heads(order: list[int]) -> list[str]:
        folder = tmp_path / "-".join(map(str, order))
        folder.mkdir()
        shutil.copy(migrated_template, folder / "mimamori.sqlite3")
        other = open_database(AppConfig.resolve(folder))
        try:
            with other.session() as session:
                run = CrawlRun(profile="p", platform="fanclub", tool_version="0.0-test")
                session.add(run)
                session.flush()
                rid = run.id
            append_rows(other, rid, order)
            return [c.row_hash for c in rows(other)]
        finally:
            other.dispose()

    forward, backward = heads([1, 2]), heads([2, 1])
    assert forward[-1] != backward[-1]
    assert set(forward).isdisjoint(backward)


def test_column_defaults_are_set_before_hashing(db: Database, cfg: AppConfig, run_id: int) -> None:
    capture = Capture(
        run_id=run_id,
        kind="screenshot",
        url="https://x.example/",
        sha256="0" * 64,
        tool_version="t",
    )
    before = datetime.now(UTC)
    with db.session(write_lock=True) as session:
        chain.append(session, [capture])
        hashed = chain.canonical_fields(capture)
    assert capture.method == "GET"
    assert capture.body_length == 0
    assert capture.headers == []
    assert capture.captured_at is not None
    assert capture.captured_at >= before
    (stored,) = rows(db)
    assert chain.canonical_fields(stored) == hashed
    assert verify(db, cfg).ok


def test_refers_to_capture_is_chained(db: Database, cfg: AppConfig, run_id: int) -> None:
    (first,) = append_rows(db, run_id, [1])
    append_rows(db, run_id, [2], kind="revisit", refers_to_capture_id=first)
    stored = rows(db)
    assert stored[1].refers_to_capture_id == first
    assert chain.canonical_fields(stored[1])["refers_to_capture_id"] == first
    tamper(
        db, ("UPDATE captures SET refers_to_capture_id = NULL WHERE id = :i", {"i": stored[1].id})
    )
    assert chain_problems(verify(db, cfg)) == [(stored[1].id, EDITED)]


def test_naive_datetime_is_refused(db: Database, run_id: int) -> None:
    with (
        pytest.raises(StatementError, match="naive datetime"),
        db.session(write_lock=True) as session,
    ):
        chain.append(session, [make_capture(run_id, 1, captured_at=datetime(2024, 5, 1))])
        session.flush()
    assert rows(db) == []


def test_non_utc_capture_time_still_verifies(db: Database, cfg: AppConfig, run_id: int) -> None:
    jst = timezone(timedelta(hours=9))
    append_rows(db, run_id, [1], captured_at=datetime(2024, 5, 1, 21, 0, tzinfo=jst))
    assert verify(db, cfg).ok


# -- tampering ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE captures SET url = 'https://x.example/' WHERE id = :i",
        "DELETE FROM captures WHERE id = :i",
    ],
)
def test_captures_are_append_only_in_the_database(db: Database, run_id: int, sql: str) -> None:
    ids = append_rows(db, run_id, [1])
    with pytest.raises(IntegrityError, match="captures is append-only"), db.session() as session:
        session.execute(text(sql), {"i": ids[0]})
    assert [c.id for c in rows(db)] == ids


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("url", "https://fanclub.example/creators/innocent"),
        ("final_url", None),
        ("status", 404),
        ("content_type", "text/plain"),
        ("captured_at", "2024-06-01 00:00:00.000000"),
        ("sha256", "f" * 64),
        ("body_length", 0),
        ("server_ip", "198.51.100.7"),
        ("tool_version", "9.9"),
        ("kind", "dom"),
        ("method", "POST"),
    ],
)
def test_editing_a_chained_field_is_detected(
    db: Database, cfg: AppConfig, run_id: int, column: str, value: Any
) -> None:
    ids = append_rows(db, run_id, [1, 2, 3])
    tamper(db, (f"UPDATE captures SET {column} = :v WHERE id = :i", {"v": value, "i": ids[1]}))
    assert chain_problems(verify(db, cfg)) == [(ids[1], EDITED)]


def test_rehashing_an_edited_row_breaks_the_next_link(
    db: Database, cfg: AppConfig, run_id: int
) -> None:
    ids = append_rows(db, run_id, [1, 2, 3])
    middle = rows(db)[1]
    innocent = "https://fanclub.example/creators/innocent"
    forged = chain.row_hash(
        middle.prev_row_hash, {**chain.canonical_fields(middle), "url": innocent}
    )
    tamper(
        db,
        (
            "UPDATE captures SET url = :u, row_hash = :h WHERE id = :i",
            {"u": innocent, "h": forged, "i": ids[1]},
        ),
    )
    # The edited row now hashes correctly; only the link from the next row gives it away.
    assert chain_problems(verify(db, cfg)) == [(ids[2], UNLINKED)]


def test_deleting_a_row_is_detected(db: Database, cfg: AppConfig, run_id: int) -> None:
    ids = append_rows(db, run_id, [1, 2, 3])
    tamper(db, ("DELETE FROM captures WHERE id = :i", {"i": ids[1]}))
    report = verify(db, cfg)
    assert report.captures == 2
    assert chain_problems(report) == [(ids[2], UNLINKED)]


def test_deleting_the_last_row_moves_the_head_back(db: Database, run_id: int) -> None:
    append_rows(db, run_id, [1, 2])
    first, second = rows(db)
    with db.session() as session:
        assert chain.chain_head(session) == second.row_hash
    tamper(db, ("DELETE FROM captures WHERE id = :i", {"i": second.id}))
    with db.session() as session:
        assert chain.chain_head(session) == first.row_hash


def test_swapping_two_rows_is_detected(db: Database, cfg: AppConfig, run_id: int) -> None:
    ids = append_rows(db, run_id, [1, 2, 3])
    tamper(
        db,
        ("UPDATE captures SET id = -1 WHERE id = :a", {"a": ids[0]}),
        ("UPDATE captures SET id = :a WHERE id = :b", {"a": ids[0], "b": ids[1]}),
        ("UPDATE captures SET id = :b WHERE id = -1", {"b": ids[1]}),
    )
    problems = chain_problems(verify(db, cfg))
    assert (ids[0], UNLINKED) in problems
    assert (ids[1], UNLINKED) in problems


def test_editing_the_stored_prev_hash_is_detected(
    db: Database, cfg: AppConfig, run_id: int
) -> None:
    ids = append_rows(db, run_id, [1, 2])
    tamper(
        db, ("UPDATE captures SET prev_row_hash = :h WHERE id = :i", {"h": "0" * 64, "i": ids[1]})
    )
    assert chain_problems(verify(db, cfg)) == [(ids[1], UNLINKED), (ids[1], EDITED)]
