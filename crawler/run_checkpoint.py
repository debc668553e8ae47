"""The end of a run: sign both chain heads with the instance key (storage.checkpoints).

A crawl engine component of its own (docs/architecture.md, "Crawl engine") because it
reaches the export package's signing key, which the storage layer's checkpoint code
must not import.
"""

from __future__ import annotations

import logging

from crawler.runtime import RunState
from storage.checkpoints import record_checkpoint, signer_from_key
from storage.export.signing import load_or_create_key
from storage.timestamps.checkpoint_time import CheckpointTimestamper

logger = logging.getLogger(__name__)


def checkpoint_run(state: RunState) -> None:
    """Call after the run's writes are committed and its WARC files closed. With a
    timestamp authority configured, the checkpoint carries its trusted time.

    A failure is logged, not raised: the run's evidence is already stored, and the next
    run's checkpoint covers it; `mimamori verify --store` shows which rows no checkpoint holds.
    """
    timestamper = CheckpointTimestamper(state.cfg) if state.cfg.tsa_urls else None
    try:
        key = load_or_create_key(state.cfg.keys_dir)
        row = record_checkpoint(
            state.database,
            state.cfg.warc_dir,
            signer=signer_from_key(key),
            run_id=state.run_id,
            warc_files=list(state.recorder.warc.files),
            timestamper=timestamper,
        )
        if timestamper is not None:
            timestamper.record(state.database)
    except Exception:
        logger.exception("run %s: the chain checkpoint could not be written", state.run_id)
        return
    logger.info(
        "run %s: chain checkpoint %s signed (%s captures, head %s)",
        state.run_id,
        row.seq,
        row.capture_count,
        (row.capture_head or "-")[:16],
    )
