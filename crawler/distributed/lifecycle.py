"""A worker's part of a distributed run's life (docs/architecture.md, "Distributed crawl").

Each worker keeps its lease alive with a heartbeat, re-queues the requests of workers whose
lease ran out, stays open while the run has work anywhere, and on closing reports its own
numbers to Redis. The last worker to leave a drained run finishes it once for all: judging
and flagging every account the run saw, linking them (crawler/link/run_step.py), the
summary with every worker's numbers, the run row, the checkpoint and trusted times (the
single-process path, crawler/extensions.py).
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DontCloseSpider

from crawler.distributed.queue import crawler_frontier
from crawler.extensions import RunLifecycle
from crawler.progress import BOARD
from crawler.resume import repair_warc_tail
from crawler.run_checkpoint import checkpoint_run
from crawler.run_end import RunEnd, finish_run
from crawler.run_summary import run_health, run_summary
from crawler.runtime import run_state
from spiders.account_tally import ACCOUNTS_FROM_POSTS_STAT, ACCOUNTS_STAT
from storage.timestamps import timestamp_run_end

logger = logging.getLogger(__name__)


def _numbers(stats: dict[str, Any]) -> dict[str, float]:
    return {
        k: v for k, v in stats.items() if isinstance(v, (int, float)) and not isinstance(v, bool)
    }


class WorkerLifecycle(RunLifecycle):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler, run_state(crawler))
        self.frontier = crawler_frontier(crawler)
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WorkerLifecycle:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        super().spider_opened(spider)
        self.frontier.join()
        interval = self.frontier.lease_ms / 3000

        def beat() -> None:
            # Its own thread: a busy reactor must not make a live worker look dead.
            while not self._stop.wait(interval):
                self.frontier.heartbeat()

        self._beat = threading.Thread(target=beat, name="mimamori-heartbeat", daemon=True)
        self._beat.start()

    def spider_idle(self, spider: Spider) -> None:
        self._reap()
        # Acks wait for the store's commit: let it commit what this worker did.
        self._settle()
        stopped = self.frontier.stopped()
        if stopped:
            # A limit cut the run (the queue takes no more): close as Scrapy's own limit
            # would, with its reason, and leave the run to be finished.
            raise CloseSpider(stopped)
        if not self.frontier.drained():
            raise DontCloseSpider

    def _settle(self) -> None:
        """Until every write submitted so far is committed and its after-commit acks are sent.
        A flush returns when its marker ran inside a batch, before that batch commits; the
        second flush's marker runs in a later batch, so the first one's hooks have run."""
        self.state.store.flush()
        self.state.store.flush()

    def _reap(self) -> None:
        for worker, count in self.frontier.reap_dead().items():
            logger.warning("worker %s stopped answering: %d request(s) re-queued", worker, count)
            # Its WARC files may be here (a shared data dir): cut a half-written last record.
            run = self.state.run
            pattern = f"mimamori-{run.profile}-run{run.run_id:06d}-{worker}-*.warc.gz"
            for path in sorted(self.state.cfg.warc_dir.glob(pattern)):
                repair_warc_tail(path)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        try:
            self._close(reason)
        finally:
            # The heartbeat ends last: the run is finished (or left to the others) by now.
            self._stop.set()
            if self._beat is not None:
                self._beat.join()
            self.frontier.gone()

    def _close(self, reason: str) -> None:
        state = self.state
        self._settle()
        stats = dict(self.stats.get_stats())
        self.frontier.report(
            {
                "stats": _numbers(stats),
                "counters": dict(state.counters),
                "errors": state.error_counts(),
                "finish_reason": reason,
                "finished_at": datetime.now(UTC).isoformat(),
                "warc_files": list(state.recorder.warc.files),
                "write_failures": list(state.store.failures),
            }
        )
        self._reap()
        # Every stored page's ack is done by now (_settle): what is left was cut short.
        given_back = self.frontier.requeue_own()
        if given_back:
            logger.warning("stopped with %d request(s) unfinished: re-queued", given_back)
        if not self.frontier.leave() and not (
            self.frontier.over()
            and self.frontier.finish_after_others(self._wait_for_others_s(), reap=self._reap)
        ):
            state.close()
            BOARD.finish(state.profile.name, {}, [])
            return
        # A run a limit cut ends with the limit's reason, whichever worker finishes it.
        self._finish_run(self.frontier.stopped() or reason)

    def _wait_for_others_s(self) -> float:
        """Long enough for a killed worker's lease to run out, and a live one's last page."""
        return self.frontier.lease_ms / 1000 * 2 + self.state.profile.limits.page_timeout_s

    def _finish_run(self, reason: str) -> None:
        state = self.state
        reports = self.frontier.worker_reports()
        dead = self.frontier.dead_workers()
        stats: Counter[str] = Counter()
        counters: Counter[str] = Counter()
        errors: Counter[str] = Counter()
        warc_files: list[str] = []
        failures: list[str] = []
        for report in reports.values():
            stats.update(report["stats"])
            counters.update(report["counters"])
            errors.update(report["errors"])
            warc_files += report["warc_files"]
            failures += report["write_failures"]
        merged: dict[str, Any] = {**stats, "start_time": state.run.started_at}
        finished_at = datetime.now(UTC)
        outcome = self._judge_run(reason, finished_at)
        # Two workers may each count a seller they met only through its posts: the run's
        # accounts are the distinct ones the store saw in it (all judged).
        judged = outcome["judge"].judged
        merged[ACCOUNTS_FROM_POSTS_STAT] = max(0, judged - int(merged.get(ACCOUNTS_STAT, 0)))
        summary = run_summary(
            stats=merged,
            counters=dict(counters),
            errors=dict(errors),
            outcome=outcome,
            resumed_from=[],
            reason=reason,
            finished_at=finished_at,
            warc_files=sorted(warc_files),
            write_failures=failures,
        )
        summary["workers"] = {
            name: {
                "pages": int(r["stats"].get("mimamori/pages", 0)),
                "responses": int(r["stats"].get("downloader/response_count", 0)),
                "captures": int(r["counters"].get("captures", 0)),
                "dequeued": int(r["stats"].get("scheduler/dequeued/redis", 0)),
                "finish_reason": r["finish_reason"],
                "warc_files": r["warc_files"],
            }
            for name, r in sorted(reports.items())
        }
        summary["workers_lost"] = dead
        problems = run_health(state.profile, merged, reason)
        if failures:
            problems.append(f"{len(failures)} database writes failed")
        state.store.submit(
            lambda session: state.finish_row(
                session, at=finished_at, reason=reason, summary=summary, problems=problems
            )
        )
        state.close()
        checkpoint_run(state)
        timestamp_run_end(state.cfg, state.database, run_id=state.run_id, warc_files=warc_files)
        self.frontier.close_run(state.profile.name)
        BOARD.finish(state.profile.name, summary, problems)

    def _judge_run(self, reason: str, finished_at: datetime) -> dict[str, Any]:
        """Every account any worker saw in this run, judged once (the store marks each
        account it writes as last seen in the run)."""
        state = self.state
        end = RunEnd(
            run_id=state.run_id,
            platform=state.profile.platform,
            touched=None,
            complete=reason == "finished" and not state.profile.limits.max_pages,
            finished_at=finished_at,
            blob_dir=state.recorder.blobs.root,
        )
        return finish_run(state.store, end, state.detection)
