"""Who signed a bundle: the WACZ anonymous signature, pinned keys, the whole-file digest."""

from __future__ import annotations

import base64
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from crawler.cli.main import cli
from storage.export.signing import load_or_create_key
from storage.verify.bundle import verify_file
from storage.verify.trust import trusted_keys

from .bundle_edits import repack, resign, sha256_of
from .conftest import Case, Exported, build_case, export_case

SPEC_FIELDS = {"hash", "created", "software", "version", "signature", "publicKey"}


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    root = tmp_path_factory.mktemp("signed")
    return export_case(build_case(root / "data"), root / "case.wacz", pdf=False)


def run(case: Case, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(case.cfg.data_dir), *args])
    return result.exit_code, result.output


def digest_of(path: Path) -> dict:
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("datapackage-digest.json"))


def test_digest_is_the_wacz_anonymous_signature(signed: Exported) -> None:
    """ECDSA P-384 over the `hash` text, raw r||s, SPKI public key, and no other fields."""
    digest = digest_of(signed.path)
    data = digest["signedData"]
    assert set(data) == SPEC_FIELDS
    assert data["hash"] == digest["hash"] and data["version"] == "0.1.0"
    key = serialization.load_der_public_key(base64.b64decode(data["publicKey"]))
    assert isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name == "secp384r1"
    raw = base64.b64decode(data["signature"])
    assert len(raw) == 96
    der = encode_dss_signature(int.from_bytes(raw[:48], "big"), int.from_bytes(raw[48:], "big"))
    key.verify(der, data["hash"].encode("utf-8"), ec.ECDSA(hashes.SHA256()))


def test_own_bundle_is_trusted_by_its_data_dir(signed: Exported) -> None:
    code, output = run(signed.case, "verify", str(signed.path))
    fingerprint = load_or_create_key(signed.case.cfg.keys_dir).fingerprint
    assert code == 0, output
    assert (
        f"signature: valid, key: TRUSTED (fingerprint {fingerprint}, from this data dir" in output
    )
    assert "Expected SHA-256 from export #" in output  # looked up in the Export row


def test_edited_and_resigned_with_a_fresh_key_is_untrusted(
    signed: Exported, tmp_path: Path
) -> None:
    with zipfile.ZipFile(signed.path) as zf:
        html = zf.read("report/report.html").replace(b"deepseller", b"someone-else")
    forger = load_or_create_key(tmp_path / "forger-keys")
    forged = resign(signed.path, tmp_path / "forged.wacz", {"report/report.html": html}, forger)
    report = verify_file(forged, trusted=trusted_keys(signed.case.cfg.keys_dir))
    assert report.ok and report.signature_valid  # consistent in itself...
    assert report.key_source is None and report.exit_code == 3  # ...but not by our key
    code, output = run(signed.case, "verify", str(forged))
    assert code == 3, output
    assert f"key: UNTRUSTED (fingerprint {forger.fingerprint})" in output
    assert "VERDICT: UNTRUSTED" in output and "mimamori keys trust" in output


def test_key_option_right_and_wrong(signed: Exported, tmp_path: Path) -> None:
    right = tmp_path / "right.pem"
    code, _ = run(signed.case, "key", "export", "--out", str(right))
    assert code == 0
    wrong = tmp_path / "wrong.pem"
    wrong.write_text(load_or_create_key(tmp_path / "other").public_pem)
    code, output = run(signed.case, "verify", str(signed.path), "--key", str(right))
    assert code == 0 and f"from --key {right}" in output, output
    code, output = run(signed.case, "verify", str(signed.path), "--key", str(wrong))
    assert code == 1 and "signed by a different key than the one you gave" in output


