"""A verifier we did not write accepts our signature: wabac.js, which ReplayWeb.page runs.

wabac.js comes from the npm registry (tests/export/wabac_verifier.py); the test skips only
if it cannot be installed, and says why. py-wacz's `wacz validate --verify-auth` cannot be
used for this: its verifier (authsign) checks only the domain-certificate form.
"""

from __future__ import annotations

import base64
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from storage.export.signing import load_or_create_key

from .bundle_edits import repack, resign
from .conftest import Exported, build_case, export_case
from .wabac_verifier import WabacUnavailable, check, install


@pytest.fixture(scope="module")
def wabac() -> Path:
    try:
        return install()
    except WabacUnavailable as exc:
        pytest.skip(f"wabac.js could not be installed from the npm registry: {exc}")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    root = tmp_path_factory.mktemp("wabac")
    return export_case(build_case(root / "data"), root / "case.wacz", pdf=False)


def _by_id(results: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in results}


def test_replayweb_page_verifies_the_signature_and_hashes(wabac: Path, exported: Exported) -> None:
    results = _by_id(check(wabac, exported.path))
    assert results["signature"] == {"id": "signature", "expected": True, "matched": True}
    package = results["datapackage.json"]  # wabac hashed it and compared with the digest
    assert package["actual"] is not None and package["expected"] == package["actual"]
    key = load_or_create_key(exported.case.cfg.keys_dir)
    assert results["publicKey"]["expected"] == base64.b64encode(key.public_der).decode()
    with zipfile.ZipFile(exported.path) as zf:
        created = json.loads(zf.read("datapackage.json"))["created"]
    assert results["created"]["expected"] == created


def test_replayweb_page_rejects_a_changed_signature(
    wabac: Path, exported: Exported, tmp_path: Path
) -> None:
    with zipfile.ZipFile(exported.path) as zf:
        digest = json.loads(zf.read("datapackage-digest.json"))
    signature = bytearray(base64.b64decode(digest["signedData"]["signature"]))
    signature[7] ^= 0x01
    digest["signedData"]["signature"] = base64.b64encode(bytes(signature)).decode()
    bad = repack(
        exported.path,
        tmp_path / "bad.wacz",
        {"datapackage-digest.json": json.dumps(digest).encode()},
    )
    assert _by_id(check(wabac, bad))["signature"]["matched"] is False


def test_replayweb_page_shows_a_forgers_key_for_what_it_is(
    wabac: Path, exported: Exported, tmp_path: Path
) -> None:
    """A re-signed bundle is valid to any checker: only the key tells who signed it."""
    forger = load_or_create_key(tmp_path / "forger")
    forged = resign(
        exported.path, tmp_path / "forged.wacz", {"report/report.html": b"<p>x"}, forger
    )
    results = _by_id(check(wabac, forged))
    assert results["signature"]["matched"] is True
    assert results["publicKey"]["expected"] == base64.b64encode(forger.public_der).decode()
