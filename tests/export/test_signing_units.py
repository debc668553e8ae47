"""Fast checks of signing, key trust and the verdict lines (no bundle, no subprocess)."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from storage.export.datapackage import digest_bytes
from storage.export.signing import SigningKey, load_or_create_key
from storage.verify import standalone, trust
from storage.verify.standalone import Problem, VerifyReport, format_report


@pytest.fixture
def key(tmp_path: Path) -> SigningKey:
    return load_or_create_key(tmp_path / "keys")


def test_signature_is_raw_r_s_over_the_hash_text(key: SigningKey) -> None:
    raw = key.sign_hash("sha256:abc")
    assert len(raw) == 96
    der = encode_dss_signature(int.from_bytes(raw[:48], "big"), int.from_bytes(raw[48:], "big"))
    public = key.private_key.public_key()
    public.verify(der, b"sha256:abc", ec.ECDSA(hashes.SHA256()))


def test_digest_extension_adds_fields_beside_signed_data(key: SigningKey) -> None:
    seen: dict[str, Any] = {}

    def stamp(signed: Mapping[str, Any]) -> dict[str, Any]:
        seen.update(signed)
        return {"timestamps": [{"token": "..."}]}

    digest = json.loads(digest_bytes(b"{}", created="c", key=key, software="s", extension=stamp))
    assert digest["timestamps"] == [{"token": "..."}]
    assert set(digest["signedData"]) == {
        "hash", "created", "software", "version", "signature", "publicKey"
    }  # fmt: skip
    assert seen["signature"] == digest["signedData"]["signature"]
    with pytest.raises(ValueError, match="cannot replace"):
        digest_bytes(b"{}", created="c", key=key, software="s", extension=lambda s: {"hash": 1})


def test_stdlib_pem_reading_matches_cryptography(key: SigningKey) -> None:
    pem = key.public_pem.encode()
    assert standalone.public_key_der(pem) == trust.public_key_der(pem) == key.public_der
    assert standalone.public_key_der(key.public_der) == key.public_der
    private = key.private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with pytest.raises(ValueError, match="not a PEM public key"):
        standalone.public_key_der(private)
    with pytest.raises(ValueError, match="private key"):
        trust.public_key_der(private)


def test_trust_store_round_trip(tmp_path: Path, key: SigningKey) -> None:
    store = tmp_path / "store"
    assert trust.pinned_keys(store) == []
    pinned = trust.trust_key(store, key.public_pem.encode(), "partner")
    assert pinned.fingerprint == key.fingerprint and pinned.pem == key.public_pem
    assert [(k.der, k.source) for k in trust.pinned_keys(store)] == [
        (key.public_der, "trust store: partner")
    ]
    assert not trust.untrust_key(store, "SHA256:" + "0" * 64)
    assert trust.untrust_key(store, key.fingerprint.upper().replace("SHA256:", "sha256:"))
    assert trust.pinned_keys(store) == []


def test_a_trust_store_entry_edited_by_hand_is_refused(tmp_path: Path, key: SigningKey) -> None:
    trust.trust_key(tmp_path, key.public_pem.encode(), "partner")
    path = tmp_path / trust.TRUST_STORE_FILE
    entries = json.loads(path.read_text())
    other = load_or_create_key(tmp_path / "other").public_der
    entries[key.fingerprint]["public_key"] = base64.b64encode(other).decode()
    path.write_text(json.dumps(entries))
    with pytest.raises(ValueError, match="does not match its key"):
        trust.pinned_keys(tmp_path)


def test_own_keys_are_never_created_by_verifying(tmp_path: Path) -> None:
    assert trust.own_keys(tmp_path / "keys") == []
    assert not (tmp_path / "keys").exists()


@pytest.mark.parametrize(
    ("valid", "source", "problems", "verdict", "code"),
    [
        (True, "--key k.pem", [], "VERDICT: OK", 0),
        (True, None, [], "VERDICT: UNTRUSTED", 3),
        (None, "--key k.pem", [], "VERDICT: INCOMPLETE", 3),
        (False, None, [Problem("datapackage-digest.json", "bad")], "VERDICT: FAILED", 1),
    ],
)
def test_verdicts_and_exit_codes(
    valid: bool | None, source: str | None, problems: list[Problem], verdict: str, code: int
) -> None:
    report = VerifyReport(
        bundle="b.wacz",
        problems=problems,
        signer_fingerprint="SHA256:ab",
        signature_valid=valid,
        key_source=source,
        file_sha256="cd",
    )
    text = format_report(report)
    assert verdict in text and report.exit_code == code
    trusted = "TRUSTED (fingerprint SHA256:ab, from --key k.pem)"
    assert (trusted in text) == bool(source)
    assert ("UNTRUSTED (fingerprint SHA256:ab)" in text) == (not source)
