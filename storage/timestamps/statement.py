"""What a token is over: the text `sha256:<hex>` of the evidence's SHA-256.

rfc3161-client hashes the message it is given, so the token's message imprint is the
SHA-256 of this short text, the same form a WACZ `hash` field takes. Anyone can rebuild
it with `printf 'sha256:%s' HEX` and check the token with `openssl ts -verify -data`
(docs/evidence.md, "Trusted time").
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

_HEX64 = re.compile(r"[0-9a-f]{64}")


def normalise_digest(digest: str) -> str:
    """A SHA-256 as 64 lowercase hex digits; accepts a `sha256:` prefix."""
    value = digest.strip().lower().removeprefix("sha256:")
    if not _HEX64.fullmatch(value):
        raise ValueError(f"not a SHA-256 hex digest: {digest!r}")
    return value


def statement(digest: str) -> bytes:
    return f"sha256:{normalise_digest(digest)}".encode("ascii")


def statement_imprint(digest: str) -> bytes:
    """The message imprint a token over `digest` must carry."""
    return hashlib.sha256(statement(digest)).digest()


def file_sha256(path: Path, chunk: int = 1 << 20) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            sha.update(block)
    return sha.hexdigest()
