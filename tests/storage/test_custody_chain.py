"""The audit log's custody chain, and the checkpoints that pin both chains: what they catch,
and what only an operator's copy of chain-checkpoints.jsonl catches."""

from __future__ import annotations

import base64
import itertools
import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import select
from store_builder import (
    Store,
    drop_triggers,
    execute,
    rechain_audit,
    rechain_captures,
)

from crawler.cli.main import cli
from storage import audit
from storage.checkpoints import CHECKPOINT_FILE, Signer
from storage.db import Database
from storage.models import AuditEntry
from storage.verify.store import StoreReport


def messages(report: StoreReport) -> str:
    return "\n".join(str(p) for p in report.problems)


def entries(db: Database) -> list[AuditEntry]:
    with db.session() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


# -- the custody chain -------------------------------------------------------------------
def test_every_way_of_adding_an_entry_is_chained_in_order(store: Store) -> None:
    with store.db.session() as session:
        # Several entries in one flush, one added directly as the export's recording does.
        session.add(AuditEntry(action="export", target_type="export", target_id="9"))
        audit.record(session, user=None, action="delete_media", target_type="media", target_id=4)
        session.add(AuditEntry(action="decision", detail={"b": 1, "a": [1, 2]}))
    chained = entries(store.db)
    assert len(chained) == 6 and all(e.row_hash for e in chained)
    assert chained[0].prev_hash is None
    for before, after in itertools.pairwise(chained):
        assert after.prev_hash == before.row_hash
    assert store.verify().ok


def test_deleting_an_audit_entry_breaks_the_chain(store: Store) -> None:
    second = entries(store.db)[1].id
    drop_triggers(store.db)
    execute(store.db, "DELETE FROM audit_log WHERE id = :i", i=second)
    text = messages(store.verify())
    assert f"audit entry {second + 1}: does not link to the previous audit entry" in text


def test_editing_an_audit_entry_breaks_its_hash(store: Store) -> None:
    first = entries(store.db)[0].id
    drop_triggers(store.db)
    execute(store.db, "UPDATE audit_log SET action = 'login' WHERE id = :i", i=first)
    text = messages(store.verify())
    assert f"audit entry {first}: entry hash does not match its fields" in text


def test_rewriting_the_audit_log_before_a_checkpoint_is_named(store: Store) -> None:
    store.checkpoint()
    first = entries(store.db)[0].id
    drop_triggers(store.db)
    execute(store.db, "DELETE FROM audit_log WHERE id = :i", i=first)
    rechain_audit(store.db)
    text = messages(store.verify())
    assert "audit entry" not in text.split("checkpoint")[0]  # the forger's chain is consistent
    assert f"checkpoint 1 (run {store.run_id}): audit log head changed" in text


def test_entries_from_before_the_chain_are_a_note_and_later_unchained_ones_fail(
    store: Store,
) -> None:
    drop_triggers(store.db)
    execute(store.db, "UPDATE audit_log SET prev_hash = NULL, row_hash = NULL")
    report = store.verify()
    assert report.ok and "3 audit entries predate the custody chain" in " ".join(report.notes)
    with store.db.session() as session:
        audit.record(session, user=None, action="export")
    last = entries(store.db)[-1].id
    execute(store.db, "UPDATE audit_log SET row_hash = NULL WHERE id = :i", i=last)
    execute(store.db, "UPDATE audit_log SET row_hash = 'x' WHERE id = :i", i=last - 1)
    assert f"audit entry {last}: entry is not chained" in messages(store.verify())


# -- checkpoints ------------------------------------------------------------------------
def test_without_a_checkpoint_verify_says_so(store: Store) -> None:
    report = store.verify()
    assert report.ok and any("no chain checkpoint yet" in n for n in report.notes)


def test_a_checkpoint_without_a_timestamp_says_local_clock_only(store: Store) -> None:
    store.checkpoint()
    notes = " ".join(store.verify().notes)
    assert "no trusted timestamp (local clock only)" in notes


def test_an_edited_checkpoint_statement_fails_its_signature(store: Store) -> None:
    store.checkpoint()
    drop_triggers(store.db)  # the table refuses edits otherwise
    execute(
        store.db,
        "UPDATE chain_checkpoints SET statement = replace(statement, :old, :new)",
        old='"count":7',
        new='"count":6',
    )
    text = messages(store.verify())
    assert "checkpoint 1 (run" in text and "signature does not verify" in text


