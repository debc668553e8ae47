"""What the crawl engine timestamps: each WARC file once it is closed (at rotation, at the
end of the run, or, for a run that was killed, when the next run repairs it) and the
capture chain head when a run ends (docs/architecture.md, "Capture").

Best effort by design: nothing here may fail a crawl, so every error is logged.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import select

from storage.chain import chain_head
from storage.config import AppConfig
from storage.db import Database
from storage.models import TimestampToken
from storage.timestamps.statement import file_sha256
from storage.timestamps.store import FAILED, StoredToken, timestamp_digest

logger = logging.getLogger(__name__)


def _already_stamped(database: Database, name: str, digest: str) -> bool:
    query = select(TimestampToken.id).where(
        TimestampToken.subject_kind == "warc_file",
        TimestampToken.subject == name,
        TimestampToken.digest == digest,
        TimestampToken.status != FAILED,
    )
    with database.session() as session:
        return session.scalar(query.limit(1)) is not None


def timestamp_warc_files(cfg: AppConfig, database: Database, names: list[str]) -> list[StoredToken]:
    """Timestamp closed WARC files not yet timestamped as they are now; [] with no authority."""
    if not cfg.tsa_urls:
        return []
    tokens: list[StoredToken] = []
    for name in names:
        path = Path(cfg.warc_dir) / name
        try:
            if not path.is_file():
                continue
            digest = file_sha256(path)
            if not _already_stamped(database, name, digest):
                tokens += timestamp_digest(cfg, database, "warc_file", name, digest)
        except Exception:
            logger.exception("timestamping WARC file %s failed; the crawl is unaffected", name)
    return tokens


def timestamp_run_end(
    cfg: AppConfig, database: Database, *, run_id: int, warc_files: list[str]
) -> list[StoredToken]:
    """Timestamp the run's WARC files not yet done and the chain head; [] with no authority."""
    if not cfg.tsa_urls:
        return []
    tokens = timestamp_warc_files(cfg, database, warc_files)
    try:
        with database.session() as session:
            head = chain_head(session)
        if head:
            tokens += timestamp_digest(cfg, database, "chain_head", f"run {run_id}", head)
    except Exception:
        logger.exception("timestamping the end of run %s failed; the crawl is unaffected", run_id)
    granted = sum(token.ok for token in tokens)
    logger.info("run %s: %d of %d timestamp requests granted", run_id, granted, len(tokens))
    return tokens
