"""A re-queued page the dead worker had already captured is replayed from its WARC record
(crawler/distributed/replay.py): the page's items come again, its capture does not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PROFILE
from scrapy import Request
from scrapy.utils.test import get_crawler

from crawler.capture.recorder import Exchange
from crawler.distributed.queue import REQUEUED_META
from crawler.distributed.replay import RequeuedReplayMiddleware
from crawler.distributed.spider import WorkerSpider
from crawler.runtime import RunRecord, RunState, attach
from spiders.contract import RECORD_ID_META
from spiders.profile import load_profile
from storage.config import AppConfig
from storage.db import Database, open_database

BASE = "http://127.0.0.1:9"
PAGE = f"{BASE}/acct/3"
BODY = b'<html><body><section class="creator" data-id="3"></section></body></html>'


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[tuple[AppConfig, Database, RunState]]:
    cfg = AppConfig.resolve(tmp_path / "data")
    database = open_database(cfg)
    path = tmp_path / "dist.yaml"
    path.write_text(PROFILE.format(base=BASE, concurrency=4, delay=0))
    profile = load_profile(str(path))
    # The worker that died: it captured the page, and its row was committed.
    dead = RunState.open(cfg, profile, database)
    dead.recorder.record_exchange(
        Exchange(
            url=PAGE,
            final_url=PAGE,
            method="GET",
            request_headers=[],
            request_body=b"",
            status=200,
            response_headers=[("Content-Type", "text/html")],
            body=BODY,
        )
    )
    dead.store.flush()
    record = RunRecord.join(database, profile, run_id=dead.run_id, worker="host-s")
    survivor = RunState.open(cfg, profile, database, record=record)
    yield cfg, database, survivor
    survivor.close()
    dead.close()
    database.dispose()


def _middleware(state: RunState) -> RequeuedReplayMiddleware:
    crawler = get_crawler(WorkerSpider)
    attach(crawler, state)
    middleware = RequeuedReplayMiddleware.from_crawler(crawler)
    middleware.spider_opened(None)  # type: ignore[arg-type]
    return middleware


def test_a_requeued_captured_page_is_replayed_not_fetched(setup) -> None:
    _, _, survivor = setup
    middleware = _middleware(survivor)
    request = Request(PAGE, meta={REQUEUED_META: True})
    response = middleware.process_request(request)
    assert response is not None and "replayed" in response.flags
    assert response.status == 200 and response.body == BODY
    # Its items link to the dead worker's capture; the evidence middleware records nothing.
    assert request.meta[RECORD_ID_META]
    assert survivor.recorder.warc.files == []


def test_other_requests_go_to_the_network(setup) -> None:
    _, _, survivor = setup
    middleware = _middleware(survivor)
    # Not re-queued: a first fetch, never looked up.
    assert middleware.process_request(Request(PAGE)) is None
    # Re-queued but never captured (the worker died before the response came).
    assert middleware.process_request(Request(f"{BASE}/acct/4", meta={REQUEUED_META: True})) is None
