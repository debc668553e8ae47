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


async def scroll_until_stable(
    page: Page, item_selector: str, max_scrolls: int, wait_ms: int
) -> int:
    """Scroll to the bottom until the number of items stops growing; returns the item count."""
    items = page.locator(item_selector)
    count = await items.count()
    unchanged = 0
    for _ in range(max_scrolls):
        await page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        await page.wait_for_timeout(wait_ms)
        new_count = await items.count()
        if new_count == count:
            unchanged += 1
            # Twice in a row: a slow page gets one more chance before we stop.
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
