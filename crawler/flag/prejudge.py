"""Judging accounts while the crawl still runs, in the store process (crawler/store/process.py).

End-of-run judging reads every account the run touched and classifies it; on a crawl of
thousands of pages that was seconds after the last response, with the second core idle. The
store process, which writes the accounts and their posts anyway, classifies each account once
its writes have settled (no write for `SETTLE_S`), a little at a time between batches of
writes, with a detector built like the crawl's. The run's end (crawler/run_end.py), done in
the same process with the same detector, gets what was judged keyed by each account's text
digest: `judge_accounts` uses a result only when the account's text is still exactly what was
judged, and classifies the rest itself. Nothing is written here: flags, detections and their
order stay where they were.
"""

from __future__ import annotations

import logging
import pickle
import time
import zlib
from collections.abc import Callable, Iterator, Mapping

from sqlalchemy.orm import Session

from crawler.detect.results import AccountResult
from crawler.detect_runtime import RunDetector
from crawler.flag.judge import account_fingerprint
from crawler.flag.judge_inputs import AccountRows, account_ids, judged_rows
from storage.db import Database

logger = logging.getLogger(__name__)

# An account untouched this long has its account page and the posts read near it written.
SETTLE_S = 2.0
# Below this many accounts, end-of-run judging is short: the store process builds no detector.
MIN_ACCOUNTS = 100
# Judging between two batches of writes stops after this long, so writes never queue up.
SLICE_S = 0.05
CHUNK = 20

Prejudged = Mapping[int, tuple[str, AccountResult]]


class PackedJudgements(Mapping[int, tuple[str, AccountResult]]):
    """Judgements kept pickled and compressed until the run's end reads them: a judgement with
    its per-part reasons is tens of kilobytes as objects, and a 50,000-page crawl judges 5,000
    accounts (kept as objects, the store process passed 480 MB; packed, about 2 KB each)."""

    def __init__(self) -> None:
        self._packed: dict[int, tuple[str, bytes]] = {}

    def put(self, account_id: int, text_sha: str, judgement: AccountResult) -> None:
        self._packed[account_id] = (text_sha, zlib.compress(pickle.dumps(judgement, 5), 1))

    def clear(self) -> None:
        self._packed.clear()

    def __getitem__(self, account_id: int) -> tuple[str, AccountResult]:
        text_sha, packed = self._packed[account_id]
        return text_sha, pickle.loads(zlib.decompress(packed))

    def __iter__(self) -> Iterator[int]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


class PreJudge:
    def __init__(
        self,
        detection: RunDetector,
        *,
        min_accounts: int = MIN_ACCOUNTS,
        settle_s: float = SETTLE_S,
        on_judged: Callable[[Session, AccountRows], None] | None = None,
    ) -> None:
        """`detection`: the store process's detector, built like the crawl's; `on_judged`:
        called with each account's rows once judged (more work the run's end can skip)."""
        self.detection = detection
        self.on_judged = on_judged
        self.min_accounts = min_accounts
        self.settle_s = settle_s
        self._touched_at: dict[tuple[str, str], float] = {}
        self._accounts: set[tuple[str, str]] = set()
        self.results = PackedJudgements()
        self.broken = False

    @property
    def started(self) -> bool:
        """Whether the run has touched enough accounts to judge during the crawl."""
        return not self.broken and len(self._accounts) >= self.min_accounts

    def touched(self, platform: str, account_key: str) -> None:
        key = (platform, account_key)
        self._touched_at[key] = time.monotonic()
        self._accounts.add(key)

    def work(self, database: Database, slice_s: float = SLICE_S) -> None:
        """Judge settled accounts for at most about `slice_s` seconds."""
        if self.broken or len(self._accounts) < self.min_accounts:
            return
        try:
            self._work(database, slice_s)
        except Exception:
            # Only a head start is lost: end-of-run judging classifies what is missing.
            logger.exception("judging during the crawl failed; the end of the run judges all")
            self.broken = True
            self.results.clear()

    def _work(self, database: Database, slice_s: float) -> None:
        now = time.monotonic()
        settled = [k for k, at in self._touched_at.items() if now - at >= self.settle_s]
        deadline = now + slice_s
        for start in range(0, len(settled), CHUNK):
            self._judge(
                database, [(k, self._touched_at[k]) for k in settled[start : start + CHUNK]]
            )
            if time.monotonic() >= deadline:
                return

    def finish(self, database: Database) -> Prejudged:
        """Every judgement made by this detector (the writes are all committed now: what is
        still unjudged is judged here, while the crawl process waits anyway)."""
        if self.broken or len(self._accounts) < self.min_accounts:
            return {}
        try:
            self._judge(database, list(self._touched_at.items()))
            return self.results
        except Exception:
            logger.exception("judging during the crawl failed; the end of the run judges all")
            return {}

    def _judge(self, database: Database, keys: list[tuple[tuple[str, str], float]]) -> None:
        if not keys:
            return
        detector = self.detection.detector
        with database.session() as session:
            ids = account_ids(session, [k for k, _ in keys])
            for rows in judged_rows(session, ids):
                inputs, text_sha = account_fingerprint(rows)
                self.results.put(rows.account.id, text_sha, detector.classify_account(inputs))
                if self.on_judged is not None:
                    self.on_judged(session, rows)
        for key, at in keys:
            # Touched again while being judged: judged again later.
            if self._touched_at.get(key) == at:
                del self._touched_at[key]
