"""Trusted time for the store's signed checkpoints (storage.checkpoints).

A checkpoint's token is over `sha256:<SHA-256 of its signed statement>` and is kept inside
the checkpoint itself (its `timestamp`), so every copy of chain-checkpoints.jsonl an
operator keeps elsewhere carries it; the answers are also recorded as `timestamp_tokens`
rows of kind "checkpoint" like every other token (docs/evidence.md, "Trusted time").
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from cryptography import x509

from storage.config import AppConfig
from storage.db import Database
from storage.timestamps.store import (
    CLOCK_TOLERANCE,
    FAILED,
    StoredToken,
    record_tokens,
    request_tokens,
)
from storage.timestamps.verify import TimestampRefused, verify_token


class CheckpointTimestamper:
    """The `Timestamper` record_checkpoint calls; `record` stores the answers afterwards."""

    def __init__(self, cfg: AppConfig) -> None:
        self.cfg = cfg
        self.answers: list[StoredToken] = []

    def __call__(self, message: bytes) -> dict[str, Any] | None:
        digest = hashlib.sha256(message).hexdigest()
        seq = json.loads(message).get("seq")
        answers = request_tokens(self.cfg, "checkpoint", f"checkpoint {seq}", digest)
        self.answers = answers  # only the statement that was stored (a retry asks again)
        tokens = [
            {
                "authority": answer.authority_url,
                "genTime": answer.gen_time.isoformat() if answer.gen_time else None,
                "token": base64.b64encode(answer.token).decode("ascii"),
            }
            for answer in answers
            if answer.token is not None and answer.status != FAILED
        ]
        return {"statement_sha256": digest, "tokens": tokens} if tokens else None

    def record(self, database: Database) -> None:
        record_tokens(database, self.answers)


def checkpoint_time_check(
    roots: list[x509.Certificate],
) -> Callable[[bytes, dict[str, Any]], str | None]:
    """The `check_timestamp` of CheckpointOptions: every token over this statement, from a
    trusted authority, within CLOCK_TOLERANCE of the statement's `created`."""

    def check(message: bytes, timestamp: dict[str, Any]) -> str | None:
        digest = hashlib.sha256(message).hexdigest()
        created = datetime.fromisoformat(json.loads(message)["created"])
        tokens = timestamp.get("tokens") if isinstance(timestamp, dict) else None
        if not tokens:
            return "the checkpoint's timestamp holds no token"
        for entry in tokens:
            try:
                verify_token(
                    base64.b64decode(entry["token"]),
                    digest,
                    roots,
                    not_before=created - CLOCK_TOLERANCE,
                    not_after=created + CLOCK_TOLERANCE,
                )
            except TimestampRefused as exc:
                return f"token from {entry.get('authority')} refused - {exc}"
            except (KeyError, TypeError, ValueError) as exc:
                return f"token from {entry.get('authority')} cannot be read ({exc})"
        return None

    return check
