"""Trusted time for a bundle: RFC 3161 tokens over the signed hash, and the authorities' roots.

The tokens are over the digest's `hash` text, the same text the WACZ signature covers,
so they date the signature with someone else's clock. They sit beside `signedData` in
datapackage-digest.json (the spec's signed fields stay exactly the anonymous form); the
authorities' root certificates are a listed file, `timestamps/authorities.pem`, so they
are covered by the signature (docs/evidence.md, "Trusted time").
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from storage.config import AppConfig
from storage.db import Database
from storage.timestamps import (
    StoredToken,
    authority_certificates_pem,
    record_tokens,
    request_tokens,
)
from storage.verify.standalone_time import AUTHORITIES_PATH, TOKENS_FIELD


def authority_files(cfg: AppConfig) -> list[tuple[str, bytes]]:
    """The roots a verifier needs to check the tokens; none when no authority is trusted."""
    pem = authority_certificates_pem(cfg)
    return [(AUTHORITIES_PATH, pem)] if pem else []


@dataclass
class BundleTimestamps:
    """The digest extension that asks for tokens, and the answers to record after export."""

    cfg: AppConfig
    subject: str
    answers: list[StoredToken] = field(default_factory=list)

    def __call__(self, signed: Mapping[str, Any]) -> Mapping[str, Any]:
        self.answers = request_tokens(self.cfg, "export", self.subject, str(signed["hash"]))
        tokens = [
            {
                "authority": answer.authority_url,
                "genTime": answer.gen_time.strftime("%Y-%m-%dT%H:%M:%SZ")
                if answer.gen_time
                else None,
                "token": base64.b64encode(answer.token).decode("ascii"),
            }
            for answer in self.answers
            if answer.token is not None and answer.status != "failed"
        ]
        return {TOKENS_FIELD: tokens} if tokens else {}

    def record(self, database: Database) -> None:
        record_tokens(database, self.answers)
