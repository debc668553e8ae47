"""The authority root certificates this installation trusts (docs/evidence.md, "Trusted time").

From the files named in the config (MIMAMORI_TSA_CERTS) and any `*.pem` an operator put
in `<data dir>/timestamps/trusted/`. A token counts only if its signer chains to one.
"""

from __future__ import annotations

from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from storage.config import AppConfig


def trusted_dir(cfg: AppConfig) -> Path:
    return cfg.timestamps_dir / "trusted"


def trusted_cert_files(cfg: AppConfig) -> list[Path]:
    folder = trusted_dir(cfg)
    extra = sorted(folder.glob("*.pem")) if folder.is_dir() else []
    return [*cfg.tsa_cert_files, *extra]


def load_certificates(path: Path) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(Path(path).read_bytes())


def trusted_roots(cfg: AppConfig) -> list[x509.Certificate]:
    roots: list[x509.Certificate] = []
    for path in trusted_cert_files(cfg):
        for cert in load_certificates(path):
            if cert not in roots:
                roots.append(cert)
    return roots


def authority_certificates_pem(cfg: AppConfig) -> bytes:
    """The trusted roots as one PEM file, for a bundle to carry beside its tokens."""
    return b"".join(cert.public_bytes(Encoding.PEM) for cert in trusted_roots(cfg))
