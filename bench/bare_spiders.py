"""Baselines measured in the same run as mimamori: a bare Scrapy spider (no pipelines) and a
plain scrapy-playwright spider taking full-page screenshots, 4 pages at a time."""

from __future__ import annotations

import json
import sys
import time

import scrapy
from scrapy.crawler import AsyncCrawlerProcess

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
]


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, start: str, **kwargs):
        super().__init__(**kwargs)
        self.start_url = start

    async def start(self):
        yield scrapy.Request(self.start_url)

    def parse(self, response):
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href)


class BrowserSpider(BareSpider):
    name = "bare-browser"

    async def start(self):
        yield scrapy.Request(
            self.start_url,
            meta={"playwright": True, "playwright_include_page": True},
            callback=self.parse_page,
        )

    async def parse_page(self, response):
        page = response.meta["playwright_page"]
        try:
            await page.screenshot(full_page=True, type="png")
        finally:
            await page.close()
        for href in response.css("a::attr(href)").getall():
            yield response.follow(
                href,
                meta={"playwright": True, "playwright_include_page": True},
                callback=self.parse_page,
            )


def main() -> None:
    mode, start = sys.argv[1], sys.argv[2]
    settings = {
        "LOG_LEVEL": "ERROR",
        "ROBOTSTXT_OBEY": False,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "TELNETCONSOLE_ENABLED": False,
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
    }
    spider = BareSpider
    if mode == "browser":
        spider = BrowserSpider
        settings.update(
            {
                "CONCURRENT_REQUESTS": 4,
                "DOWNLOAD_HANDLERS": {
                    "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
                },
                "PLAYWRIGHT_LAUNCH_OPTIONS": {
                    "executable_path": "/usr/bin/chromium",
                    "headless": True,
                    "args": CHROMIUM_ARGS,
                },
                "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 4,
            }
        )
    process = AsyncCrawlerProcess(settings)
    crawler = process.create_crawler(spider)
    began = time.monotonic()
    process.crawl(crawler, start=start)
    process.start()
    elapsed = time.monotonic() - began
    pages = crawler.stats.get_value("response_received_count", 0)
    print(json.dumps({"pages": pages, "seconds": elapsed}))


if __name__ == "__main__":
    main()
