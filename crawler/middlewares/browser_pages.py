"""Render the pages the spider asked to see in a browser, capture them, and close them.

A request whose meta holds a `RenderPlan` (spiders.contract) becomes a
scrapy-playwright request here. When its response comes back this middleware takes
the page, captures it through the Recorder (network traffic, DOM, blurred
screenshot), closes it, and hands the spider a response whose body is the rendered
DOM. scrapy-playwright requires every page taken with `playwright_include_page` to be
closed on every path: here on the response and on the exception path; the spider's
errback closes any page still left in meta (docs/architecture.md, "Crawl engine").

Long-lived browser contexts grow in memory: a fresh one is started every
`PAGES_PER_CONTEXT` pages and the old one closed once its last page is done.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response

from crawler.capture.page_capture import PageCapture, ScreenshotPolicy
from crawler.capture.traffic import BrowserTraffic
from crawler.runtime import RunState, run_state
from crawler.settings import browser_context_kwargs
from spiders.contract import (
    EVIDENCE_META,
    RECEIVED_JSON_META,
    RENDER_META,
    RENDERED_META,
    RenderPlan,
)

logger = logging.getLogger(__name__)

PAGES_PER_CONTEXT = 200
PAGE_INIT_CALLBACK = "crawler.capture.browser.guard_page"
# Which context a request was given, so its page is counted out of the right one.
_CONTEXT_META = "mimamori_browser_context"


class ContextRotation:
    """Names browser contexts so that each serves at most `per_context` pages."""

    def __init__(self, per_context: int = PAGES_PER_CONTEXT) -> None:
        self.per_context = per_context
        self._assigned = 0
        self._open: dict[str, int] = {}

    def current(self) -> str:
        return f"mimamori-{self._assigned // self.per_context}"

    def take(self) -> str:
        name = self.current()
        self._assigned += 1
        self._open[name] = self._open.get(name, 0) + 1
        return name

    def release(self, name: str) -> bool:
        """Count a page out; True when its context is retired and now has no pages left."""
        left = self._open.get(name, 1) - 1
        self._open[name] = left
        if left <= 0 and name != self.current():
            self._open.pop(name, None)
            return True
        return False


class BrowserPageMiddleware:
    def __init__(self, crawler: Crawler, state: RunState) -> None:
        self.stats = crawler.stats
        self.profile = state.profile
        self.traffic = BrowserTraffic(state.recorder)
        options = state.profile.screenshots
        self.capture = PageCapture(
            state.recorder,
            self.traffic,
            ScreenshotPolicy(enabled=options.enabled, blur_media=options.blur_media),
            text_is_minor=state.minor_risk.text_is_minor,
            report_problem=lambda url, kind, message: state.record_error(
                url=url, kind=kind, message=message
            ),
            count=lambda key: crawler.stats.inc_value(key),  # type: ignore[union-attr]
        )
        self.contexts = ContextRotation()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BrowserPageMiddleware:
        return cls(crawler, run_state(crawler))

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        plan = request.meta.get(RENDER_META)
        if not isinstance(plan, RenderPlan) or _CONTEXT_META in request.meta:
            return
        context_name = self.contexts.take()
        request.meta.update(
            {
                _CONTEXT_META: context_name,
                "playwright": True,
                "playwright_context": context_name,
                "playwright_context_kwargs": browser_context_kwargs(self.profile),
                "playwright_include_page": True,
                "playwright_page_event_handlers": {"response": self.traffic.on_response},
                "playwright_page_init_callback": PAGE_INIT_CALLBACK,
                "playwright_page_goto_kwargs": {"wait_until": plan.wait_until},
                "mimamori_allowed_hosts": list(plan.allowed_hosts),
            }
        )

    async def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        page = request.meta.pop("playwright_page", None)
        plan = request.meta.get(RENDER_META)
        if page is None or not isinstance(plan, RenderPlan):
            await self._release(request, page)
            return response
        try:
            # Only pages the spider will parse are captured, as the spider's callback did.
            if not 200 <= response.status < 300:
                return response
            captured = await self.capture.capture(page, response.url, plan)
        finally:
            await self._release(request, page)
        request.meta.setdefault(EVIDENCE_META, []).extend(captured.records)
        request.meta[RENDERED_META] = True
        if plan.received_json:
            request.meta[RECEIVED_JSON_META] = captured.received_json
        # The spider parses what the browser showed, as HTML whatever the server declared.
        return response.replace(
            cls=HtmlResponse, body=captured.html.encode("utf-8"), encoding="utf-8"
        )

    async def process_exception(
        self, request: Request, exception: BaseException, spider: Spider | None = None
    ) -> None:
        await self._release(request, request.meta.pop("playwright_page", None))

    async def _release(self, request: Request, page: Any) -> None:
        """Close the page, and its browser context once that is retired and empty."""
        context_name = request.meta.pop(_CONTEXT_META, None)
        if page is None:
            if context_name is not None:
                self.contexts.release(context_name)
            return
        self.traffic.forget(page)
        context = page.context
        await page.close()
        if context_name is not None and self.contexts.release(context_name):
            await context.close()
            self.stats.inc_value("mimamori/browser_contexts_rotated")  # type: ignore[union-attr]
