"""Click a page's "load more" button (もっと見る) until it is gone or a limit is reached.

Lists that grow only by clicking are never seen by scrolling. How many clicks were
made and why clicking stopped is part of the page's evidence (docs/architecture.md,
"Capture"): a list cut short by a limit must say so.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from spiders.contract import LoadMorePlan

# How long one click may wait for the button to be clickable (covered, animating).
CLICK_TIMEOUT_MS = 5000

# Why clicking stopped.
GONE = "gone"  # the button disappeared (or was never there): the whole list is loaded
MAX_CLICKS = "max_clicks"
MAX_SECONDS = "max_seconds"
CLICK_FAILED = "click_failed"  # visible but could not be clicked (covered, detached)


@dataclass(frozen=True)
class LoadMoreResult:
    clicks: int
    stopped: str
    seconds: float
    error: str | None = None

    def as_record(self, plan: LoadMorePlan) -> dict[str, Any]:
        return {
            "action": "load_more",
            "selector": plan.selector,
            "clicks": self.clicks,
            "stopped": self.stopped,
            "seconds": round(self.seconds, 3),
            "max_clicks": plan.max_clicks,
            "max_seconds": plan.max_seconds,
            **({"error": self.error} if self.error else {}),
        }


async def click_until_gone(page: Any, plan: LoadMorePlan) -> LoadMoreResult:
    """Click the first visible match of `plan.selector` until none is visible."""
    started = time.monotonic()
    button = page.locator(plan.selector).first
    clicks = 0
    while True:
        elapsed = time.monotonic() - started
        if not await _visible(button):
            return LoadMoreResult(clicks, GONE, elapsed)
        if clicks >= plan.max_clicks:
            return LoadMoreResult(clicks, MAX_CLICKS, elapsed)
        if elapsed >= plan.max_seconds:
            return LoadMoreResult(clicks, MAX_SECONDS, elapsed)
        try:
            await button.click(timeout=CLICK_TIMEOUT_MS)
        except Exception as exc:
            # It may have gone between the check and the click: that is the normal end.
            if not await _visible(button):
                return LoadMoreResult(clicks, GONE, time.monotonic() - started)
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            return LoadMoreResult(clicks, CLICK_FAILED, time.monotonic() - started, message)
        clicks += 1
        await page.wait_for_timeout(plan.wait_ms)


async def _visible(button: Any) -> bool:
    try:
        return bool(await button.is_visible())
    except Exception:
        return False