def _foreign_signer() -> Signer:
    key = ec.generate_private_key(ec.SECP256R1())
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return Signer(
        sign=lambda m: key.sign(m, ec.ECDSA(hashes.SHA256())),
        public_der=der,
        fingerprint="sha256:foreign",
    )


def test_a_checkpoint_signed_by_another_key_is_untrusted(store: Store) -> None:
    from storage.checkpoints import record_checkpoint

    record_checkpoint(
        store.db,
        store.cfg.warc_dir,
        signer=_foreign_signer(),
        run_id=store.run_id,
        warc_files=store.warc_files,
    )
    text = messages(store.verify())
    assert "signed by key sha256:foreign, which is not this data dir's signing key" in text


def test_a_deleted_checkpoint_row_is_named(store: Store) -> None:
    store.checkpoint()
    store.checkpoint()
    drop_triggers(store.db)  # the table refuses edits otherwise
    execute(store.db, "DELETE FROM chain_checkpoints WHERE seq = 1")
    text = messages(store.verify())
    assert "checkpoint 1: missing from the database" in text
    assert f"checkpoint 1: in {CHECKPOINT_FILE} but not (as signed) in the database" in text


def _rewrite_everything(store: Store) -> None:
    """A forger with the whole data dir, the signing key included: delete a row, recompute
    the chain, throw away the checkpoints and sign a new one."""
    middle = store.ids()[3]
    drop_triggers(store.db)
    execute(store.db, "DELETE FROM captures WHERE id = :i", i=middle)
    execute(store.db, "DELETE FROM chain_checkpoints")
    rechain_captures(store.db)
    (store.cfg.warc_dir / CHECKPOINT_FILE).unlink()
    store.checkpoint()


def test_an_operators_copy_catches_what_a_key_holder_re_signed(
    store: Store, tmp_path: Path
) -> None:
    store.checkpoint()
    copy = tmp_path / "elsewhere" / CHECKPOINT_FILE
    copy.parent.mkdir()
    shutil.copy(store.cfg.warc_dir / CHECKPOINT_FILE, copy)
    _rewrite_everything(store)
    # The data dir alone now tells only of the orphaned record (the residual risk without a copy).
    own = messages(store.verify())
    assert "checkpoint" not in own and "is not pointed to by any capture row" in own
    text = messages(store.verify(copy=copy))
    assert f"checkpoint 1 (run {store.run_id}): head changed" in text


def test_cli_verify_store_with_a_copied_checkpoints_file(store: Store, tmp_path: Path) -> None:
    store.checkpoint()
    copy = tmp_path / "copy.jsonl"
    shutil.copy(store.cfg.warc_dir / CHECKPOINT_FILE, copy)
    data_dir = str(store.cfg.data_dir)
    result = CliRunner().invoke(cli, ["--data-dir", data_dir, "verify", "--store"])
    assert result.exit_code == 0, result.output
    assert "audit entries 3, checkpoints 1" in result.output and "VERDICT: OK" in result.output
    _rewrite_everything(store)
    args = ["--data-dir", data_dir, "verify", "--store", "--checkpoints", str(copy)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert f"FAIL checkpoint 1 (run {store.run_id}): head changed" in result.output
    result = CliRunner().invoke(cli, ["--data-dir", data_dir, "verify", "--checkpoints", str(copy)])
    assert result.exit_code == 2


def test_the_jsonl_line_verifies_with_the_public_key_alone(store: Store) -> None:
    """What an outsider does with a copied line: ECDSA over the statement's UTF-8 bytes."""
    store.checkpoint()
    line = json.loads((store.cfg.warc_dir / CHECKPOINT_FILE).read_text().splitlines()[0])
    key = serialization.load_der_public_key(base64.b64decode(line["publicKey"]))
    assert isinstance(key, ec.EllipticCurvePublicKey)
    key.verify(
        base64.b64decode(line["signature"]),
        line["statement"].encode(),
        ec.ECDSA(hashes.SHA256()),
    )


def test_verify_store_asks_for_the_schema_upgrade_instead_of_crashing(tmp_path: Path) -> None:
    from alembic import command

    from storage.config import AppConfig
    from storage.db import alembic_config, make_engine

    cfg = AppConfig.resolve(tmp_path / "old")
    cfg.ensure_dirs()
    engine = make_engine(cfg.db_url)
    command.upgrade(alembic_config(engine), "0003_schedule")
    engine.dispose()
    result = CliRunner().invoke(cli, ["--data-dir", str(cfg.data_dir), "verify", "--store"])
    assert result.exit_code == 1 and "mimamori db upgrade" in result.output
