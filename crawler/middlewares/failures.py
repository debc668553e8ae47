"""Name a failed request in words an operator can act on (stored as the run's crawl errors)."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.middlewares.address_guard import PrivateAddressRefused
from crawler.middlewares.redirect_loop import RedirectLoop


def classify_failure(failure: Failure) -> tuple[str, str]:
    """(kind, message) for a failed request."""
    exc = failure.value
    name = type(exc).__name__
    message = str(exc) or name
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}", f"HTTP {exc.response.status} for {exc.response.url}"
    if isinstance(exc, PrivateAddressRefused):
        return "private_address_refused", message
    if isinstance(exc, RedirectLoop):
        return "redirect_loop", message
    if isinstance(exc, IgnoreRequest):
        return _ignored(message)
    if name == "DownloadCancelledError" or "max size" in message:
        return "too_large", message
    if name in ("DownloadTimeoutError", "TimeoutError", "TCPTimedOutError") or "Timeout" in message:
        return "timeout", message
    if name in ("DownloadConnectionRefusedError", "ConnectionRefusedError"):
        return "connection_refused", message
    if name == "CannotResolveHostError" or "DNS" in name:
        return "dns", message
    return name.lower(), message


def _ignored(message: str) -> tuple[str, str]:
    if "max redirections" in message:
        return "redirect_loop", "too many redirects (a redirect loop?)"
    if "robots.txt" in message.lower():
        return "robots_forbidden", "forbidden by robots.txt"
    if "offsite" in message.lower():
        return "offsite", message
    return "ignored", message
