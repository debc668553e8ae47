"""BrowserPageMiddleware with a stand-in page: every page it takes is closed on every path."""

from __future__ import annotations

import asyncio
from collections import Counter
from types import SimpleNamespace
from typing import Any

from scrapy import Request
from scrapy.http import HtmlResponse

from crawler.middlewares.browser_pages import BrowserPageMiddleware
from spiders.contract import EVIDENCE_META, RENDER_META, RENDERED_META, RenderPlan
from spiders.profile import load_profile

URL = "http://127.0.0.1:9/social/@seller"


class _Locator:
    async def count(self) -> int:
        return 1


class _Context:
    closed = False

    async def close(self) -> None:
        self.closed = True


class _Page:
    def __init__(self) -> None:
        self.context = _Context()
        self.closed = False

    async def content(self) -> str:
        return "<html><body><p>rendered</p></body></html>"

    async def inner_text(self, _selector: str) -> str:
        return "rendered"

    def locator(self, _selector: str) -> _Locator:
        return _Locator()

    async def wait_for_selector(self, *_: Any, **__: Any) -> None:
        return None

    async def wait_for_load_state(self, *_: Any) -> None:
        return None

    async def evaluate(self, *_: Any) -> int:
        return 0

    async def add_style_tag(self, **_: Any) -> None:
        return None

    async def screenshot(self, **_: Any) -> bytes:
        return b"PNG"

    async def close(self) -> None:
        self.closed = True


class _Recorder:
    def __init__(self) -> None:
        self.written: list[str] = []

    def record_dom(self, url: str, html: str, concurrent_to: str | None) -> str:
        self.written.append("dom")
        return "<urn:uuid:dom>"

    def record_screenshot(self, url: str, png: bytes, concurrent_to: str | None) -> str:
        self.written.append("screenshot")
        return "<urn:uuid:shot>"


def _middleware() -> tuple[BrowserPageMiddleware, _Recorder, Counter[str]]:
    profile = load_profile("demo-social", {"MIMAMORI_DEMO_URL": "http://127.0.0.1:9"})
    recorder = _Recorder()
    stats: Counter[str] = Counter()
    state = SimpleNamespace(
        profile=profile,
        recorder=recorder,
        minor_risk=SimpleNamespace(text_is_minor=lambda text: False),
        record_error=lambda **kw: None,
    )
    crawler = SimpleNamespace(stats=SimpleNamespace(inc_value=lambda key: stats.update([key])))
    return BrowserPageMiddleware(crawler, state), recorder, stats  # type: ignore[arg-type]


def _request() -> Request:
    plan = RenderPlan(wait_until="load", allowed_hosts=("127.0.0.1",), wait_for="#app")
    return Request(URL, meta={RENDER_META: plan})


def _downloaded(middleware: BrowserPageMiddleware, status: int) -> tuple[Request, _Page, Any]:
    request = _request()
    middleware.process_request(request)
    page = _Page()
    request.meta["playwright_page"] = page
    response = HtmlResponse(URL, status=status, body=b"<html></html>", request=request)
    out = asyncio.run(middleware.process_response(request, response))
    return request, page, out


def test_render_plan_becomes_a_playwright_request() -> None:
    middleware, _, _ = _middleware()
    request = _request()
    middleware.process_request(request)
    meta = request.meta
    assert meta["playwright"] and meta["playwright_include_page"]
    assert meta["playwright_context"] == "mimamori-0"
    assert meta["playwright_page_goto_kwargs"] == {"wait_until": "load"}
    assert meta["mimamori_allowed_hosts"] == ["127.0.0.1"]
    assert meta["playwright_page_event_handlers"]["response"] == middleware.traffic.on_response


def test_a_rendered_page_is_captured_closed_and_handed_over_as_its_dom() -> None:
    middleware, recorder, stats = _middleware()
    request, page, response = _downloaded(middleware, 200)
    assert page.closed and "playwright_page" not in request.meta
    assert recorder.written == ["dom", "screenshot"]
    assert request.meta[EVIDENCE_META] == ["<urn:uuid:dom>", "<urn:uuid:shot>"]
    assert request.meta[RENDERED_META]
    assert b"rendered" in response.body and response.encoding == "utf-8"
    assert stats["mimamori/screenshots"] == 1


def test_error_pages_are_closed_without_capture() -> None:
    middleware, recorder, _ = _middleware()
    request, page, response = _downloaded(middleware, 404)
    assert page.closed and recorder.written == []
    assert RENDERED_META not in request.meta and response.status == 404


def test_a_failed_download_closes_its_page() -> None:
    middleware, _, _ = _middleware()
    request = _request()
    middleware.process_request(request)
    page = _Page()
    request.meta["playwright_page"] = page
    asyncio.run(middleware.process_exception(request, TimeoutError("navigation")))
    assert page.closed and "playwright_page" not in request.meta


def test_retired_contexts_are_closed_with_their_last_page() -> None:
    middleware, _, stats = _middleware()
    middleware.contexts.per_context = 2
    _, first_page, _ = _downloaded(middleware, 200)
    assert not first_page.context.closed  # its context still takes new pages
    _, second_page, _ = _downloaded(middleware, 200)
    assert second_page.context.closed  # served its share and has no page left
    assert stats["mimamori/browser_contexts_rotated"] == 1
