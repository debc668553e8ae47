"""End to end on real crawled data: `mimamori demo --no-serve`, then export and verify."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from storage.warc.writer import read_record_bytes


@pytest.fixture
def demo_copy(demo_data_dir: Path, tmp_path: Path) -> Path:
    # A copy: exports add rows (exports, audit) that other test folders should not see.
    target = tmp_path / "demo"
    shutil.copytree(demo_data_dir, target)
    return target


def test_export_crawled_demo_accounts(demo_copy: Path, tmp_path: Path, mimamori) -> None:
    db = sqlite3.connect(demo_copy / "mimamori.sqlite3")
    flagged = [r[0] for r in db.execute("SELECT DISTINCT account_id FROM flags ORDER BY 1")]
    assert len(flagged) >= 3, "the demo crawl flagged too few accounts to export"
    # Treat one flagged account with pictures as minor-risk: none of its images may leave
    # the store.
    minor = _flagged_account_with_pictures(db)
    db.execute("UPDATE flags SET minor_risk = 1 WHERE account_id = ?", (minor,))
    db.commit()
    minor_blobs = {
        r[0]
        for r in db.execute(
            "SELECT thumb_blob FROM media WHERE account_id = ? AND thumb_blob IS NOT NULL "
            "UNION SELECT c.blob_sha256 FROM captures c JOIN evidence_links l ON l.capture_id = c.id "
            "WHERE l.account_id = ? AND c.blob_sha256 IS NOT NULL",
            (minor, minor),
        )
    }
    handles = {
        r[0]
        for r in db.execute(
            "SELECT handle FROM accounts WHERE id IN (SELECT account_id FROM flags)"
        )
    }
    db.close()

    out = tmp_path / "demo.wacz"
    status = "new"
    result = mimamori(
        "export",
        "--status",
        status,
        "--out",
        str(out),
        "--for",
        "police",
        "--analyst",
        "Analyst-1",
        data_dir=demo_copy,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    verified = mimamori("verify", str(out), data_dir=demo_copy)
    assert verified.returncode == 0, verified.stdout
    assert "VERDICT: OK" in verified.stdout
    validated = subprocess.run(
        [str(Path(sys.executable).parent / "wacz"), "validate", "-f", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert validated.returncode == 0, validated.stdout[-3000:]

    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        archive = zf.read("archive/evidence.warc.gz")
        captures = [json.loads(x) for x in zf.read("records/captures.jsonl").decode().splitlines()]
        html = zf.read("report/report.html").decode()
        assert zf.read("report/report.pdf").startswith(b"%PDF-")
    copied = [c for c in captures if c["bundle_offset"] is not None]
    assert len(copied) >= 10
    for cap in copied:
        original = read_record_bytes(
            demo_copy / "warc" / cap["source_warc_file"],
            cap["source_warc_offset"],
            cap["source_warc_length"],
        )
        start = cap["bundle_offset"]
        assert archive[start : start + cap["bundle_length"]] == original, cap["capture_id"]
    for handle in handles:
        assert handle in html
    assert not any(n.startswith("originals/") for n in names)  # the demo keeps no originals
    assert minor_blobs, "the chosen account had no pictures; the safety check would be empty"
    for sha in minor_blobs:
        assert not any(sha in n for n in names), sha
    withheld = [c for c in captures if c["withheld_reason"] == "minor_risk"]
    assert all(c["screenshot"] is None for c in withheld)


def _flagged_account_with_pictures(db: sqlite3.Connection) -> int:
    """Account ids follow the order pages happened to arrive in, so the pick looks for
    pictures rather than taking the first flagged id."""
    with_pictures = [
        r[0]
        for r in db.execute(
            "SELECT DISTINCT account_id FROM media WHERE thumb_blob IS NOT NULL "
            "AND account_id IN (SELECT account_id FROM flags) ORDER BY 1"
        )
    ]
    assert with_pictures, "no flagged demo account has pictures; the safety check would be empty"
    return with_pictures[0]
