"""Timestamping a digest with every configured authority, and keeping what they answer.

Each answer becomes a `timestamp_tokens` row and, when there is a token, a file
`<data dir>/timestamps/<digest>/<authority>-<time>.tsr` beside `statement.txt` (the
exact bytes the token covers), so an operator can copy them and check them with
`openssl ts -verify` (docs/evidence.md, "Trusted time"). An authority that is down or
answers badly is logged and recorded as a failed row; it never raises to the caller.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from storage.config import AppConfig
from storage.db import Database
from storage.models import TimestampToken
from storage.timestamps.client import AuthorityUnavailable, request_token
from storage.timestamps.statement import normalise_digest, statement
from storage.timestamps.trust import trusted_roots
from storage.timestamps.verify import TimestampRefused, decode, gen_time_of, verify_token

logger = logging.getLogger(__name__)

SUBJECT_KINDS = ("warc_file", "chain_head", "checkpoint", "export")
# How far an authority's clock may be from ours when its token arrives (and when
# `verify --store` checks it again): a larger gap means a wrong clock or a swapped token.
CLOCK_TOLERANCE = timedelta(minutes=10)

GRANTED, UNVERIFIED, FAILED = "granted", "unverified", "failed"


@dataclass(frozen=True)
class StoredToken:
    kind: str
    subject: str
    digest: str
    authority_url: str
    status: str
    token: bytes | None
    gen_time: datetime | None
    token_file: Path | None
    error: str | None

    @property
    def ok(self) -> bool:
        """A token that verified against a trusted authority when it arrived."""
        return self.status == GRANTED


def authority_slug(url: str) -> str:
    parts = urlsplit(url)
    return re.sub(r"[^A-Za-z0-9]+", "-", f"{parts.netloc}{parts.path}").strip("-") or "authority"


def token_dir(cfg: AppConfig, digest: str) -> Path:
    return cfg.timestamps_dir / normalise_digest(digest)


def _write_files(cfg: AppConfig, digest: str, url: str, token: bytes, when: datetime) -> Path:
    folder = token_dir(cfg, digest)
    folder.mkdir(parents=True, exist_ok=True)
    statement_file = folder / "statement.txt"
    if not statement_file.exists():
        statement_file.write_bytes(statement(digest))
    stem = f"{authority_slug(url)}-{when.strftime('%Y%m%dT%H%M%SZ')}"
    path = folder / f"{stem}.tsr"
    counter = 1
    while path.exists():  # never overwrite a token already given to an operator
        counter += 1
        path = folder / f"{stem}-{counter}.tsr"
    path.write_bytes(token)
    return path


def _ask(cfg: AppConfig, url: str, kind: str, subject: str, digest: str) -> StoredToken:
    asked_at = datetime.now(UTC)

    def failed(error: str, token: bytes | None = None) -> StoredToken:
        logger.warning("no trusted timestamp for %s %s from %s: %s", kind, subject, url, error)
        return StoredToken(kind, subject, digest, url, FAILED, token, None, None, error)

    try:
        reply = request_token(url, digest)
    except AuthorityUnavailable as exc:
        return failed(f"authority unavailable: {exc}")
    roots = trusted_roots(cfg)
    try:
        if roots:
            when = verify_token(
                reply.token,
                digest,
                roots,
                nonce=reply.nonce,
                not_before=asked_at - CLOCK_TOLERANCE,
                not_after=datetime.now(UTC) + CLOCK_TOLERANCE,
            ).gen_time
        else:
            when = gen_time_of(decode(reply.token))
    except TimestampRefused as exc:
        return failed(f"refused: {exc}", reply.token)
    status = GRANTED if roots else UNVERIFIED
    path = _write_files(cfg, digest, url, reply.token, when)
    return StoredToken(kind, subject, digest, url, status, reply.token, when, path, None)


def record_tokens(database: Database, tokens: list[StoredToken]) -> None:
    """Store answers from `request_tokens` (kept apart so a caller inside a transaction
    can ask first and record after its commit)."""
    if not tokens:
        return
    with database.session() as session:
        for item in tokens:
            session.add(
                TimestampToken(
                    subject_kind=item.kind,
                    subject=item.subject[:512],
                    digest=item.digest,
                    authority_url=item.authority_url,
                    status=item.status,
                    token=item.token,
                    gen_time=item.gen_time,
                    token_file=str(item.token_file) if item.token_file else None,
                    error=item.error,
                )
            )


def request_tokens(cfg: AppConfig, kind: str, subject: str, digest: str) -> list[StoredToken]:
    """Ask every configured authority for a token over `digest` and write the token files;
    [] when no authority is configured. An authority's failure comes back as "failed"."""
    if kind not in SUBJECT_KINDS:
        raise ValueError(f"unknown timestamp subject kind {kind!r}; one of {SUBJECT_KINDS}")
    if not cfg.tsa_urls:
        return []
    digest = normalise_digest(digest)
    return [_ask(cfg, url, kind, subject, digest) for url in cfg.tsa_urls]


def timestamp_digest(
    cfg: AppConfig, database: Database, kind: str, subject: str, digest: str
) -> list[StoredToken]:
    """Ask every configured authority for a token over `digest`; store and return the answers.

    Returns [] when no authority is configured. Never raises for an authority's failure:
    those come back (and are stored) with status "failed" and the reason in `error`.
    """
    tokens = request_tokens(cfg, kind, subject, digest)
    try:
        record_tokens(database, tokens)
    except Exception:  # the files are written; a crawl must not fail over this row
        logger.exception("could not record timestamp tokens for %s %s", kind, subject)
    return tokens
