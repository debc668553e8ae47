"""Redirects that come back to a URL already in their own chain are a loop: say so.

Scrapy's duplicate filter would otherwise drop the looping request silently, and
the operator would never learn that the page could not be captured.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest


class RedirectLoop(IgnoreRequest):
    pass


class LoopAwareRedirectMiddleware(RedirectMiddleware):
    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if redirected.url in chain:
            hops = " → ".join([*chain, redirected.url])
            raise RedirectLoop(f"redirect loop: {hops}")
        return super()._redirect(redirected, request, reason)
