"""Trusted time in a bundle: RFC 3161 tokens over the signed hash, from a real local
authority, checked by `mimamori verify` and by the verifier shipped in the bundle."""

from __future__ import annotations

import base64
import dataclasses
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from storage.models import TimestampToken
from storage.timestamps import request_tokens
from storage.verify import standalone_time
from storage.verify.bundle import verify_file
from storage.verify.standalone_time import AUTHORITIES_PATH, check_digest_timestamps

from .bundle_edits import entries, repack
from .conftest import Exported, build_case, export_case
from .test_standalone_offline import SHIPPED, run_offline


@pytest.fixture(scope="module")
def stamped(
    tmp_path_factory: pytest.TempPathFactory, timestamp_authority: Any
) -> tuple[Exported, bytes]:
    root = tmp_path_factory.mktemp("stamped")
    case = build_case(root / "data")
    cfg = dataclasses.replace(
        case.cfg,
        tsa_urls=(timestamp_authority.url,),
        tsa_cert_files=(timestamp_authority.ca_file,),
    )
    exported = export_case(dataclasses.replace(case, cfg=cfg), root / "case.wacz", pdf=False)
    return exported, timestamp_authority.ca_file.read_bytes()


def members(path: Path) -> dict[str, bytes]:
    return dict(entries(path))


def _digest(path: Path) -> dict[str, Any]:
    return json.loads(members(path)["datapackage-digest.json"])


def _rewrite_digest(source: Path, out: Path, digest: dict[str, Any]) -> Path:
    """The same bundle with another datapackage-digest.json (tokens sit outside signedData,
    so swapping one does not touch the signature: the token itself must be refused)."""
    return repack(source, out, {"datapackage-digest.json": json.dumps(digest, indent=2).encode()})


def test_export_carries_a_token_over_the_signed_hash_and_the_roots(
    stamped: tuple[Exported, bytes],
) -> None:
    exported, roots = stamped
    digest = _digest(exported.path)
    (entry,) = digest["timestamps"]
    assert set(digest["signedData"]) == {
        "hash", "created", "software", "version", "signature", "publicKey",
    }  # fmt: skip
    assert entry["genTime"][:13] == digest["signedData"]["created"][:13]
    bundle = members(exported.path)
    assert bundle[AUTHORITIES_PATH] == roots
    listed = json.loads(bundle["datapackage.json"])["resources"]
    assert AUTHORITIES_PATH in {r["path"] for r in listed}
    with exported.case.db.session() as session:
        row = session.scalars(
            select(TimestampToken).where(TimestampToken.subject_kind == "export")
        ).one()
    assert row.subject == "case.wacz" and row.status == "granted"
    assert row.digest == digest["hash"].removeprefix("sha256:")
    assert base64.b64decode(entry["token"]) == row.token


def test_mimamori_verify_reports_the_trusted_time(stamped: tuple[Exported, bytes]) -> None:
    exported, roots = stamped
    report = verify_file(exported.path, authority_roots=roots)
    assert report.ok, report.problems
    assert report.time_lines[0] == (
        "trusted time: 1 of 1 token(s) valid (authority certificates trusted by this data dir)"
    )
    assert report.time_lines[1].startswith("  VALID 20")


def test_a_token_over_another_hash_is_refused_by_name(
    stamped: tuple[Exported, bytes], tmp_path: Path
) -> None:
    exported, roots = stamped
    digest = _digest(exported.path)
    cfg = exported.case.cfg
    (other,) = request_tokens(cfg, "export", "other", "ab" * 32)
    digest["timestamps"][0]["token"] = base64.b64encode(other.token).decode()
    swapped = _rewrite_digest(exported.path, tmp_path / "swapped.wacz", digest)
    report = verify_file(swapped, authority_roots=roots)
    assert any("refused: wrong hash" in str(p) for p in report.problems), report.problems
    assert report.exit_code == 1


def test_a_token_from_an_untrusted_authority_does_not_count(
    stamped: tuple[Exported, bytes], untrusted_authority: Any
) -> None:
    exported, _ = stamped
    report = verify_file(exported.path, authority_roots=untrusted_authority.ca_file.read_bytes())
    assert report.time_lines[0].startswith("trusted time: NOT ESTABLISHED")
    assert "REFUSED" in report.time_lines[1] and "untrusted authority" in report.time_lines[1]


def test_a_token_far_from_the_signed_time_is_refused(stamped: tuple[Exported, bytes]) -> None:
    exported, roots = stamped
    digest = _digest(exported.path)
    created = "2026-01-01T00:00:00Z"  # the signer claims a time the authority contradicts
    (check,) = check_digest_timestamps(digest, created, roots)
    assert (check.verdict, check.reason) == ("refused", standalone_time.OUTSIDE_WINDOW)


def test_no_authority_says_local_clock_only(tmp_path: Path) -> None:
    case = build_case(tmp_path / "data")
    cfg = dataclasses.replace(case.cfg, tsa_urls=(), tsa_cert_files=())
    exported = export_case(dataclasses.replace(case, cfg=cfg), tmp_path / "plain.wacz", pdf=False)
    assert "timestamps" not in _digest(exported.path)
    report = verify_file(exported.path)
    assert report.time_lines == ["trusted time: no trusted timestamp (local clock only)"]


@pytest.mark.parametrize("checker", ["rfc3161-client", "openssl"])
def test_shipped_verifier_checks_the_token(
    stamped: tuple[Exported, bytes], tmp_path: Path, checker: str
) -> None:
    exported, roots = stamped
    with zipfile.ZipFile(exported.path) as zf:
        for name in SHIPPED:
            (tmp_path / name).write_bytes(zf.read(f"verify/{name}"))
    (tmp_path / "roots.pem").write_bytes(roots)
    script, args = str(tmp_path / "verify_bundle.py"), [str(exported.path)]
    args += ["--tsa-ca", str(tmp_path / "roots.pem")]
    if checker == "openssl":  # no rfc3161-client, no cryptography: the openssl command
        run = run_offline(script, *args)
    else:
        run = subprocess.run(
            [sys.executable, "-I", script, *args], capture_output=True, text=True, timeout=120
        )
    assert "trusted time: 1 of 1 token(s) valid (authority certificates --tsa-ca" in run.stdout, (
        run.stdout + run.stderr
    )


def test_tokens_can_be_written_out_for_openssl(
    stamped: tuple[Exported, bytes], tmp_path: Path
) -> None:
    exported, roots = stamped
    (name,) = standalone_time.write_tokens(str(exported.path), str(tmp_path))
    (tmp_path / "roots.pem").write_bytes(roots)
    run = subprocess.run(
        ["openssl", "ts", "-verify", "-in", str(tmp_path / name),
         "-data", str(tmp_path / "statement.txt"), "-CAfile", str(tmp_path / "roots.pem")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert run.returncode == 0 and "Verification: OK" in run.stdout, run.stdout + run.stderr


def test_the_export_audit_entry_is_pinned_by_a_timestamped_checkpoint(
    stamped: tuple[Exported, bytes],
) -> None:
    from storage.models import AuditEntry, ChainCheckpoint

    exported, _ = stamped
    with exported.case.db.session() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).one()
        checkpoint = session.scalars(
            select(ChainCheckpoint).order_by(ChainCheckpoint.seq.desc())
        ).first()
    assert checkpoint is not None and checkpoint.run_id is None
    assert checkpoint.audit_last_id == entry.id and checkpoint.audit_head == entry.row_hash
    assert checkpoint.timestamp is not None and len(checkpoint.timestamp["tokens"]) == 1
