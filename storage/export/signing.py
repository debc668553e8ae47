"""The export signing key: created on first use in the data dir, ECDSA P-384.

The signature is the WACZ Signing and Verification spec's anonymous form, exactly as
ReplayWeb.page (wabac.js) checks it: ECDSA P-384 with SHA-256 over the UTF-8 text of the
`hash` field, the signature as raw r||s (what WebCrypto produces), the public key as
SubjectPublicKeyInfo, both base64. The `created` time is covered through datapackage.json,
whose hash is signed and which carries the same `created`.

An older data dir may hold the P-256 key earlier versions signed with
(storage.verify.trust.LEGACY_SIGNING_KEY_FILE). It is left in place, so the bundles it
signed still verify as this installation's own, and a P-384 key is made beside it.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from storage.verify.standalone import WACZ_SIGNATURE_VERSION, key_fingerprint
from storage.verify.trust import SIGNING_KEY_FILE

KEY_FILE = SIGNING_KEY_FILE
CURVE = ec.SECP384R1
_SCALAR_BYTES = 48  # P-384: r and s are 48 bytes each in the raw form


@dataclass(frozen=True)
class SigningKey:
    private_key: ec.EllipticCurvePrivateKey
    path: Path

    @property
    def public_der(self) -> bytes:
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    @property
    def public_pem(self) -> str:
        return (
            self.private_key.public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode("ascii")
        )

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.public_der)

    def sign_hash(self, hash_value: str) -> bytes:
        """Raw r||s over the hash text: the encoding WebCrypto and wabac.js verify."""
        der = self.private_key.sign(hash_value.encode("utf-8"), ec.ECDSA(hashes.SHA256()))
        r, s = decode_dss_signature(der)
        return r.to_bytes(_SCALAR_BYTES, "big") + s.to_bytes(_SCALAR_BYTES, "big")

    def signed_data(self, hash_value: str, created: str, software: str) -> dict[str, Any]:
        """The spec's anonymous SignatureData: these six fields and no others."""
        return {
            "hash": hash_value,
            "created": created,
            "software": software,
            "version": WACZ_SIGNATURE_VERSION,
            "signature": base64.b64encode(self.sign_hash(hash_value)).decode("ascii"),
            "publicKey": base64.b64encode(self.public_der).decode("ascii"),
        }


def load_or_create_key(keys_dir: Path) -> SigningKey:
    """The data dir's P-384 signing key; made (mode 0600) the first time it is needed."""
    path = Path(keys_dir) / KEY_FILE
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != CURVE.name:
            raise ValueError(f"{path} is not an ECDSA P-384 key; move it away to create one")
        return SigningKey(key, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    key = ec.generate_private_key(CURVE())
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # O_EXCL: two exports racing on first use must not overwrite each other's key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return load_or_create_key(keys_dir)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    return SigningKey(key, path)
