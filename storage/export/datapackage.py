"""Step 4: datapackage.json (every file's SHA-256 and size) and the signed digest."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any

from storage.export.signing import SigningKey
from storage.export.zipwriter import Resource

# The version string py-wacz's validator accepts for WACZ 1.1.
WACZ_VERSION = "1.1.1"
# datapackage-digest.json's own fields; an extension may add others beside them.
DIGEST_FIELDS = ("path", "hash", "signedData")

# Given the finished signedData, returns more top-level fields for datapackage-digest.json
# (for example a trusted timestamp over the signature). signedData itself must hold only
# the spec's anonymous fields, so additions go beside it, never inside.
DigestExtension = Callable[[Mapping[str, Any]], Mapping[str, Any]]


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


def digest_bytes(
    datapackage: bytes,
    *,
    created: str,
    key: SigningKey,
    software: str,
    extension: DigestExtension | None = None,
) -> bytes:
    hash_value = "sha256:" + hashlib.sha256(datapackage).hexdigest()
    signed = key.signed_data(hash_value, created, software)
    digest: dict[str, Any] = {"path": "datapackage.json", "hash": hash_value, "signedData": signed}
    if extension is not None:
        extra = dict(extension(signed))
        clash = set(extra) & set(DIGEST_FIELDS)
        if clash:
            raise ValueError(f"a digest extension cannot replace {sorted(clash)}")
        digest.update(extra)
    return json.dumps(digest, indent=2).encode("utf-8")
