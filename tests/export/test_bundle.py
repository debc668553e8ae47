"""The bundle holds the right evidence, passes py-wacz, and verifies (also standalone)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator

from storage.blobs import BlobStore
from storage.export.bundle import ExportRequest, export_bundle
from storage.export.select import SelectionError
from storage.export.signing import load_or_create_key
from storage.models import AuditEntry, Capture, Export, Flag
from storage.verify.bundle import verify_file
from storage.warc.writer import read_record_bytes

from .conftest import Case, Exported, build_case, export_case

VENV_BIN = Path(sys.executable).parent


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_bundle_verifies_and_passes_py_wacz(exported: Exported) -> None:
    report = verify_file(exported.path)
    assert report.ok, report.problems
    assert report.files_checked == len(exported.result.files)
    run = subprocess.run(
        [str(VENV_BIN / "wacz"), "validate", "-f", str(exported.path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Validation succeeded" in run.stdout


def test_warc_records_are_byte_identical_to_the_crawl(exported: Exported) -> None:
    files = members(exported.path)
    archive = files["archive/evidence.warc.gz"]
    case = exported.case
    with case.db.session() as s:
        captures = {c.id: c for c in s.scalars(select(Capture))}
    rows = [json.loads(line) for line in files["records/captures.jsonl"].decode().splitlines()]
    copied = [r for r in rows if r["bundle_offset"] is not None]
    assert copied, "no record was copied"
    for row in copied:
        cap = captures[row["capture_id"]]
        original = read_record_bytes(
            case.cfg.warc_dir / cap.warc_file, cap.warc_offset, cap.warc_length
        )
        start = row["bundle_offset"]
        assert archive[start : start + row["bundle_length"]] == original
    # The concatenation is itself a valid WARC with SHA-256 digests that check out.
    types = []
    for record in ArchiveIterator(io.BytesIO(archive), check_digests=True):
        record.content_stream().read()
        assert record.digest_checker.passed is not False, record.digest_checker.problems
        types.append(record.rec_type)
    assert types.count("response") == 2 and "revisit" in types and "resource" in types


def test_minor_risk_items_carry_no_image_at_all(exported: Exported) -> None:
    case = exported.case
    files = members(exported.path)
    blobs = BlobStore(case.cfg.blob_dir)
    forbidden = [case.minor_thumb, case.minor_original, case.minor_screenshot]
    everything = b"".join(files.values())
    for sha in forbidden:
        assert not any(sha in name for name in files), sha
        # Not under another name either, and not inside the WARC (the screenshot record is dropped).
        assert blobs.get(sha) not in everything
    # What is allowed is there: the other account's blurred thumbnail, screenshot and (asked for) original.
    assert f"thumbnails/{case.kept_thumb}.jpg" in files
    assert f"screenshots/{case.kept_screenshot}.png" in files
    assert f"originals/{case.kept_original}.png" in files
    case_json = json.loads(files["records/case.json"])
    minor = next(a for a in case_json["accounts"] if a["id"] == case.minor_account_id)
    assert minor["minor_risk"] is True
    assert {m["withheld_reason"] for m in minor["media"]} == {"minor_risk"}
    assert all(m["thumbnail"] is None and m["original"] is None for m in minor["media"])
    assert [m["sha256"] for m in minor["media"]] == ["b" * 64, "c" * 64]  # hashes are kept
    assert case_json["withheld_captures"]


def test_originals_only_when_asked(case: Case, tmp_path: Path) -> None:
    plain = export_case(case, tmp_path / "plain.wacz")
    names = members(plain.path)
    assert not any(n.startswith("originals/") for n in names)
    assert f"thumbnails/{case.kept_thumb}.jpg" in names


def test_records_json_and_csv(exported: Exported) -> None:
    files = members(exported.path)
    data = json.loads(files["records/case.json"])
    seller = data["accounts"][0]
    assert seller["handle"] == "deepseller" and seller["account_key"] == "10042"
    assert seller["plans"][0] == {
        **seller["plans"][0],
        "name": "リクエストプラン",
        "price": "3000.00",
        "currency": "JPY",
    }
    assert seller["detections"][0]["people"][0]["name"] == "山田花子"
    assert seller["decisions"][0]["reviewer"] == "Reviewer-7"
    audit_text = json.dumps(data["audit"], ensure_ascii=False)
    assert "decide" in audit_text
    # Reviewers appear by pseudonym only; their login names and IP addresses stay home.
    for name, blob in files.items():
        if name.startswith(("records/", "report/")) and not name.endswith(".pdf"):
            assert b"alice" not in blob, name
    assert '127.0.0.1"' not in json.dumps(data["audit"])
    accounts_csv = list(csv.DictReader(io.StringIO(files["records/accounts.csv"].decode())))
    assert accounts_csv[0]["handle"] == "deepseller"
    posts = list(csv.DictReader(io.StringIO(files["records/captures.csv"].decode())))
    assert posts[0]["captured_jst"].endswith("JST") and posts[0]["captured_utc"].endswith("UTC")
    chain = [json.loads(x) for x in files["records/chain.jsonl"].decode().splitlines()]
    assert [c["capture_id"] for c in chain] == sorted(exported.case.capture_ids)
    assert chain[1]["prev_row_hash"] == chain[0]["row_hash"]


def test_csv_cells_cannot_become_formulas() -> None:
    from storage.export.records import csv_text

    text = csv_text(
        [{"a": '=HYPERLINK("http://evil")', "b": "@SUM(1)", "c": "ok"}], ["a", "b", "c"]
    )
    row = next(csv.DictReader(io.StringIO(text)))
    assert row == {"a": '\'=HYPERLINK("http://evil")', "b": "'@SUM(1)", "c": "ok"}


def test_report_html_escapes_and_highlights(exported: Exported) -> None:
    html = members(exported.path)["report/report.html"].decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in html
    assert '<mark class="match">酷似</mark>' in html
    assert '<mark class="match">山田花子</mark>' in html
    assert "2026-01-15 14:30:05 UTC" in html and "2026-01-15 23:30:05 JST" in html
    assert "Reviewer-7" in html and "リクエストプラン" in html
    assert "Evidence summary for police" in html
    assert "verify_bundle.py" in html
    assert "Content-Security-Policy" in html


@pytest.mark.parametrize(
    ("purpose", "heading"),
    [("platform", "Takedown request"), ("victim", "For the person affected")],
)
def test_covering_page_changes_not_the_evidence(
    case: Case, tmp_path: Path, purpose: str, heading: str
) -> None:
    police = members(export_case(case, tmp_path / "police.wacz", pdf=False).path)
    other = members(
        export_case(case, tmp_path / f"{purpose}.wacz", purpose=purpose, pdf=False).path
    )
    assert heading in other["report/report.html"].decode()
    assert heading not in police["report/report.html"].decode()
    assert other["archive/evidence.warc.gz"] == police["archive/evidence.warc.gz"]
    assert other["indexes/index.cdx.gz"] == police["indexes/index.cdx.gz"]
    assert other["indexes/index.idx"] == police["indexes/index.idx"]


def test_export_is_audited(exported: Exported) -> None:
    with exported.case.db.session() as s:
        export = s.scalars(select(Export)).one()
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "export")).one()
    assert export.sha256 == exported.result.sha256
    assert entry.target_id == str(export.id)
    assert entry.detail["account_ids"] == exported.case.account_ids
    assert entry.detail["sha256"] == exported.result.sha256
    with exported.case.db.session() as s:
        stamps = set(s.scalars(select(Flag.exported_at)))
    assert stamps == {export.created_at}  # takedown tracking watches from the first export


def test_standalone_verifier_runs_without_mimamori(exported: Exported, tmp_path: Path) -> None:
    script = tmp_path / "verify_bundle.py"
    script.write_bytes(members(exported.path)["verify/verify_bundle.py"])
    key = load_or_create_key(exported.case.cfg.keys_dir)
    pem = tmp_path / "signer.pem"
    pem.write_text(key.public_pem)
    # -I: isolated mode, so neither the checkout nor PYTHONPATH can supply mimamori.
    cmd = [sys.executable, "-I", str(script), str(exported.path), "--key", str(pem)]
    run = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "VERDICT: OK" in run.stdout
    imports = [
        line for line in script.read_text().splitlines() if line.startswith(("import", "from"))
    ]
    assert all(("mimamori" not in i and "storage" not in i and "crawler" not in i) for i in imports)


def test_a_different_signer_key_is_refused(exported: Exported, tmp_path: Path) -> None:
    other = load_or_create_key(tmp_path / "other-keys")
    report = verify_file(exported.path, other.public_pem.encode())
    assert not report.ok
    assert report.failed_paths == ["datapackage-digest.json"]
    assert "different key" in str(report.problems[0])


def test_key_is_created_once_and_private(case: Case) -> None:
    first = load_or_create_key(case.cfg.keys_dir)
    second = load_or_create_key(case.cfg.keys_dir)
    assert first.fingerprint == second.fingerprint
    assert (first.path.stat().st_mode & 0o777) == 0o600


def test_selection_by_status_and_errors(case: Case, tmp_path: Path) -> None:
    request = ExportRequest(status="confirmed", platform="fanclub", pdf=False)
    result = export_bundle(case.cfg, case.db, request, tmp_path / "confirmed.wacz")
    assert result.account_ids == case.account_ids
    with pytest.raises(SelectionError, match="no account has a flag"):
        export_bundle(case.cfg, case.db, ExportRequest(status="escalated"), tmp_path / "none.wacz")
    with pytest.raises(SelectionError, match="no account with id 999"):
        export_bundle(case.cfg, case.db, ExportRequest(account_ids=[999]), tmp_path / "none.wacz")
    assert not (tmp_path / "none.wacz").exists()
    with pytest.raises(FileExistsError):
        export_bundle(case.cfg, case.db, request, tmp_path / "confirmed.wacz")


def test_damaged_store_is_refused(tmp_path: Path) -> None:
    from storage.export.archive import EvidenceIntegrityError

    case = build_case(tmp_path / "data")
    warc = next(case.cfg.warc_dir.glob("*.warc.gz"))
    warc.chmod(0o644)
    warc.write_bytes(warc.read_bytes()[:200])  # records lost after capture
    out = tmp_path / "out.wacz"
    with pytest.raises(EvidenceIntegrityError, match="shorter than the stored record"):
        export_case(case, out)
    assert not out.exists() and not Path(str(out) + ".partial").exists()
