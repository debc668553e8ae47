"""Judging accounts while the crawl still runs, in the store process (crawler/store/process.py).

End-of-run judging reads every account the run touched and classifies it; on a crawl of
thousands of pages that was seconds after the last response, with the second core idle. The
store process, which writes the accounts and their posts anyway, classifies each account once
its writes have settled (no write for `SETTLE_S`), a little at a time between batches of
writes, with a detector built like the crawl's. Each judgement's post detections are written
then (facts about a post's text, which a later judgement of the same text reuses), and the
account's detection row is made ready (crawler/flag/verdicts.py) and kept. The run's end
(crawler/run_end.py), done in the same process with the same detector, gets those rows keyed
by each account's text digest: `judge_accounts` writes a row only when the account's text is
still exactly what was judged, and judges the rest itself. Account detections and flags are
written at the run's end only, in one transaction: a run that dies leaves no account
judgement behind that a later run would take as already made (it finds the account's text
unjudged and judges it, reusing the post detections).
"""

from __future__ import annotations

import logging
import pickle
import time
import zlib
from collections.abc import Callable, Iterator, Mapping

from sqlalchemy.orm import Session

from crawler.detect_runtime import RunDetector
from crawler.flag.judge import account_fingerprint, write_post_detections
from crawler.flag.judge_inputs import AccountRows, account_ids, judged_rows
from crawler.flag.verdicts import AccountVerdict, ReadyDetection, account_verdict
from storage.db import Database

logger = logging.getLogger(__name__)

# An account untouched this long has its account page and the posts read near it written.
SETTLE_S = 0.5
# Below this many accounts, end-of-run judging is short: the store process builds no detector.
MIN_ACCOUNTS = 100
# Judging between two batches of writes stops after this long, so writes never queue up.
SLICE_S = 0.05
CHUNK = 20

Prejudged = Mapping[int, ReadyDetection]


class PackedJudgements(Mapping[int, ReadyDetection]):
    """Judgements kept pickled and compressed until the run's end reads them: a 50,000-page
    crawl judges 5,000 accounts, and an account's judgement with its per-part reasons was tens
    of kilobytes as objects (kept so, the store process passed 480 MB)."""

    def __init__(self) -> None:
        self._packed: dict[int, bytes] = {}

    def put(self, made: ReadyDetection) -> None:
        self._packed[made.account_id] = zlib.compress(pickle.dumps(made, 5), 1)

    def clear(self) -> None:
        self._packed.clear()

    def __getitem__(self, account_id: int) -> ReadyDetection:
        made: ReadyDetection = pickle.loads(zlib.decompress(self._packed[account_id]))
        return made

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
        self.run_id: int | None = None
        self._accounts: set[tuple[str, str]] = set()
        self.results = PackedJudgements()
        self.broken = False

    @property
    def started(self) -> bool:
        """Whether the run has touched enough accounts to judge during the crawl."""
        return not self.broken and len(self._accounts) >= self.min_accounts

    def touched(self, platform: str, account_key: str, run_id: int) -> None:
        self.run_id = run_id
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
        detector, version = self.detection.detector, self.detection.version
        verdicts: list[AccountVerdict] = []
        with database.session() as session:
            ids = account_ids(session, [k for k, _ in keys])
            for rows in judged_rows(session, ids):
                if self.on_judged is not None:
                    self.on_judged(session, rows)
                inputs, text_sha = account_fingerprint(rows)
                previous = rows.previous
                if (
                    previous is not None
                    and previous.text_sha256 == text_sha
                    and previous.detector_version == version
                ):
                    continue  # the run's end finds it unchanged
                judgement = detector.classify_account(inputs)
                verdicts.append(
                    account_verdict(rows.account.id, text_sha, rows.posts, inputs.posts, judgement)
                )
        if verdicts:
            # With the write lock, between two of the store writer's transactions.
            with database.session(write_lock=True) as session:
                made = write_post_detections(session, verdicts, self.run_id, version)
            for ready in made:
                self.results.put(ready)
        for key, at in keys:
            # Touched again while being judged: judged again later.
            if self._touched_at.get(key) == at:
                del self._touched_at[key]
