"""Capture a page rendered in the browser: wait, scroll, click "load more", DOM snapshot,
blurred screenshot.

The DOM and the screenshot come from the same page load whose traffic is in the WARC
(a screenshot alone can be faked), and both are WARC resource records concurrent to
the page's main response record (docs/architecture.md, "Capture").
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from crawler.capture import browser
from crawler.capture.load_more import GONE, click_until_gone
from crawler.capture.recorder import Recorder
from crawler.capture.traffic import BrowserTraffic
from spiders.contract import ReceivedJson, RenderPlan

logger = logging.getLogger(__name__)

SCROLL_ITEMS_TIMEOUT_MS = 5000
# The text a minor-risk check reads from a rendered page.
MINOR_CHECK_CHARS = 200_000


@dataclass(frozen=True)
class ScreenshotPolicy:
    enabled: bool
    blur_media: bool


@dataclass(frozen=True)
class CapturedPage:
    html: str
    records: list[str]
    minor_risk: bool
    received_json: tuple[ReceivedJson, ...] = ()


class PageCapture:
    """Renders and records one browser page at a time; the caller closes the page."""

    def __init__(
        self,
        recorder: Recorder,
        traffic: BrowserTraffic,
        screenshots: ScreenshotPolicy,
        *,
        text_is_minor: Callable[[str], bool],
        report_problem: Callable[[str, str, str], None],
        count: Callable[[str], None],
    ) -> None:
        self.recorder = recorder
        self.traffic = traffic
        self.screenshots = screenshots
        self.text_is_minor = text_is_minor
        self.report_problem = report_problem
        self.count = count

    async def capture(self, page: Any, url: str, plan: RenderPlan) -> CapturedPage:
        await self._settle(page, url, plan)
        actions = await self._load_more(page, url, plan)
        html = await page.content()
        text = await page.inner_text("body") if await page.locator("body").count() else ""
        minor = self.text_is_minor(text[:MINOR_CHECK_CHARS])
        if minor:
            self.count("mimamori/minor_risk_pages")
        traffic = await self.traffic.drain(page)
        records = list(traffic.records)
        main = traffic.main
        records.append(self.recorder.record_dom(url, html, main))
        if actions is not None:
            records.append(self.recorder.record_page_actions(url, actions, main))
        if self.screenshots.enabled:
            png = await browser.screenshot(
                page, hide_media=minor, blur_media=self.screenshots.blur_media or minor
            )
            records.append(self.recorder.record_screenshot(url, png, main))
            self.count("mimamori/screenshots")
        # Anything the page fetched while we scrolled or captured.
        traffic = await self.traffic.drain(page)
        records.extend(r for r in traffic.records if r not in records)
        return CapturedPage(
            html=html,
            records=records,
            minor_risk=minor,
            received_json=tuple(traffic.received_json),
        )

    async def _settle(self, page: Any, url: str, plan: RenderPlan) -> None:
        """Wait for what the profile says the page shows, and scroll infinite lists out."""
        if plan.wait_for:
            try:
                await page.wait_for_selector(
                    plan.wait_for, timeout=round(plan.wait_timeout_s * 1000)
                )
            except Exception:
                self.report_problem(
                    url,
                    "render_timeout",
                    f"{plan.wait_for!r} did not appear within {plan.wait_timeout_s:g} s",
                )
        if plan.scroll is not None:
            spec = plan.scroll
            try:
                await page.wait_for_selector(spec.item_selector, timeout=SCROLL_ITEMS_TIMEOUT_MS)
            except Exception:
                logger.info("no %s on %s before scrolling", spec.item_selector, url)
            await browser.scroll_until_stable(
                page, spec.item_selector, spec.max_scrolls, spec.wait_ms
            )
        if plan.wait_until == "networkidle":
            await page.wait_for_load_state("networkidle")

    async def _load_more(self, page: Any, url: str, plan: RenderPlan) -> dict[str, Any] | None:
        """Click "load more" out; what was done becomes a record of the page's evidence."""
        if plan.load_more is None:
            return None
        result = await click_until_gone(page, plan.load_more)
        self.count("mimamori/load_more_pages")
        if result.stopped != GONE:
            self.report_problem(
                url,
                "load_more_incomplete",
                f"stopped clicking {plan.load_more.selector!r} after {result.clicks} clicks: "
                f"{result.stopped}" + (f" ({result.error})" if result.error else ""),
            )
        return result.as_record(plan.load_more)
