"""Browser-side evidence: page guards, media blurring before screenshots, infinite scroll."""

from __future__ import annotations

import logging
import time
from typing import Any
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

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
    watch_requests(page)  # from before the first request, for the scroll (see below)
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
    """The page's requests that started and have not finished or failed, and how many have
    started: a scroll counts its items once the network is quiet, not after a fixed wait
    that a slow (or busy) machine overruns. Watched from the page's creation (guard_page),
    so a fetch the page's own scripts began before the scroll is seen too."""

    def __init__(self, page: Page) -> None:
        # No reference to the page is kept: the registry below holds watchers by a weak
        # reference to their page, which a strong one back would keep alive for ever.
        self.pending: set[PlaywrightRequest] = set()
        self.started = 0
        page.on("request", self._start)
        page.on("requestfinished", self._end)
        page.on("requestfailed", self._end)

    def _start(self, request: PlaywrightRequest) -> None:
        self.pending.add(request)
        self.started += 1

    def _end(self, request: PlaywrightRequest) -> None:
        self.pending.discard(request)

    async def quiet(self, page: Page, wait_ms: int, timeout_ms: int) -> bool:
        """Wait until a whole ``wait_ms`` passes with nothing in flight and nothing new
        started (bounded by ``timeout_ms``); False if the page never went quiet."""
        waited = 0
        while waited < timeout_ms:
            started_before = self.started
            await page.wait_for_timeout(wait_ms)
            waited += wait_ms
            if not self.pending and self.started == started_before:
                return True
        return False


_REQUESTS: WeakKeyDictionary[Page, _RequestsInFlight] = WeakKeyDictionary()


def watch_requests(page: Page) -> _RequestsInFlight:
    """The page's request watcher, started on first use (guard_page starts it before the
    page loads; a page that reaches a scroll without it is watched from then on)."""
    watcher = _REQUESTS.get(page)
    if watcher is None:
        watcher = _REQUESTS[page] = _RequestsInFlight(page)
    return watcher


_TO_BOTTOM = "window.scrollTo(0, document.documentElement.scrollHeight)"
# Up one screen and back down: a list that missed the last scroll sees its end arrive again.
_NUDGE = f"window.scrollBy(0, -window.innerHeight); requestAnimationFrame(() => {_TO_BOTTOM})"
# How long a list must show no new item before it counts as ended. A busy browser may start
# the next page's fetch a second or more after the scroll that asked for it.
SCROLL_STABLE_S = 3.0


async def scroll_until_stable(
    page: Page,
    item_selector: str,
    max_scrolls: int,
    wait_ms: int,
    settle_timeout_ms: int = SCROLL_SETTLE_TIMEOUT_MS,
) -> int:
    """Scroll to the bottom until the number of items stops growing; returns the item count.

    After each scroll the page's requests are awaited (see _RequestsInFlight): the items are
    counted once the page has fetched and rendered what the scroll asked for. The list ends
    after two scrolls without a new item and SCROLL_STABLE_S without one, the last of that
    time after a nudge."""
    items = page.locator(item_selector)
    network = watch_requests(page)
    count = await items.count()
    grew_at, unchanged = time.monotonic(), 0
    for _ in range(max_scrolls):
        await page.evaluate(_TO_BOTTOM)
        await _settle_network(page, network, wait_ms, settle_timeout_ms)
        new_count = await items.count()
        if new_count == count:
            unchanged += 1
            if unchanged < 2:
                continue
            remaining = SCROLL_STABLE_S - (time.monotonic() - grew_at)
            if remaining > 0:
                await page.evaluate(_NUDGE)
                await page.wait_for_timeout(round(remaining * 1000))
                await _settle_network(page, network, wait_ms, settle_timeout_ms)
                new_count = await items.count()
            if new_count == count:
                break
        count, grew_at, unchanged = new_count, time.monotonic(), 0
    await page.evaluate("window.scrollTo(0, 0)")
    return count


async def _settle_network(
    page: Page, network: _RequestsInFlight, wait_ms: int, timeout_ms: int
) -> None:
    if not await network.quiet(page, wait_ms, timeout_ms):
        logger.info("the page kept fetching for %d ms after a scroll", timeout_ms)


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