def test_trust_store_add_list_remove(signed: Exported, tmp_path: Path) -> None:
    """A partner's bundle verifies as trusted only while their key is pinned."""
    partner = build_case(tmp_path / "partner")
    theirs = export_case(partner, tmp_path / "partner.wacz", pdf=False)
    pem = tmp_path / "partner.pem"
    pem.write_text(load_or_create_key(partner.cfg.keys_dir).public_pem)
    fingerprint = load_or_create_key(partner.cfg.keys_dir).fingerprint
    ours = signed.case
    assert run(ours, "verify", str(theirs.path))[0] == 3
    code, output = run(ours, "keys", "trust", str(pem), "--label", "partner NGO")
    assert code == 0 and fingerprint in output
    code, listed = run(ours, "keys", "list")
    assert f"{fingerprint}  trust store: partner NGO" in listed
    assert "this data dir's signing key" in listed
    code, output = run(ours, "verify", str(theirs.path))
    assert code == 0 and "from trust store: partner NGO" in output, output
    code, output = run(ours, "keys", "untrust", fingerprint.lower())
    assert code == 0, output
    assert run(ours, "verify", str(theirs.path))[0] == 3
    assert run(ours, "keys", "untrust", fingerprint)[0] == 1  # already gone
    private = ours.cfg.keys_dir / "export-signing-key-p384.pem"
    code, output = run(ours, "keys", "trust", str(private))
    assert code == 1 and "private key" in output


def test_reordered_bundle_is_caught_by_the_recorded_sha256(
    signed: Exported, tmp_path: Path
) -> None:
    original = sha256_of(signed.path)
    moved = tmp_path / "elsewhere" / signed.path.name
    moved.parent.mkdir()
    repack(signed.path, moved, {}, reverse=True)
    assert sha256_of(moved) != original
    assert verify_file(moved).ok  # every file and the signature still hold...
    report = verify_file(moved, expected_sha256=original)
    assert report.failed_paths == ["(whole file)"]  # ...but it is not the exported file
    code, output = run(signed.case, "verify", str(moved), "--sha256", original)
    assert code == 1 and "FAIL (whole file)" in output
    # Same name as an export of this data dir: the recorded digest is used unasked.
    code, output = run(signed.case, "verify", str(moved))
    assert code == 1 and f"Expected SHA-256 from export #{signed.result.export_id}" in output
    copy = tmp_path / "copy" / signed.path.name
    copy.parent.mkdir()
    shutil.copy(signed.path, copy)
    assert run(signed.case, "verify", str(copy), "--sha256", original.upper())[0] == 0


def test_an_old_p256_key_is_kept_and_its_bundles_still_verify(tmp_path: Path) -> None:
    """A data dir from before P-384: its key stays, a P-384 key signs from now on."""
    keys = tmp_path / "data" / "keys"
    keys.mkdir(parents=True)
    old = ec.generate_private_key(ec.SECP256R1())
    old_file = keys / "export-signing-key.pem"
    old_pem = old.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    old_file.write_bytes(old_pem)
    case = build_case(tmp_path / "data")
    exported = export_case(case, tmp_path / "new.wacz", pdf=False)
    new_key = load_or_create_key(keys)
    assert new_key.private_key.curve.name == "secp384r1"
    assert old_file.read_bytes() == old_pem
    assert exported.result.signer_fingerprint == new_key.fingerprint
    # A bundle in the earlier format (P-256, DER, over hash and time) still verifies as ours.
    legacy = _legacy_signed(exported.path, tmp_path / "old.wacz", old)
    report = verify_file(legacy, trusted=trusted_keys(keys))
    assert report.trusted, report.problems
    assert report.key_source == "this data dir's signing key export-signing-key.pem"
    code, output = run(case, "keys", "list")
    assert code == 0 and output.count("this data dir's signing key") == 2


def _legacy_signed(src: Path, dst: Path, key: ec.EllipticCurvePrivateKey) -> Path:
    digest = digest_of(src)
    data = digest["signedData"]
    message = {"created": data["created"], "hash": data["hash"], "version": "mimamori-sign-1"}
    payload = json.dumps(message, sort_keys=True, separators=(",", ":")).encode()
    public = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    data.update(
        version="mimamori-sign-1",
        signature=base64.b64encode(key.sign(payload, ec.ECDSA(hashes.SHA256()))).decode(),
        publicKey=base64.b64encode(public).decode(),
    )
    return repack(src, dst, {"datapackage-digest.json": json.dumps(digest).encode()})
