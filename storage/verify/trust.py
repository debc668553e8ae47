"""Which signing keys a verifier trusts: never the one inside the bundle.

A bundle carries its signer's public key so that anyone can check the signature, but a
forger who edits a bundle simply re-signs it with a key of their own. So `mimamori verify`
trusts only keys that reached it another way (docs/architecture.md, "Export formats"):

* the key file given with `--key`,
* keys pinned in the data dir's trust store (`mimamori keys trust FILE`), and
* the data dir's own signing keys (this installation signed the bundle itself).

The trust store is one JSON file in the keys dir, rewritten atomically; it holds public
keys only.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from storage.verify.standalone import key_fingerprint

# The data dir's signing keys. P-384 signs every new bundle (the WACZ anonymous signature
# ReplayWeb.page checks); the P-256 key of earlier versions is kept, never rewritten, so
# the bundles it signed still verify as this installation's own.
SIGNING_KEY_FILE = "export-signing-key-p384.pem"
LEGACY_SIGNING_KEY_FILE = "export-signing-key.pem"
TRUST_STORE_FILE = "trusted-keys.json"


@dataclass(frozen=True)
class TrustedKey:
    """A public key (SubjectPublicKeyInfo DER) and where the trust in it comes from."""

    der: bytes
    source: str

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.der)

    @property
    def pem(self) -> str:
        body = base64.encodebytes(self.der).decode("ascii").replace("\n", "")
        lines = [body[i : i + 64] for i in range(0, len(body), 64)]
        return "-----BEGIN PUBLIC KEY-----\n" + "\n".join(lines) + "\n-----END PUBLIC KEY-----\n"


def public_key_der(data: bytes) -> bytes:
    """The SPKI DER of a public key given as PEM or DER; a private key file is refused."""
    pem = data.lstrip().startswith(b"-----")
    if b"PRIVATE KEY" in data:
        raise ValueError("this is a private key; give the public key (mimamori key export)")
    load = serialization.load_pem_public_key if pem else serialization.load_der_public_key
    key = load(data)
    return key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def key_from_file(path: Path) -> TrustedKey:
    return TrustedKey(public_key_der(Path(path).read_bytes()), f"--key {path}")


def own_keys(keys_dir: Path) -> list[TrustedKey]:
    """The public halves of this data dir's signing keys that exist (none are created)."""
    found = []
    for name in (SIGNING_KEY_FILE, LEGACY_SIGNING_KEY_FILE):
        path = Path(keys_dir) / name
        if path.exists():
            private = serialization.load_pem_private_key(path.read_bytes(), password=None)
            der = private.public_key().public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            found.append(TrustedKey(der, f"this data dir's signing key {path.name}"))
    return found


def _store_path(keys_dir: Path) -> Path:
    return Path(keys_dir) / TRUST_STORE_FILE


def _read_store(keys_dir: Path) -> dict[str, dict[str, str]]:
    path = _store_path(keys_dir)
    if not path.exists():
        return {}
    entries = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(entries, dict):
        raise ValueError(f"{path} is not a trust store (expected a JSON object)")
    return entries


def _write_store(keys_dir: Path, entries: dict[str, dict[str, str]]) -> None:
    path = _store_path(keys_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(entries, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(partial, path)


def pinned_keys(keys_dir: Path) -> list[TrustedKey]:
    """The keys pinned in the trust store, each named by the label given when pinned."""
    keys = []
    for fingerprint, entry in sorted(_read_store(keys_dir).items()):
        der = base64.b64decode(entry["public_key"])
        if key_fingerprint(der) != fingerprint:
            raise ValueError(f"trust store entry {fingerprint} does not match its key")
        keys.append(TrustedKey(der, f"trust store: {entry.get('label') or fingerprint}"))
    return keys


def trust_key(keys_dir: Path, key_data: bytes, label: str) -> TrustedKey:
    """Pin a public key (PEM or DER); pinning the same key again updates its label."""
    der = public_key_der(key_data)
    key = TrustedKey(der, f"trust store: {label}")
    entries = _read_store(keys_dir)
    entries[key.fingerprint] = {
        "label": label,
        "public_key": base64.b64encode(der).decode("ascii"),
        "added": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    _write_store(keys_dir, entries)
    return key


def untrust_key(keys_dir: Path, fingerprint: str) -> bool:
    """Remove a pinned key by its fingerprint (with or without the "SHA256:" prefix)."""
    hex_digest = fingerprint.strip()
    if hex_digest.lower().startswith("sha256:"):
        hex_digest = hex_digest[len("sha256:") :]
    entries = _read_store(keys_dir)
    if entries.pop("SHA256:" + hex_digest.lower(), None) is None:
        return False
    _write_store(keys_dir, entries)
    return True


def trusted_keys(keys_dir: Path) -> list[TrustedKey]:
    """Every key this data dir trusts without being told: its own, then the pinned ones."""
    return own_keys(keys_dir) + pinned_keys(keys_dir)
