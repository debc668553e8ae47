"""Scrapy settings for one profile: politeness, limits, evidence middlewares, the browser."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from crawler.provenance import CHROMIUM_PATH, user_agent
from spiders.profile import Profile

if TYPE_CHECKING:
    from scrapy.crawler import AsyncCrawlerProcess

ASYNCIO_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# Flags that keep Chromium off the network except for the pages we ask for: background
# networking is refused on the crawl machines and only slows the browser down.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def browser_context_kwargs(profile: Profile) -> dict[str, Any]:
    """Every browser context mimamori opens looks the same (contexts are rotated by
    crawler.middlewares.browser_pages)."""
    return {
        "viewport": {"width": 1280, "height": 900},
        "locale": "ja-JP",
        "timezone_id": "Asia/Tokyo",
        "service_workers": "block",
        "user_agent": profile.politeness.user_agent or user_agent(),
    }


def uses_browser(profile: Profile) -> bool:
    return profile.render or any(rule.render for rule in profile.links)


def base_settings(log_level: str = "WARNING") -> dict[str, Any]:
    return {
        "BOT_NAME": "mimamori",
        "TWISTED_REACTOR": ASYNCIO_REACTOR,
        "LOG_LEVEL": log_level,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_INSTALL_ROOT_HANDLER": True,
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    }


def crawler_process(log_level: str = "WARNING") -> AsyncCrawlerProcess:
    """The Scrapy process crawls run in. Scrapy sets its own loggers to DEBUG and leaves the
    filtering to its handler, so each page's "Crawled" and "Scraped from" records were built
    and dropped (2% of the reactor thread on the 5,000-page bench): records below the run's
    level are not made at all."""
    from scrapy.crawler import AsyncCrawlerProcess
    from scrapy.settings import Settings

    process = AsyncCrawlerProcess(Settings(base_settings(log_level)))
    logging.getLogger("scrapy").setLevel(log_level)
    return process


def profile_settings(
    profile: Profile, *, log_level: str = "WARNING", jobdir: str | None = None
) -> dict[str, Any]:
    p, limits = profile.politeness, profile.limits
    settings: dict[str, Any] = {
        **base_settings(log_level),
        "USER_AGENT": p.user_agent or user_agent(),
        "ROBOTSTXT_OBEY": p.obey_robots_txt,
        "CONCURRENT_REQUESTS": p.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": p.concurrency,
        "DOWNLOAD_DELAY": p.download_delay,
        "DOWNLOAD_DELAY_JITTER": 0.5 if p.download_delay > 0 else 0,
        "AUTOTHROTTLE_ENABLED": p.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(p.download_delay, 0.05),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(p.concurrency),
        "DOWNLOAD_MAXSIZE": limits.max_page_bytes,
        "DOWNLOAD_WARNSIZE": limits.max_page_bytes // 2,
        "DOWNLOAD_TIMEOUT": limits.page_timeout_s,
        "REDIRECT_MAX_TIMES": 10,
        # Scrapy starts this many worker tasks for every callback's output, however few items
        # it yields; pages here yield a handful, and 100 tasks per page cost a third of the
        # crawl's time (profiled on bench/crawl_static.py).
        "CONCURRENT_ITEMS": 8,
        "RETRY_TIMES": 3,
        "CLOSESPIDER_PAGECOUNT": limits.max_pages,
        "CLOSESPIDER_TIMEOUT": limits.max_runtime_s,
        "DEPTH_LIMIT": limits.max_depth,
        "MIMAMORI_ALLOW_PRIVATE_ADDRESSES": profile.allow_private_addresses,
        "MIMAMORI_MAX_RETRY_AFTER": limits.max_retry_after_s,
        "DOWNLOADER_MIDDLEWARES": {
            "crawler.middlewares.address_guard.AddressGuardMiddleware": 50,
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            # Below CookiesMiddleware (700): a cookie set by a 429 answer is already in the
            # jar when the retry passes the cookie middleware again (docs/architecture.md,
            # "Crawl engine").
            "crawler.middlewares.retry_after.RetryAfterMiddleware": 550,
            "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
            "crawler.middlewares.redirect_loop.LoopAwareRedirectMiddleware": 600,
            # After decompression (590) in the response direction: reads the body's text.
            "crawler.middlewares.encoding.EncodingMiddleware": 580,
            # Sees every browser response first (before retries and redirects), so each
            # page it took is closed whatever happens next.
            "crawler.middlewares.browser_pages.BrowserPageMiddleware": 945,
            "crawler.middlewares.evidence.EvidenceMiddleware": 950,
        },
        # Closer to the spider than DepthMiddleware (900): media requests get their page's
        # depth + 1, as the spider's own requests do.
        "SPIDER_MIDDLEWARES": {
            "crawler.middlewares.media.MediaRequestsMiddleware": 950,
        },
        # Detection runs once per account at the end of the run (crawler/flag/judge.py),
        # which also stores each post's own result: no second pass per item on the reactor.
        "ITEM_PIPELINES": {
            "crawler.pipelines.store.StorePipeline": 800,
        },
        "EXTENSIONS": {
            "crawler.extensions.RunLifecycle": 100,
        },
    }
    if jobdir:
        settings["JOBDIR"] = jobdir
    if uses_browser(profile):
        settings.update(browser_settings(profile))
        settings["EXTENSIONS"] = {
            **settings["EXTENSIONS"],
            "scrapy.extensions.memusage.MemoryUsage": None,
            "scrapy_playwright.memusage.ScrapyPlaywrightMemoryUsageExtension": 0,
        }
    return settings


def browser_settings(profile: Profile) -> dict[str, Any]:
    """scrapy-playwright with the system Chromium, for profiles that render pages."""
    return {
        "DOWNLOAD_HANDLERS": {
            "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
            "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
        },
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {
            "executable_path": CHROMIUM_PATH,
            "headless": True,
            "args": CHROMIUM_ARGS,
        },
        # One in use and one being retired (crawler.middlewares.browser_pages.PAGES_PER_CONTEXT).
        "PLAYWRIGHT_MAX_CONTEXTS": 2,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": min(profile.politeness.concurrency, 4),
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": int(profile.limits.page_timeout_s * 1000),
        "MEMUSAGE_ENABLED": True,
        "MEMUSAGE_WARNING_MB": 1500,
    }
