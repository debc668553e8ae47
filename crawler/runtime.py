"""The state of one crawl run, split by concern and hung off the Scrapy crawler.

`RunState.open()` writes the run row and opens the run's store writer, recorder and
detector; `attach()` hangs it on the crawler before the crawl starts, and every
middleware, pipeline and extension reaches it with `run_state(crawler)` from its
`from_crawler` (docs/architecture.md, "Crawl engine"). The spider never sees it.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from crawler.capture.media_capture import MediaCapture, load_known_media
from crawler.capture.minor_risk import MinorRiskMap
from crawler.capture.recorder import CaptureProvenance, Recorder, load_previous_captures
from crawler.capture.warc_timestamps import ClosedWarcTimestamper
from crawler.detect_runtime import RunDetector
from crawler.provenance import (
    chromium_version,
    package_version,
    tool_commit,
    tool_version,
    user_agent,
)
from crawler.run_end import store_process_judge
from crawler.settings import uses_browser
from crawler.store.run_store import RunStore
from spiders.profile import Profile
from storage.blobs import BlobStore
from storage.config import OPERATOR_NOT_CONFIGURED, AppConfig
from storage.db import Database
from storage.models import CrawlError, CrawlRun
from storage.warc import EvidenceWarcWriter
from storage.warc.warcinfo import NOT_RECORDED, WARC_FORMAT, robots_policy

logger = logging.getLogger(__name__)

CRAWLER_ATTRIBUTE = "mimamori_run"


@dataclass(frozen=True)
class RunRecord:
    """The run row: who ran what, when, with which tools."""

    run_id: int
    profile: str
    started_at: datetime
    tool_version: str
    tool_commit: str | None
    user_agent: str
    browser_version: str | None
    playwright_version: str | None
    operator: str = OPERATOR_NOT_CONFIGURED
    robots: str = NOT_RECORDED
    # A distributed run's worker (host and id): its WARC series is its own.
    worker: str | None = None

    @classmethod
    def open(
        cls,
        database: Database,
        profile: Profile,
        *,
        triggered_by: str,
        operator: str = OPERATOR_NOT_CONFIGURED,
    ) -> RunRecord:
        started = datetime.now(UTC)
        version, commit = tool_version(), tool_commit()
        agent = profile.politeness.user_agent or user_agent()
        with database.session() as session:
            run = CrawlRun(
                profile=profile.name,
                platform=profile.platform,
                started_at=started,
                tool_version=version,
                tool_commit=commit,
                user_agent=agent,
                triggered_by=triggered_by,
            )
            session.add(run)
            session.flush()
            run_id = run.id
        return cls(
            run_id=run_id,
            profile=profile.name,
            started_at=started,
            tool_version=version,
            tool_commit=commit,
            user_agent=agent,
            browser_version=chromium_version() if uses_browser(profile) else None,
            playwright_version=package_version("playwright"),
            operator=operator,
            # The same profile field crawler.settings turns into Scrapy's ROBOTSTXT_OBEY.
            robots=robots_policy(profile.politeness.obey_robots_txt),
        )

    @classmethod
    def join(
        cls,
        database: Database,
        profile: Profile,
        *,
        run_id: int,
        worker: str,
        operator: str = OPERATOR_NOT_CONFIGURED,
    ) -> RunRecord:
        """A worker's view of a distributed run another process opened (crawler/distributed/)."""
        with database.session() as session:
            run = session.get(CrawlRun, run_id)
            if run is None or run.profile != profile.name:
                raise LookupError(f"run {run_id} of {profile.name} is not in this database")
            started = run.started_at
            if started.tzinfo is None:
                started = started.replace(tzinfo=UTC)
            agent = run.user_agent or user_agent()
        return cls(
            run_id=run_id,
            profile=profile.name,
            started_at=started,
            tool_version=tool_version(),
            tool_commit=tool_commit(),
            user_agent=agent,
            browser_version=chromium_version() if uses_browser(profile) else None,
            playwright_version=package_version("playwright"),
            operator=operator,
            robots=robots_policy(profile.politeness.obey_robots_txt),
            worker=worker,
        )

    def provenance(self) -> CaptureProvenance:
        return CaptureProvenance(
            run_id=self.run_id,
            tool_version=self.tool_version,
            user_agent=self.user_agent,
            browser_version=self.browser_version,
            playwright_version=self.playwright_version,
        )

    def warcinfo(self) -> dict[str, str]:
        return {
            "software": f"{self.tool_version} (warcio {package_version('warcio')}, "
            f"Scrapy {package_version('scrapy')})",
            "format": WARC_FORMAT,
            "operator": self.operator,
            "robots": self.robots,
            "isPartOf": f"mimamori run {self.run_id} ({self.profile})",
            "http-header-user-agent": self.user_agent,
            "mimamori-commit": self.tool_commit or "unknown",
            "mimamori-profile": self.profile,
            "browser": self.browser_version or "none",
            "playwright": self.playwright_version or "none",
            # One worker's series of a distributed run (docs/architecture.md, "Distributed crawl").
            **({"mimamori-worker": self.worker} if self.worker else {}),
        }

    def warc_basename(self) -> str:
        stamp = self.started_at.strftime("%Y%m%dT%H%M%SZ")
        if self.worker:
            return f"mimamori-{self.profile}-run{self.run_id:06d}-{self.worker}-{stamp}"
        return f"mimamori-{self.profile}-run{self.run_id:06d}-{stamp}"


