"""`mimamori export`, `mimamori key`, `mimamori verify` and `mimamori verify --store`."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from crawler.cli.main import cli

from .conftest import Case


def drop_append_only_triggers(conn) -> None:  # type: ignore[no-untyped-def]
    """Someone with the database file can remove the triggers; the chain still tells."""
    names = conn.execute(
        text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'captures'")
    ).scalars()
    for name in list(names):
        conn.execute(text(f'DROP TRIGGER "{name}"'))


def run(case: Case, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(case.cfg.data_dir), *args])
    return result.exit_code, result.output


def test_export_then_verify_with_exported_key(case: Case, tmp_path: Path) -> None:
    out = tmp_path / "case.wacz"
    args = ["export", "--account", str(case.account_ids[0]), "--out", str(out), "--for", "platform"]
    code, output = run(case, *args, "--analyst", "Analyst-1", "--no-pdf")
    assert code == 0, output
    assert "wrote" in output and "signed by SHA256:" in output
    code, output = run(case, "key", "export", "--out", str(tmp_path / "pub.pem"))
    assert code == 0 and "BEGIN PUBLIC KEY" in (tmp_path / "pub.pem").read_text()
    code, shown = run(case, "key", "show")
    assert code == 0 and "fingerprint: SHA256:" in shown
    code, output = run(case, "verify", str(out), "--key", str(tmp_path / "pub.pem"))
    assert code == 0, output
    assert "VERDICT: OK" in output
    # Only the requested account's evidence is inside.
    with zipfile.ZipFile(out) as zf:
        case_json = zf.read("records/case.json").decode()
    assert "deepseller" in case_json and "schoolfake" not in case_json


def test_verify_names_the_failing_file_and_exits_1(case: Case, tmp_path: Path) -> None:
    out = tmp_path / "case.wacz"
    assert run(case, "export", "--status", "confirmed", "--out", str(out), "--no-pdf")[0] == 0
    raw = bytearray(out.read_bytes())
    with zipfile.ZipFile(out) as zf:
        info = zf.getinfo("records/case.json")
    raw[info.header_offset + 30 + len(info.filename) + 40] ^= 0x20
    tampered = tmp_path / "tampered.wacz"
    tampered.write_bytes(bytes(raw))
    code, output = run(case, "verify", str(tampered))
    assert code == 1
    assert "VERDICT: FAILED" in output and "FAIL records/case.json" in output


def test_export_usage_errors_are_explained(case: Case, tmp_path: Path) -> None:
    code, output = run(case, "export", "--out", str(tmp_path / "x.wacz"))
    assert code == 2 and "--account ID or --status" in output
    code, output = run(case, "export", "--account", "999", "--out", str(tmp_path / "x.wacz"))
    assert code == 1 and "no account with id 999" in output
    code, output = run(case, "export", "--account", "1", "--out", str(tmp_path / "x.zip"))
    assert code == 2 and ".wacz" in output
    code, output = run(case, "verify")
    assert code == 2 and "--store" in output


def test_verify_store_ok_then_detects_each_kind_of_damage(case: Case) -> None:
    code, output = run(case, "verify", "--store")
    assert code == 0, output
    assert "VERDICT: OK" in output and "captures 5" in output

    # An edited capture row breaks its own hash and the next link.
    with case.db.engine.begin() as conn:
        drop_append_only_triggers(conn)
        conn.execute(text("UPDATE captures SET url = 'http://127.0.0.1:8765/other' WHERE id = 2"))
    code, output = run(case, "verify", "--store")
    assert code == 1
    assert "capture 2 [chain]: row hash does not match" in output


def test_verify_store_detects_changed_warc_and_blob(case: Case) -> None:
    from storage.blobs import BlobStore

    warc = next(case.cfg.warc_dir.glob("*.warc.gz"))
    warc.chmod(0o644)
    data = bytearray(warc.read_bytes())
    data[len(data) // 3] ^= 0x01
    warc.write_bytes(bytes(data))
    shot = BlobStore(case.cfg.blob_dir).path(case.kept_screenshot)
    shot.chmod(0o644)
    shot.write_bytes(shot.read_bytes() + b"x")
    code, output = run(case, "verify", "--store")
    assert code == 1
    assert "warc.gz@" in output
    assert f"{case.kept_screenshot} no longer matches its hash" in output


def test_verify_store_detects_a_deleted_row(case: Case) -> None:
    with case.db.engine.begin() as conn:
        drop_append_only_triggers(conn)
        conn.execute(text("DELETE FROM evidence_links WHERE capture_id = 3"))
        conn.execute(text("DELETE FROM captures WHERE id = 3"))
    code, output = run(case, "verify", "--store")
    assert code == 1
    assert "capture 4 [chain]: does not link to the previous capture row" in output


@pytest.mark.parametrize("purpose", ["police", "victim"])
def test_help_texts(purpose: str) -> None:
    result = CliRunner().invoke(cli, ["export", "--help"])
    assert result.exit_code == 0 and purpose in result.output
