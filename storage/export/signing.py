"""The export signing key: created on first use in the data dir, ECDSA P-256.

P-256 is the curve the WACZ signing spec uses for anonymous signing, so the
`signedData` block looks like what web-archive tools expect.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from storage.verify.standalone import SIGNED_DATA_VERSION, key_fingerprint, signed_message

KEY_FILE = "export-signing-key.pem"


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

    def signed_data(self, hash_value: str, created: str, software: str) -> dict[str, Any]:
        signature = self.private_key.sign(
            signed_message(hash_value, created), ec.ECDSA(hashes.SHA256())
        )
        return {
            "hash": hash_value,
            "created": created,
            "software": software,
            "version": SIGNED_DATA_VERSION,
            "signature": base64.b64encode(signature).decode("ascii"),
            "publicKey": base64.b64encode(self.public_der).decode("ascii"),
            "keyFingerprint": self.fingerprint,
        }


def load_or_create_key(keys_dir: Path) -> SigningKey:
    """The data dir's signing key; made (mode 0600) the first time it is needed."""
    path = Path(keys_dir) / KEY_FILE
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError(f"{path} is not an ECDSA key; move it away to create a new one")
        return SigningKey(key, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    key = ec.generate_private_key(ec.SECP256R1())
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
