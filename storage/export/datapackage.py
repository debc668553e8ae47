"""Step 4: datapackage.json (every file's SHA-256 and size) and the signed digest."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from storage.export.signing import SigningKey
from storage.export.zipwriter import Resource

# The version string py-wacz's validator accepts for WACZ 1.1.
WACZ_VERSION = "1.1.1"


def datapackage_bytes(
    resources: list[Resource], *, created: str, title: str, description: str, software: str
) -> bytes:
    package: dict[str, Any] = {
        "profile": "data-package",
        "wacz_version": WACZ_VERSION,
        "title": title,
        "description": description,
        "created": created,
        "software": software,
        "resources": [r.as_datapackage() for r in resources],
    }
    return json.dumps(package, indent=2, ensure_ascii=False).encode("utf-8")


def digest_bytes(datapackage: bytes, *, created: str, key: SigningKey, software: str) -> bytes:
    hash_value = "sha256:" + hashlib.sha256(datapackage).hexdigest()
    digest = {
        "path": "datapackage.json",
        "hash": hash_value,
        "signedData": key.signed_data(hash_value, created, software),
    }
    return json.dumps(digest, indent=2).encode("utf-8")
