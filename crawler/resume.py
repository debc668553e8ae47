"""Resume an interrupted crawl without losing or duplicating captures.

Scrapy's JOBDIR only survives a graceful stop: its disk queues write their index on
close and the dupefilter is buffered, so after a SIGKILL the queue looks empty and
the pages still waiting are silently lost. mimamori resumes from its own evidence
instead, which is written (and flushed) record by record:

* the next run of the profile starts from the start URLs again;
* every URL the interrupted run(s) already captured is *replayed* from that run's
  WARC record (no network fetch, no new capture) so its links and items are
  extracted again and nothing downstream of it is lost;
* everything else is fetched and captured as usual.

So each URL ends up captured exactly once across the interrupted and the resumed run.
"""

from __future__ import annotations

import logging
import shutil
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from sqlalchemy import select
from sqlalchemy.orm import Session
from warcio.archiveiterator import ArchiveIterator

from crawler.runtime import run_state
from spiders.contract import EVIDENCE_META, RECORD_ID_META
from storage.models import Capture, CrawlRun, EvidenceLink

logger = logging.getLogger(__name__)

RESUME_SETTING = "MIMAMORI_RESUME_FROM_RUNS"
REPLAYED_META = "mimamori_replayed"
# The evidence middleware records every response except browser pages and media, whose
# evidence is written elsewhere. A replayed page's evidence is already in the earlier
# run's WARC, so it borrows the media flag to stay out of the WARC a second time.
_EVIDENCE_SKIP_META = "mimamori_media"
# Statuses worth asking the server again rather than replaying (rate limits, outages).
REFETCH_STATUSES = {408, 429, 500, 502, 503, 504}
INTERRUPTED_MESSAGE = "interrupted before it finished; resumed by a later run"


def is_resumable(run: CrawlRun) -> bool:
    """A run that stopped part-way: killed, crashed, or shut down by a signal."""
    if run.status in ("running", "crashed"):
        return True
    return run.status == "failed" and run.finish_reason == "shutdown"


def interrupted_runs(session: Session, profile_name: str) -> list[int]:
    """Ids of the unbroken series of interrupted runs just before now, oldest first.

    Call only while holding the profile's crawl lock: then a run still marked
    "running" belongs to a process that no longer exists.
    """
    ids: list[int] = []
    for run in session.scalars(
        select(CrawlRun).where(CrawlRun.profile == profile_name).order_by(CrawlRun.id.desc())
    ):
        if not is_resumable(run):
            break
        ids.append(run.id)
    return sorted(ids)


def close_interrupted(session: Session, run_ids: list[int]) -> None:
    """Mark runs whose process died as crashed, so `mimamori runs` shows what happened."""
    for run_id in run_ids:
        run = session.get(CrawlRun, run_id)
        if run is None:
            continue
        if run.status == "running":
            run.status = "crashed"
            run.health_ok = False
        messages = list(run.health_messages or [])
        if INTERRUPTED_MESSAGE not in messages:
            run.health_messages = [*messages, INTERRUPTED_MESSAGE]


@dataclass(frozen=True)
class ReplaySource:
    record_id: str
    warc_file: str
    offset: int
    headers_file: str
    headers_offset: int


def replay_index(
    session: Session, run_ids: list[int], *, url: str | None = None
) -> dict[str, deque[ReplaySource]]:
    """Captures per URL in the given runs, in order, resolving revisits to their payload record.

    A URL the interrupted run fetched twice (a start URL that is also linked, say) is
    replayed twice, so the resumed crawl makes exactly the requests it would have made.
    """
    index: dict[str, deque[ReplaySource]] = {}
    if not run_ids:
        return index
    query = select(Capture).where(
        Capture.run_id.in_(run_ids), Capture.kind.in_(("response", "revisit"))
    )
    if url is not None:
        # One page of a distributed run that a killed worker had already captured.
        query = query.where(Capture.url == url)
    captures = session.scalars(query.order_by(Capture.id))
    for capture in captures:
        if capture.warc_file is None or capture.warc_offset is None or not capture.warc_record_id:
            continue
        if capture.status is None or capture.status in REFETCH_STATUSES:
            continue
        payload = capture
        if capture.kind == "revisit":
            original = (
                session.get(Capture, capture.refers_to_capture_id)
                if capture.refers_to_capture_id
                else None
            )
            if original is None or original.warc_file is None or original.warc_offset is None:
                continue
            payload = original
        index.setdefault(capture.url, deque()).append(
            ReplaySource(
                record_id=capture.warc_record_id,
                warc_file=payload.warc_file or "",
                offset=payload.warc_offset or 0,
                headers_file=capture.warc_file,
                headers_offset=capture.warc_offset,
            )
        )
    return index


def existing_links(session: Session, run_ids: list[int]) -> set[tuple[int, int, int | None]]:
    """(capture, account, post) links the interrupted runs' captures already have."""
    rows = session.execute(
        select(EvidenceLink.capture_id, EvidenceLink.account_id, EvidenceLink.post_id)
        .join(Capture, Capture.id == EvidenceLink.capture_id)
        .where(Capture.run_id.in_(run_ids))
    )
    return {(capture_id, account_id, post_id) for capture_id, account_id, post_id in rows}


