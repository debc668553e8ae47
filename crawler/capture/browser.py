"""Browser-side evidence: page guards, media blurring before screenshots, infinite scroll."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import Page, Route
from playwright.async_api import Request as PlaywrightRequest

logger = logging.getLogger(__name__)

# Blur every kind of picture a page can show, including CSS backgrounds, before a screenshot.
BLUR_CSS = """
img, video, picture, canvas, svg image, iframe, embed, object {
  filter: blur(28px) grayscale(35%) !important;
}
"""
# Background images come from stylesheets as often as from inline styles: find them by
# their computed style and blur those elements too.
BLUR_BACKGROUNDS_JS = """
() => {
  for (const el of document.querySelectorAll('*')) {
    const bg = getComputedStyle(el).backgroundImage;
    if (bg && bg.includes('url(')) el.style.setProperty('filter', 'blur(28px)', 'important');
  }
}
"""
# For pages that may involve minors: show no picture at all, not even blurred (docs/architecture.md, "Safety").
HIDE_CSS = """
img, video, picture, canvas, svg image, iframe, embed, object { visibility: hidden !important; }
* { background-image: none !important; }
"""


def _host_allowed(url: str, allowed_hosts: list[str]) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    host = (parts.hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in allowed_hosts)


async def guard_page(page: Page, request: Any) -> None:
    """scrapy-playwright page init callback: the browser may only talk to the profile's hosts.

    Keeps a rendered page from reaching third-party (or private) addresses that the
    Scrapy-side address guard never sees.
    """
    allowed = [h.lower() for h in request.meta.get("mimamori_allowed_hosts", [])]
    block_media = bool(request.meta.get("mimamori_block_media"))

    async def handle(route: Route, pw_request: PlaywrightRequest) -> None:
        if not _host_allowed(pw_request.url, allowed):
            await route.abort("blockedbyclient")
            return
        if block_media and pw_request.resource_type in ("image", "media"):
            await route.abort("blockedbyclient")
            return
        await route.fallback()

    await page.route("**/*", handle)


# After a scroll, how long the page may keep fetching before we count what it shows anyway.
SCROLL_SETTLE_TIMEOUT_MS = 15_000


class _RequestsInFlight:
    """The page's requests that started and have not finished or failed, and whether any
    started since the last look: a scroll counts its items once the network is quiet, not
    after a fixed wait that a slow (or busy) machine overruns."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.pending: set[PlaywrightRequest] = set()
        self.started = 0

    def _start(self, request: PlaywrightRequest) -> None:
        self.pending.add(request)
        self.started += 1

    def _end(self, request: PlaywrightRequest) -> None:
        self.pending.discard(request)

    def __enter__(self) -> _RequestsInFlight:
        self.page.on("request", self._start)
        self.page.on("requestfinished", self._end)
        self.page.on("requestfailed", self._end)
        return self

    def __exit__(self, *exc: object) -> None:
        self.page.remove_listener("request", self._start)
        self.page.remove_listener("requestfinished", self._end)
        self.page.remove_listener("requestfailed", self._end)

    async def quiet(self, wait_ms: int, timeout_ms: int) -> bool:
        """Wait until a whole ``wait_ms`` passes with nothing in flight and nothing new
        started (bounded by ``timeout_ms``); False if the page never went quiet."""
        waited = 0
        while waited < timeout_ms:
            started_before = self.started
            await self.page.wait_for_timeout(wait_ms)
            waited += wait_ms
            if not self.pending and self.started == started_before:
                return True
        return False


async def scroll_until_stable(
    page: Page,
    item_selector: str,
    max_scrolls: int,
    wait_ms: int,
    settle_timeout_ms: int = SCROLL_SETTLE_TIMEOUT_MS,
) -> int:
    """Scroll to the bottom until the number of items stops growing; returns the item count.

    After each scroll the page's requests are awaited (see _RequestsInFlight): the items are
    counted once the page has fetched and rendered what the scroll asked for."""
    items = page.locator(item_selector)
    count = await items.count()
    unchanged = 0
    with _RequestsInFlight(page) as network:
        for _ in range(max_scrolls):
            await page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
            if not await network.quiet(wait_ms, settle_timeout_ms):
                logger.info("the page kept fetching for %d ms after a scroll", settle_timeout_ms)
            new_count = await items.count()
            if new_count == count:
                unchanged += 1
                # Twice in a row: a page that loads on a second nudge gets its chance.
                if unchanged >= 2:
                    break
            else:
                unchanged = 0
            count = new_count
    await page.evaluate("window.scrollTo(0, 0)")
    return count


# Wait (boundedly) for images still loading, so the screenshot shows what the page showed.
IMAGES_SETTLED_JS = """
(timeoutMs) => Promise.race([
  Promise.all([...document.images].filter(i => !i.complete).map(
    i => new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); }))),
  new Promise(r => setTimeout(r, timeoutMs)),
])
"""


async def screenshot(page: Page, *, hide_media: bool, blur_media: bool) -> bytes:
    """Full-page PNG with pictures blurred (or hidden for minor-risk pages)."""
    if not hide_media:
        await page.evaluate(IMAGES_SETTLED_JS, 5000)
    css = HIDE_CSS if hide_media else (BLUR_CSS if blur_media else "")
    if css:
        await page.add_style_tag(content=css)
        if not hide_media:
            await page.evaluate(BLUR_BACKGROUNDS_JS)
        # Let the style apply before the capture.
        await page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
    return await page.screenshot(full_page=True, type="png", animations="disabled")
