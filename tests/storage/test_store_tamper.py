"""Every tamper of the store that `verify --store` used to call OK, with the triggers dropped
as anyone who can write the database file can: each is now named."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select
from store_builder import Store, build_store, drop_triggers, execute, rechain_captures

from storage.chain import CHAIN_VERSION
from storage.checkpoints import CHECKPOINT_FILE
from storage.models import Capture
from storage.verify.store import StoreReport
from storage.warc.writer import EvidenceWarcWriter


def messages(report: StoreReport) -> str:
    return "\n".join(str(p) for p in report.problems)


def test_an_untouched_store_verifies(store: Store) -> None:
    store.checkpoint()
    report = store.verify()
    assert report.ok, messages(report)
    assert (report.captures, report.audit_entries, report.checkpoints) == (7, 3, 1)
    assert report.records == 7


def test_deleting_the_last_row_leaves_its_record_unclaimed(store: Store) -> None:
    last = store.ids()[-1]
    drop_triggers(store.db)
    execute(store.db, "DELETE FROM captures WHERE id = :i", i=last)
    report = store.verify()
    assert not report.ok
    assert "metadata record" in messages(report)
    assert "is not pointed to by any capture row" in messages(report)


def test_deleting_the_last_row_before_a_checkpoint_names_the_checkpoint(store: Store) -> None:
    store.checkpoint()
    last = store.ids()[-1]
    drop_triggers(store.db)
    execute(store.db, "DELETE FROM captures WHERE id = :i", i=last)
    text = messages(store.verify())
    assert f"checkpoint 1 (run {store.run_id}): head changed" in text
    assert f"before row {last}" in text and f"row {last} itself is gone" in text


def test_deleting_a_middle_row_and_recomputing_the_chain(store: Store) -> None:
    store.checkpoint()
    middle = store.ids()[2]
    drop_triggers(store.db)
    execute(store.db, "DELETE FROM captures WHERE id = :i", i=middle)
    rechain_captures(store.db)
    report = store.verify()
    text = messages(report)
    assert "[chain]" not in text  # the forger's chain is consistent...
    assert f"checkpoint 1 (run {store.run_id}): head changed" in text  # ...but not the signed one
    assert "response record" in text and "is not pointed to by any capture row" in text


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("captured_at", "2026-02-01 09:00:01.250000", "WARC-Date"),
        ("url", "http://127.0.0.1:8765/u/someone-else", "WARC-Target-URI"),
        ("server_ip", "203.0.113.9", "WARC-IP-Address"),
    ],
)
def test_changing_a_field_and_recomputing_disagrees_with_the_warc(
    store: Store, column: str, value: str, expected: str
) -> None:
    first = store.ids()[0]
    drop_triggers(store.db)
    execute(store.db, f"UPDATE captures SET {column} = :v WHERE id = :i", v=value, i=first)
    rechain_captures(store.db)
    text = messages(store.verify())
    assert f"capture {first} [" in text and expected in text


def test_changing_a_field_and_recomputing_before_a_checkpoint_is_named(store: Store) -> None:
    store.checkpoint()
    first = store.ids()[0]
    drop_triggers(store.db)
    execute(store.db, "UPDATE captures SET server_ip = '203.0.113.9' WHERE id = :i", i=first)
    rechain_captures(store.db)
    assert "checkpoint 1 (run" in messages(store.verify())


def test_a_forged_row_reusing_another_rows_record_is_named(store: Store) -> None:
    from storage import chain

    with store.db.session() as session:
        original = session.scalar(select(Capture).order_by(Capture.id).limit(1))
        assert original is not None
        forged = Capture(
            **{
                c.key: getattr(original, c.key)
                for c in Capture.__table__.columns
                if c.key not in ("id", "prev_row_hash", "row_hash", "chain_version")
            }
        )
        chain.append(session, [forged])
        session.flush()
        forged_id = forged.id
    report = store.verify()
    text = messages(report)
    assert f"capture {forged_id} [chain]: claims WARC record {original.warc_record_id}" in text
    assert f"which capture {original.id} already points at" in text


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("headers", '[["Content-Type", "text/plain"]]'),
        ("user_agent", "an innocent browser"),
        ("browser_version", "Chromium 1"),
        ("playwright_version", "0.1"),
        ("warc_length", "1"),
    ],
)
def test_editing_an_evidence_column_breaks_the_row_hash(
    store: Store, column: str, value: str
) -> None:
    first = store.ids()[0]
    drop_triggers(store.db)
    execute(store.db, f"UPDATE captures SET {column} = :v WHERE id = :i", v=value, i=first)
    assert f"capture {first} [chain]: row hash does not match its fields" in messages(
        store.verify()
    )


def test_lowering_the_chain_version_to_drop_fields_is_named(store: Store) -> None:
    """Re-hashing an edited row the old way (which left user_agent out) after version-2 rows."""
    third = store.ids()[2]
    drop_triggers(store.db)
    execute(
        store.db,
        "UPDATE captures SET chain_version = NULL, user_agent = 'an innocent browser' "
        "WHERE id = :i",
        i=third,
    )
    rechain_captures(store.db)
    text = messages(store.verify())
    assert (
        f"capture {third} [chain]: hashed as chain version 1 after a version {CHAIN_VERSION} row"
        in text
    )


def test_rows_hashed_the_old_way_still_verify(store: Store) -> None:
    """A store from before versions: every row version 1 (NULL), hashed without the new fields."""
    drop_triggers(store.db)
    execute(store.db, "UPDATE captures SET chain_version = NULL")
    rechain_captures(store.db)
    report = store.verify()
    assert report.ok, messages(report)


def _append_valid_record(store: Store) -> tuple[str, int]:
    """A digest-valid response record added to the end of the run's WARC file."""
    name = store.warc_files[0]
    path = store.cfg.warc_dir / name
    path.chmod(0o644)
    extra = EvidenceWarcWriter(store.cfg.warc_dir / "scratch", "extra", warcinfo={})
    extra.write_exchange(
        url="http://127.0.0.1:8765/u/planted",
        method="GET",
        request_headers=[],
        request_body=b"",
        status=200,
        response_headers=[("Content-Type", "text/html")],
        body=b"<html>planted</html>",
        captured_at=store_time(),
    )
    extra.close()
    scratch = store.cfg.warc_dir / "scratch" / extra.files[0]
    members = scratch.read_bytes()
    # Skip the scratch file's warcinfo: append only its response (and request) records.
    from storage.verify.warc_scan import members as gzip_members

    offsets = [offset for offset, _data, _err in gzip_members(scratch)]
    offset = path.stat().st_size
    with open(path, "ab") as out:
        out.write(members[offsets[1] :])
    shutil.rmtree(store.cfg.warc_dir / "scratch")
    return name, offset