def _read_record(path: Path, offset: int) -> tuple[int, list[tuple[str, str]], bytes]:
    with open(path, "rb") as fh:
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh, no_record_parse=False)))
        assert record.http_headers is not None
        status = int(record.http_headers.get_statuscode())
        headers = list(record.http_headers.headers)
        # The raw stream: still content-encoded, exactly as the server sent it, so the
        # usual decompression middleware handles it as it did the first time.
        body = record.raw_stream.read()
    return status, headers, body


class ResumeReplayMiddleware:
    """Downloader middleware (next to the downloader): serve already-captured URLs from the WARC."""

    def __init__(self, crawler: Crawler, run_ids: list[int]) -> None:
        self.crawler = crawler
        self.run_ids = run_ids
        self.index: dict[str, deque[ReplaySource]] | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ResumeReplayMiddleware:
        return cls(crawler, [int(x) for x in crawler.settings.getlist(RESUME_SETTING)])

    def spider_opened(self, spider: Spider) -> None:
        state = run_state(self.crawler)
        with state.database.session() as session:
            self.index = replay_index(session, self.run_ids)
            existing = existing_links(session, self.run_ids)
        # The store skips links it made in this run without asking the database, on the
        # premise that every capture is new; replayed captures are not, so tell it which
        # links they already have.
        state.store.write("links", existing)
        self.warc_dir = Path(state.cfg.warc_dir)
        logger.info(
            "resuming %s from run(s) %s: %d pages can be replayed",
            state.profile.name,
            self.run_ids,
            sum(len(v) for v in self.index.values()),
        )

    def spider_closed(self, spider: Spider) -> None:
        left = sorted(url for url, sources in (self.index or {}).items() for _ in sources)
        if left:
            logger.info(
                "%d captured page(s) of the interrupted run were not asked for again: %s",
                len(left),
                ", ".join(left[:20]),
            )

    def process_request(self, request: Request, spider: Spider | None = None) -> Response | None:
        # A redirect copies the meta of the replayed response that caused it; the new
        # request is a fresh fetch unless it is itself in the index.
        if request.meta.pop(REPLAYED_META, False):
            request.meta.pop(_EVIDENCE_SKIP_META, None)
        if request.meta.get("playwright") or request.meta.get(_EVIDENCE_SKIP_META):
            return None
        if not self.index or request.method != "GET":
            return None
        # Each capture is replayed once; requests beyond those go to the network.
        sources = self.index.get(request.url)
        if not sources:
            return None
        source = sources.popleft()
        try:
            status, headers, body = _read_record(self.warc_dir / source.warc_file, source.offset)
            if (source.headers_file, source.headers_offset) != (source.warc_file, source.offset):
                # A revisit: its own status and headers, the payload of the record it points at.
                status, headers, _ = _read_record(
                    self.warc_dir / source.headers_file, source.headers_offset
                )
        except (OSError, StopIteration, ValueError, AssertionError) as exc:
            logger.warning(
                "cannot replay %s from the WARC (%s); fetching it again", request.url, exc
            )
            return None
        scrapy_headers = Headers()
        for name, value in headers:
            scrapy_headers.appendlist(name, value)
        cls = responsetypes.from_args(headers=scrapy_headers, url=request.url, body=body)
        request.meta[REPLAYED_META] = True
        request.meta[_EVIDENCE_SKIP_META] = True
        request.meta[RECORD_ID_META] = source.record_id
        request.meta.setdefault(EVIDENCE_META, []).append(source.record_id)
        self.crawler.stats.inc_value("mimamori/replayed")
        return cls(
            url=request.url,
            status=status,
            headers=scrapy_headers,
            body=body,
            request=request,
            flags=["replayed"],
        )


def repair_warc_tail(path: Path) -> int:
    """Cut a record that a kill left half-written off the end of a WARC file.

    Every complete record before it is kept byte for byte; the cut bytes are kept
    next to the file (`.partial-tail`) so nothing is thrown away silently.
    Returns the number of bytes cut.
    """
    good_end = 0
    with open(path, "rb") as fh:
        iterator = ArchiveIterator(fh)
        try:
            for record in iterator:
                record.content_stream().read()
                iterator.read_to_end(record)
                good_end = iterator.get_record_offset() + iterator.get_record_length()
        except Exception:  # any parse failure means a damaged tail
            pass
    size = path.stat().st_size
    if good_end >= size:
        return 0
    tail = path.with_name(path.name + ".partial-tail")
    with open(path, "rb") as src, open(tail, "wb") as dst:
        src.seek(good_end)
        shutil.copyfileobj(src, dst)
    with open(path, "r+b") as fh:
        fh.truncate(good_end)
    logger.warning("cut %d bytes of a half-written record off %s", size - good_end, path.name)
    return size - good_end


def repair_interrupted_warcs(
    warc_dir: Path, profile_name: str, run_ids: list[int]
) -> tuple[int, list[str]]:
    """Repair the WARC files of killed runs; returns the bytes cut and the files' names
    (closed for good now, so they can be timestamped)."""
    cut, names = 0, []
    for run_id in run_ids:
        for path in sorted(warc_dir.glob(f"mimamori-{profile_name}-run{run_id:06d}-*.warc.gz")):
            cut += repair_warc_tail(path)
            names.append(path.name)
    return cut, names
