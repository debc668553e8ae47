"""After any export: the Export row, the flags' first export time, one audit entry, and a
signed (and, with an authority, timestamped) checkpoint that pins that entry at once."""

from __future__ import annotations

import logging

from sqlalchemy import update

from storage.checkpoints import record_checkpoint, signer_from_key
from storage.config import AppConfig
from storage.db import Database
from storage.export.request import ExportRequest, ExportResult
from storage.export.signing import SigningKey
from storage.models import AuditEntry, Export, Flag
from storage.timestamps.checkpoint_time import CheckpointTimestamper

logger = logging.getLogger(__name__)


def record_export(database: Database, request: ExportRequest, result: ExportResult) -> int:
    """The Export row and its audit entry (required for every export)."""
    with database.session(write_lock=True) as session:
        export = Export(
            user_name=request.analyst,
            path=str(result.path),
            sha256=result.sha256,
            purpose=request.purpose,
            account_ids=result.account_ids,
        )
        session.add(export)
        session.flush()
        # First export of an account's flag: takedown tracking starts watching from here.
        session.execute(
            update(Flag)
            .where(Flag.account_id.in_(result.account_ids), Flag.exported_at.is_(None))
            .values(exported_at=export.created_at)
        )
        detail = {
            "path": str(result.path),
            "sha256": result.sha256,
            "purpose": request.purpose,
            "account_ids": result.account_ids,
            "captures": result.capture_count,
            "withheld": result.withheld_count,
            "include_originals": request.include_originals,
            "signer": result.signer_fingerprint,
            "analyst": request.analyst,
            "via": request.via,
        }
        session.add(
            AuditEntry(
                user_id=request.requested_by_user_id,
                user_name=request.requested_by or request.analyst,
                action="export",
                target_type="export",
                target_id=str(export.id),
                detail=detail,
                remote_addr=request.remote_addr,
            )
        )
        return export.id


def checkpoint_custody(cfg: AppConfig, database: Database, key: SigningKey) -> None:
    """Pin the custody log right after an export instead of at the next crawl's end.

    Best effort: the bundle and its audit entry are already stored; the next checkpoint
    covers them if this one fails."""
    stamper = CheckpointTimestamper(cfg) if cfg.tsa_urls else None
    try:
        record_checkpoint(
            database,
            cfg.warc_dir,
            signer=signer_from_key(key),
            run_id=None,
            warc_files=[],
            timestamper=stamper,
        )
        if stamper is not None:
            stamper.record(database)
    except Exception:
        logger.exception("the checkpoint after an export could not be written")