def store_time():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


def test_a_digest_valid_record_appended_to_a_warc_is_named(store: Store) -> None:
    name, offset = _append_valid_record(store)
    text = messages(store.verify())
    assert f"store [{name}@{offset}]: response record" in text
    assert "http://127.0.0.1:8765/u/planted" in text
    assert "digest" not in text  # the record itself is well-formed


def test_a_record_appended_after_a_checkpoint_changes_the_signed_size(store: Store) -> None:
    store.checkpoint()
    name, _offset = _append_valid_record(store)
    assert f"WARC file {name} is" in messages(store.verify())


def test_an_interrupted_runs_unrecorded_tail_is_a_note_not_a_failure(
    tmp_path: Path, template: Path
) -> None:
    interrupted = build_store(tmp_path / "crashed", template, status="crashed")
    try:
        name, offset = _append_valid_record(interrupted)
        report = interrupted.verify()
        assert report.ok, messages(report)
        assert any(note.startswith(f"{name}@{offset}:") for note in report.notes)
    finally:
        interrupted.db.dispose()


def test_checkpoints_file_holds_the_signed_statement(store: Store) -> None:
    store.checkpoint()
    store.checkpoint()
    lines = (store.cfg.warc_dir / CHECKPOINT_FILE).read_text().splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    statement = json.loads(first["statement"])
    assert statement["seq"] == 1 and statement["run_id"] == store.run_id
    assert statement["captures"]["count"] == 7
    assert statement["captures"]["last_id"] == store.ids()[-1]
    assert statement["audit"]["count"] == 3
    assert statement["warc_files"] == {
        store.warc_files[0]: (store.cfg.warc_dir / store.warc_files[0]).stat().st_size
    }
    assert first["algorithm"] == "ecdsa-sha256" and first["timestamp"] is None


def test_a_trusted_timestamp_seam_is_stored_with_the_checkpoint(store: Store) -> None:
    from storage.checkpoints import record_checkpoint, signer_from_key
    from storage.export.signing import load_or_create_key

    seen: list[bytes] = []

    def timestamper(message: bytes) -> dict[str, str]:
        seen.append(message)
        return {"authority": "test", "sha256": hashlib.sha256(message).hexdigest()}

    row = record_checkpoint(
        store.db,
        store.cfg.warc_dir,
        signer=signer_from_key(load_or_create_key(store.cfg.keys_dir)),
        run_id=store.run_id,
        warc_files=store.warc_files,
        timestamper=timestamper,
    )
    assert seen == [row.statement.encode()]
    assert row.timestamp == {"authority": "test", "sha256": hashlib.sha256(seen[0]).hexdigest()}
