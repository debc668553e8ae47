"""A re-queued page the dead worker had already captured is replayed from its WARC record
(crawler/distributed/replay.py): the page's items come again, its capture does not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dist_world import crawl_profile
from helpers import warcio_check
from scrapy import Request
from scrapy.utils.test import get_crawler
from sqlalchemy import select

from crawler.capture.recorder import Exchange
from crawler.distributed.queue import REQUEUED_META
from crawler.distributed.replay import RequeuedReplayMiddleware
from crawler.distributed.spider import WorkerSpider
from crawler.runtime import RunRecord, RunState, attach
from spiders.contract import RECORD_ID_META
from spiders.profile import load_profile
from storage.config import AppConfig
from storage.db import Database, open_database
from storage.models import Capture

BASE = "http://127.0.0.1:9"
PAGE = f"{BASE}/acct/3"
BODY = b'<html><body><section class="creator" data-id="3"></section></body></html>'
EXCHANGE = Exchange(
    url=PAGE,
    final_url=PAGE,
    method="GET",
    request_headers=[],
    request_body=b"",
    status=200,
    response_headers=[("Content-Type", "text/html")],
    body=BODY,
)


def _states(tmp_path: Path, survivor_dir: str) -> Iterator[tuple[Database, RunState]]:
    cfg = AppConfig.resolve(tmp_path / "data")
    database = open_database(cfg)
    path = tmp_path / "dist.yaml"
    path.write_text(crawl_profile(BASE, name="dist", concurrency=4))
    profile = load_profile(str(path))
    dead = RunState.open(cfg, profile, database)
    record = RunRecord.join(database, profile, run_id=dead.run_id, worker="host-s")
    here = AppConfig.resolve(tmp_path / survivor_dir, cfg.db_url)
    # Both joined the run before any page was captured.
    survivor = RunState.open(here, profile, database, record=record)
    # The worker that died: it captured the page, and its row was committed.
    dead.recorder.record_exchange(EXCHANGE)
    dead.store.flush()
    dead.store.flush()
    yield database, survivor
    survivor.close()
    dead.close()
    database.dispose()


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[tuple[Database, RunState]]:
    """The survivor shares the dead worker's data dir."""
    yield from _states(tmp_path, "data")


@pytest.fixture
def elsewhere(tmp_path: Path) -> Iterator[tuple[Database, RunState]]:
    """The survivor is on another machine: its own data dir, the same database."""
    yield from _states(tmp_path, "other-machine")


def _middleware(state: RunState) -> RequeuedReplayMiddleware:
    crawler = get_crawler(WorkerSpider)
    attach(crawler, state)
    middleware = RequeuedReplayMiddleware.from_crawler(crawler)
    middleware.spider_opened(None)  # type: ignore[arg-type]
    return middleware


def test_a_requeued_captured_page_is_replayed_not_fetched(setup) -> None:
    _, survivor = setup
    middleware = _middleware(survivor)
    request = Request(PAGE, meta={REQUEUED_META: True})
    response = middleware.process_request(request)
    assert response is not None and "replayed" in response.flags
    assert response.status == 200 and response.body == BODY
    # Its items link to the dead worker's capture; the evidence middleware records nothing.
    assert request.meta[RECORD_ID_META]
    assert survivor.recorder.warc.files == []


def test_other_requests_go_to_the_network(setup) -> None:
    _, survivor = setup
    middleware = _middleware(survivor)
    # Not re-queued: a first fetch, never looked up.
    assert middleware.process_request(Request(PAGE)) is None
    # Re-queued but never captured (the worker died before the response came).
    assert middleware.process_request(Request(f"{BASE}/acct/4", meta={REQUEUED_META: True})) is None


def _captures(database: Database, url: str) -> list[Capture]:
    with database.session() as session:
        rows = list(session.scalars(select(Capture).where(Capture.url == url).order_by(Capture.id)))
        session.expunge_all()
    return rows


def _fetched_again_as_revisit(
    database: Database, survivor: RunState, request: Request
) -> tuple[Capture, Capture]:
    """The page fetched again and stored as a revisit: (first capture, the revisit)."""
    middleware = _middleware(survivor)
    assert middleware.process_request(request) is None
    survivor.recorder.record_exchange(EXCHANGE)
    # A flush returns once its batch ran; the second one once that batch was committed.
    survivor.store.flush()
    survivor.store.flush()
    first, again = _captures(database, PAGE)
    assert (first.kind, again.kind) == ("response", "revisit")
    assert again.refers_to_capture_id == first.id and again.run_id == first.run_id
    warcio_check(sorted(survivor.cfg.warc_dir.glob("*.warc.gz")))
    return first, again


def test_a_requeued_page_whose_warc_is_elsewhere_is_fetched_as_a_revisit(elsewhere) -> None:
    """The database, not the data dir, says the page was captured: fetched again (its WARC
    is on the dead worker's machine), an unchanged page is a revisit of that capture."""
    first, again = _fetched_again_as_revisit(*elsewhere, Request(PAGE, meta={REQUEUED_META: True}))
    assert again.kind == "revisit" and again.refers_to_capture_id == first.id


def test_a_requeued_browser_page_is_rendered_again_as_a_revisit(setup) -> None:
    """A browser page is rendered again even with its WARC here; unchanged, a revisit."""
    request = Request(PAGE, meta={REQUEUED_META: True, "playwright": True})
    first, again = _fetched_again_as_revisit(*setup, request)
    assert again.kind == "revisit" and again.refers_to_capture_id == first.id
