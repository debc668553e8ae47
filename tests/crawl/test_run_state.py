"""The run's state, split by concern and hung off the crawler (crawler/runtime.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from scrapy.exceptions import IgnoreRequest
from twisted.python.failure import Failure

import crawler.runtime as runtime
from crawler.capture.minor_risk import MinorRiskMap
from crawler.middlewares.address_guard import PrivateAddressRefused
from crawler.middlewares.browser_pages import ContextRotation
from crawler.middlewares.failures import classify_failure
from crawler.runtime import RunState, attach, run_state
from spiders.profile import load_profile
from storage.config import AppConfig
from storage.db import Database
from storage.models import CrawlError, CrawlRun


@pytest.fixture
def state(
    app_cfg: AppConfig, database: Database, monkeypatch: pytest.MonkeyPatch
) -> Iterator[RunState]:
    monkeypatch.setattr(runtime, "tool_commit", lambda: "0" * 40)
    profile = load_profile("demo-market", {"MIMAMORI_DEMO_URL": "http://127.0.0.1:9"})
    opened = RunState.open(app_cfg, profile, database, triggered_by="unit")
    yield opened
    if opened.store.writer._thread.is_alive():
        opened.close()


def test_open_writes_the_run_row_and_names_the_warc(state: RunState, database: Database) -> None:
    with database.session() as session:
        run = session.get(CrawlRun, state.run_id)
        assert run is not None
        assert (run.profile, run.platform, run.triggered_by) == ("demo-market", "market", "unit")
        assert run.status == "running" and run.tool_commit == "0" * 40
    assert state.run.browser_version is None  # a static profile starts no browser
    assert state.run.warc_basename().startswith(f"mimamori-demo-market-run{state.run_id:06d}-")
    info = state.run.warcinfo()
    assert info["mimamori-profile"] == "demo-market" and info["browser"] == "none"
    # One concern per attribute, all sharing the run's counters and store.
    assert state.recorder.store is state.store
    assert state.recorder.counters is state.counters
    assert state.media.recorder is state.recorder


def test_state_hangs_off_the_crawler(state: RunState) -> None:
    crawler = SimpleNamespace()
    attach(crawler, state)
    assert run_state(crawler) is state
    with pytest.raises(RuntimeError, match="no mimamori run state"):
        run_state(SimpleNamespace())


def test_errors_are_counted_and_stored(state: RunState, database: Database) -> None:
    state.record_error(url="http://x.test/a", kind="timeout", message="slow " * 1000)
    state.record_error(url="http://x.test/b", kind="timeout", message="slow")
    state.record_error(url="http://x.test/c", kind="http_404", message="gone")
    assert state.error_counts() == {"timeout": 2, "http_404": 1}
    finished = datetime.now(UTC)
    state.store.submit(
        lambda session: state.finish_row(
            session, at=finished, reason="finished", summary={"pages": 3}, problems=[]
        )
    )
    state.close()
    with database.session() as session:
        errors = session.query(CrawlError).filter_by(run_id=state.run_id).all()
        assert sorted(e.kind for e in errors) == ["http_404", "timeout", "timeout"]
        assert max(len(e.message) for e in errors) == 2000
        run = session.get(CrawlRun, state.run_id)
        assert run is not None
        assert (run.status, run.health_ok, run.stats) == ("finished", True, {"pages": 3})


def test_minor_risk_map_marks_accounts_and_reads_post_text() -> None:
    risky = MinorRiskMap(lambda text: "JK" in text)
    assert not risky.check_account("a1", "adult photos")
    assert risky.check_account("a2", "JK uniform")
    assert risky.is_minor("a2")
    assert not risky.is_minor("a1")
    assert risky.is_minor("a1", "post about JK")
    assert not risky.text_is_minor("")


def test_browser_contexts_rotate_and_retire_when_empty() -> None:
    rotation = ContextRotation(per_context=2)
    first, second, third = rotation.take(), rotation.take(), rotation.take()
    assert (first, second, third) == ("mimamori-0", "mimamori-0", "mimamori-1")
    assert not rotation.release(first)  # one page of the retired context still open
    assert rotation.release(second)  # the last one: close the context
    assert not rotation.release(third)  # the current context stays open


def test_failures_are_named_for_operators() -> None:
    refused = Failure(PrivateAddressRefused("10.0.0.1 is a private address"))
    assert classify_failure(refused)[0] == "private_address_refused"
    robots = Failure(IgnoreRequest("Forbidden by robots.txt"))
    assert classify_failure(robots) == ("robots_forbidden", "forbidden by robots.txt")
    assert classify_failure(Failure(IgnoreRequest("max redirections reached")))[0] == (
        "redirect_loop"
    )
    assert classify_failure(Failure(TimeoutError("took too long")))[0] == "timeout"
    assert classify_failure(Failure(ValueError("odd")))[0] == "valueerror"
