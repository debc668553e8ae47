"""Where a mimamori installation keeps its data (the data dir and the database URL), and
which RFC 3161 timestamp authorities it asks and trusts (docs/evidence.md, "Trusted time")."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATA_DIR = "./mimamori-data"
# Whitespace- or comma-separated authority URLs, asked in order; every one that answers
# gives a token, so two authorities keep the time provable if one later loses trust.
TSA_URLS_ENV = "MIMAMORI_TSA_URLS"
# PEM files (os.pathsep-separated) holding the authorities' root certificates we trust.
TSA_CERTS_ENV = "MIMAMORI_TSA_CERTS"


def _split_urls(value: str | None) -> tuple[str, ...]:
    return tuple(part for part in re.split(r"[\s,]+", value or "") if part)


def _split_paths(value: str | None) -> tuple[Path, ...]:
    return tuple(Path(p).expanduser() for p in (value or "").split(os.pathsep) if p)


# -- operator: who runs this installation, as every WARC's warcinfo `operator` names them --
OPERATOR_ENV = "MIMAMORI_OPERATOR"
TRUSTED_PROXIES_ENV = "MIMAMORI_TRUSTED_PROXIES"
OPERATOR_NOT_CONFIGURED = f"not configured (set {OPERATOR_ENV})"


def operator_from_env() -> str:
    """The operator named in MIMAMORI_OPERATOR, or an honest placeholder."""
    return os.environ.get(OPERATOR_ENV, "").strip() or OPERATOR_NOT_CONFIGURED


# -- organisation: who answers for the evidence, named in every exported report --
ORG_NAME_ENV = "MIMAMORI_ORG_NAME"
ORG_CONTACT_ENV = "MIMAMORI_ORG_CONTACT"


def org_name_from_env() -> str:
    """The organisation responsible for the reports (empty: the report says so)."""
    return os.environ.get(ORG_NAME_ENV, "").strip()


def org_contact_from_env() -> str:
    """How a recipient reaches that organisation: address, phone or e-mail (may be empty)."""
    return os.environ.get(ORG_CONTACT_ENV, "").strip()


@dataclass(frozen=True)
class AppConfig:
    """Resolved locations. Every command and component receives one of these."""

    data_dir: Path
    db_url: str
    # Trusted time: empty means no authority is asked and verify says "local clock only".
    tsa_urls: tuple[str, ...] = ()
    tsa_cert_files: tuple[Path, ...] = ()
    operator: str = field(default_factory=operator_from_env)
    # The review app reads X-Forwarded-For only from these addresses or networks.
    trusted_proxies: tuple[str, ...] = ()
    org_name: str = field(default_factory=org_name_from_env)
    org_contact: str = field(default_factory=org_contact_from_env)

    @classmethod
    def resolve(
        cls, data_dir: str | os.PathLike[str] | None = None, db_url: str | None = None
    ) -> AppConfig:
        root = (
            Path(data_dir or os.environ.get("MIMAMORI_DATA_DIR") or DEFAULT_DATA_DIR)
            .expanduser()
            .resolve()
        )
        url = db_url or os.environ.get("MIMAMORI_DB") or f"sqlite:///{root / 'mimamori.sqlite3'}"
        return cls(
            data_dir=root,
            db_url=url,
            tsa_urls=_split_urls(os.environ.get(TSA_URLS_ENV)),
            tsa_cert_files=_split_paths(os.environ.get(TSA_CERTS_ENV)),
            trusted_proxies=_split_urls(os.environ.get(TRUSTED_PROXIES_ENV)),
        )

    @property
    def warc_dir(self) -> Path:
        return self.data_dir / "warc"

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def jobs_dir(self) -> Path:
        return self.data_dir / "jobs"

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"

    @property
    def profiles_dir(self) -> Path:
        """Site profiles an operator added (the review app's admin page writes here)."""
        return self.data_dir / "profiles"

    @property
    def timestamps_dir(self) -> Path:
        """Timestamp tokens as files operators can copy; `trusted/*.pem` adds trusted roots."""
        return self.data_dir / "timestamps"

    @property
    def exports_dir(self) -> Path:
        return self.data_dir / "exports"

    @property
    def alerts_file(self) -> Path:
        """Who gets the digest after each scheduled run (docs/alerts.md). It names
        environment variables for secrets and never holds one itself."""
        return self.data_dir / "alerts.toml"

    def ensure_dirs(self) -> None:
        for path in (self.data_dir, self.warc_dir, self.blob_dir, self.jobs_dir):
            path.mkdir(parents=True, exist_ok=True)