class RunState:
    """Everything one run shares, one attribute per concern."""

    def __init__(
        self,
        *,
        cfg: AppConfig,
        profile: Profile,
        database: Database,
        run: RunRecord,
        store: RunStore,
        recorder: Recorder,
        detection: RunDetector,
        counters: Counter[str],
        minor_risk: MinorRiskMap,
        media: MediaCapture,
        warc_stamper: ClosedWarcTimestamper,
    ) -> None:
        self.cfg = cfg
        self.profile = profile
        self.database = database
        self.run = run
        self.store = store
        self.recorder = recorder
        self.detection = detection
        self.counters = counters
        self.minor_risk = minor_risk
        self.media = media
        self.warc_stamper = warc_stamper

    @classmethod
    def open(
        cls,
        cfg: AppConfig,
        profile: Profile,
        database: Database,
        *,
        triggered_by: str = "cli",
        record: RunRecord | None = None,
        store_process: bool = False,
    ) -> RunState:
        """`record`: join a run another process opened (a distributed worker).
        `store_process`: apply the data writes in a process of their own
        (crawler/store/process.py)."""
        cfg.ensure_dirs()
        run = record or RunRecord.open(
            database, profile, triggered_by=triggered_by, operator=cfg.operator
        )
        store = RunStore(
            database,
            profile.platform,
            process=store_process,
            process_helper=partial(store_process_judge, data_dir=cfg.data_dir),
        )
        counters: Counter[str] = Counter()
        with database.session() as session:
            previous = load_previous_captures(session)
            known_media = load_known_media(session)
        warc_stamper = ClosedWarcTimestamper(cfg, database)
        warc = EvidenceWarcWriter(
            cfg.warc_dir, run.warc_basename(), warcinfo=run.warcinfo(), on_closed=warc_stamper
        )
        recorder = Recorder(
            warc=warc,
            store=store,
            blobs=BlobStore(cfg.blob_dir),
            provenance=run.provenance(),
            previous=previous,
            counters=counters,
        )
        detection = RunDetector(database, cfg.data_dir)
        minor_risk = MinorRiskMap(detection.minor_risk)
        return cls(
            cfg=cfg,
            profile=profile,
            database=database,
            run=run,
            store=store,
            recorder=recorder,
            detection=detection,
            counters=counters,
            minor_risk=minor_risk,
            media=MediaCapture(recorder, profile, known_media, minor_risk),
            warc_stamper=warc_stamper,
        )

    @property
    def run_id(self) -> int:
        return self.run.run_id

    def record_error(self, *, url: str, kind: str, message: str) -> None:
        self.counters[f"error/{kind}"] += 1
        run_id = self.run_id

        def op(session: Session) -> None:
            session.add(CrawlError(run_id=run_id, url=url, kind=kind, message=message[:2000]))

        self.store.submit(op)

    def error_counts(self) -> dict[str, int]:
        return {
            k.removeprefix("error/"): v for k, v in self.counters.items() if k.startswith("error/")
        }

    def close(self) -> None:
        """Flush every write, close the WARC file, stop the store writer and wait for the
        closed WARC files' trusted timestamps."""
        self.recorder.close()
        self.store.close()
        self.warc_stamper.drain()

    def finish_row(
        self,
        session: Session,
        *,
        at: datetime,
        reason: str,
        summary: dict[str, Any],
        problems: list[str],
    ) -> None:
        run = session.get(CrawlRun, self.run_id)
        assert run is not None
        run.finished_at = at
        run.finish_reason = reason
        run.status = "finished" if reason == "finished" else "failed"
        run.stats = summary
        run.health_ok = not problems
        run.health_messages = problems


def attach(crawler: Any, state: RunState) -> None:
    """Hang a run's state on its crawler, before the crawl starts."""
    setattr(crawler, CRAWLER_ATTRIBUTE, state)


def run_state(crawler: Any) -> RunState:
    """The run state of a crawler; every engine component gets it in its `from_crawler`."""
    state = getattr(crawler, CRAWLER_ATTRIBUTE, None)
    if not isinstance(state, RunState):
        raise RuntimeError(
            "this crawler has no mimamori run state: crawls are started by crawler.run.run_crawls"
        )
    return state
