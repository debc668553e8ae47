"""What the crawl engine timestamps when a run ends: each WARC file it wrote (all closed
by then) and the capture chain head (docs/architecture.md, "Capture").

Best effort by design: nothing here may fail a crawl, so every error is logged.
"""

from __future__ import annotations

import logging
from pathlib import Path

from storage.chain import chain_head
from storage.config import AppConfig
from storage.db import Database
from storage.timestamps.statement import file_sha256
from storage.timestamps.store import StoredToken, timestamp_digest

logger = logging.getLogger(__name__)


def timestamp_run_end(
    cfg: AppConfig, database: Database, *, run_id: int, warc_files: list[str]
) -> list[StoredToken]:
    """Timestamp the run's closed WARC files and the chain head; [] with no authority."""
    if not cfg.tsa_urls:
        return []
    tokens: list[StoredToken] = []
    try:
        for name in warc_files:
            path = Path(cfg.warc_dir) / name
            if path.is_file():
                tokens += timestamp_digest(cfg, database, "warc_file", name, file_sha256(path))
        with database.session() as session:
            head = chain_head(session)
        if head:
            tokens += timestamp_digest(cfg, database, "chain_head", f"run {run_id}", head)
    except Exception:
        logger.exception("timestamping the end of run %s failed; the crawl is unaffected", run_id)
    granted = sum(token.ok for token in tokens)
    logger.info("run %s: %d of %d timestamp requests granted", run_id, granted, len(tokens))
    return tokens
