"""The end of a run's writes: judge every account it touched, mark what went missing on a
complete run, then link sellers (docs/architecture.md, "Store").

It runs as one operation of the run's store, after every item is written: in the store
process (crawler/store/process.py), which has judged most accounts during the crawl already
(crawler/flag/prejudge.py), or on the crawl process's writer thread (a distributed worker,
or a store process that died). `RunEnd` is plain data, so either can be told to do it; the
store process learns how from `StoreProcessJudge`, which the crawl hands it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.detect.protocol import TextDetector
from crawler.detect_runtime import RunDetector
from crawler.flag.judge import judge_accounts
from crawler.flag.judge_inputs import AccountRows, account_ids
from crawler.flag.prejudge import MIN_ACCOUNTS, PreJudge, Prejudged
from crawler.link.identifiers import platform_names
from crawler.link.run_step import link_after_run
from crawler.link.similar_finders import prepare_text_finder
from crawler.link.sources import IDENTIFIERS, identifier_texts
from crawler.store.presence import mark_missing
from storage.blobs import BlobStore
from storage.db import Database
from storage.models import Account, Platform
from storage.takedown import update_takedowns

if TYPE_CHECKING:
    from crawler.store.run_store import RunStore


@dataclass(frozen=True)
class RunEnd:
    run_id: int
    platform: str
    # (platform, account key) of every account the run extracted; None: every account the
    # store marked as seen in the run (a distributed run, whose workers each saw some).
    touched: tuple[tuple[str, str], ...] | None
    # A complete run (finished, no page limit) marks what it no longer found.
    complete: bool
    finished_at: datetime
    blob_dir: Path


def end_run(
    session: Session,
    end: RunEnd,
    detector: TextDetector,
    detector_version: str,
    prejudged: Prejudged | None = None,
) -> dict[str, Any]:
    """Judge, sweep and link; the outcome the run summary reports."""
    outcome: dict[str, Any] = {}
    ids = (
        account_ids(session, end.touched)
        if end.touched is not None
        else list(
            session.scalars(
                select(Account.id)
                .where(Account.last_seen_run_id == end.run_id)
                .order_by(Account.id)
            )
        )
    )
    outcome["judge"] = judge_accounts(
        session,
        detector,
        account_ids=ids,
        run_id=end.run_id,
        detector_version=detector_version,
        blobs=BlobStore(end.blob_dir),
        prejudged=prejudged,
    )
    if end.complete:
        outcome["missing"] = mark_missing(
            session,
            platform=end.platform,
            run_id=end.run_id,
            at=end.finished_at,
            seen_account_ids=ids,
        )
        outcome["takedowns"] = update_takedowns(
            session, platform=end.platform, run_id=end.run_id, at=end.finished_at
        )
    # After the sweep, so a takedown this run recorded counts for comebacks.
    outcome["links"] = link_after_run(session, ids, end.run_id)
    return outcome


def finish_run(store: RunStore, end: RunEnd, detection: RunDetector) -> dict[str, Any]:
    """The run's end once every write is committed: by the store process if the run has one
    (and it is alive), else on this process's writer. The outcome the run summary reports."""
    if store.process is not None:
        outcome: dict[str, Any] | None = store.process.end_run(end)
        if outcome is not None:
            return outcome
    detector, version = detection.detector, detection.version
    ended: dict[str, Any] = {}
    store.flush()
    store.submit(lambda session: ended.update(end_run(session, end, detector, version)))
    store.flush()
    return ended


class StoreProcessJudge:
    """What the store process does besides writing: judge settled accounts between batches,
    and end the run with those judgements (crawler/store/process.py calls these)."""

    def __init__(self, database: Database, data_dir: Path | None, min_accounts: int) -> None:
        self.detection = RunDetector(database, data_dir)
        self.prejudge = PreJudge(
            self.detection, min_accounts=min_accounts, on_judged=self._read_identifiers
        )
        self.database = database
        self._link_ready = False
        self._platform_names: dict[str, str] | None = None
        # Linking at the run's end extracts identifiers from every account's texts: done
        # here as each account is judged, remembered for then.
        IDENTIFIERS.enabled = True

    def touched(self, platform: str, account_key: str, run_id: int) -> None:
        self.prejudge.touched(platform, account_key, run_id)

    def work(self) -> None:
        self.prejudge.work(self.database)
        if self.prejudge.started and not self._link_ready:
            # Linking at the run's end builds MinHash indexes: datasketch (and the SciPy it
            # brings) loads here, while the crawl runs, not after its last page.
            prepare_text_finder()
            self._link_ready = True

    def _read_identifiers(self, session: Session, rows: AccountRows) -> None:
        if self._platform_names is None:
            self._platform_names = platform_names(
                session.execute(select(Platform.key, Platform.display_name))
            )
        for text in identifier_texts(rows.account, rows.plans, rows.posts):
            IDENTIFIERS.extract(text, self._platform_names)

    def end(self, store: RunStore, end: RunEnd) -> dict[str, Any]:
        made = self.prejudge.finish(self.database)
        detection = self.detection
        outcome: dict[str, Any] = {}

        def finish(session: Session) -> None:
            outcome.update(
                end_run(session, end, detection.detector, detection.version, made or None)
            )

        store.submit(finish)
        store.writer.flush()
        return outcome


def store_process_judge(
    database: Database, *, data_dir: Path | None, min_accounts: int = MIN_ACCOUNTS
) -> StoreProcessJudge:
    """Built in the store process (a module-level function: the crawl process passes it there
    by name, with `functools.partial` for its arguments)."""
    return StoreProcessJudge(database, data_dir, min_accounts)
