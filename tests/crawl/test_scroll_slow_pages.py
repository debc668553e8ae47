"""Infinite scroll in the real Chromium against a local server whose list API answers
slowly: every item is loaded however long each page of the list takes (a busy machine), and
a page that never stops fetching still ends the scroll."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.async_api import async_playwright

from crawler.capture.browser import scroll_until_stable
from crawler.provenance import CHROMIUM_PATH
from crawler.settings import CHROMIUM_ARGS

PAGES = 4
PER_PAGE = 5
SLOW_S = 0.9  # each page of the list: far longer than two of the scroll's waits

LIST_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<style>li{height:400px} #end{height:20px}</style></head><body>
<ol id="list"></ol><div id="end"></div>
<script>
let next = 0, loading = false;
const list = document.getElementById("list"), end = document.getElementById("end");
function load() {
  loading = true;
  fetch("/items?page=" + next).then(r => r.json()).then(data => {
    for (const text of data.items) { const li = document.createElement("li");
      li.className = "item"; li.textContent = text; list.appendChild(li); }
    next = data.next; loading = false;
  });
}
new IntersectionObserver(es => { if (!loading && next !== null && es.some(e => e.isIntersecting)) load(); },
  {rootMargin: "100px"}).observe(end);
load();
</script></body></html>"""

# A busy browser: the list starts fetching its next page a second after the scroll.
LATE_PAGE = LIST_PAGE.replace(
    "es.some(e => e.isIntersecting)) load();",
    "es.some(e => e.isIntersecting)) { loading = true; setTimeout(load, 1000); }",
)

BUSY_PAGE = """<!DOCTYPE html><html><body><p class="item">one</p>
<script>setInterval(() => fetch("/ping"), 50);</script></body></html>"""


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/items":
            page = int(parse_qs(url.query)["page"][0])
            time.sleep(SLOW_S)
            items = [f"item {page * PER_PAGE + i}" for i in range(PER_PAGE)]
            body = json.dumps({"items": items, "next": page + 1 if page + 1 < PAGES else None})
            self._send(body.encode(), "application/json")
        elif url.path == "/late":
            self._send(LATE_PAGE.encode(), "text/html; charset=utf-8")
        elif url.path == "/busy":
            self._send(BUSY_PAGE.encode(), "text/html; charset=utf-8")
        elif url.path == "/ping":
            self._send(b"{}", "application/json")
        else:
            self._send(LIST_PAGE.encode(), "text/html; charset=utf-8")

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        return None


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


async def _scrolled(url: str, **options: int) -> int:
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = await browser.new_page(viewport={"width": 800, "height": 600})
            await page.goto(url)
            await page.wait_for_selector(".item", timeout=10_000)
            return await scroll_until_stable(page, ".item", 20, 150, **options)
        finally:
            await browser.close()


def test_a_slow_list_is_scrolled_to_its_last_item(site: str) -> None:
    # Each page takes 0.9 s; the scroll waits 0.15 s at a time. Counting after a fixed wait
    # stopped after the first page; waiting for the network to go quiet loads all four.
    assert asyncio.run(_scrolled(site + "/list")) == PAGES * PER_PAGE


def test_a_page_that_never_stops_fetching_still_ends_the_scroll(site: str) -> None:
    began = time.monotonic()
    assert asyncio.run(_scrolled(site + "/busy", settle_timeout_ms=600)) == 1
    # Two scrolls without growth, each given at most about 0.6 s to settle.
    assert time.monotonic() - began < 20


def test_a_list_that_starts_its_fetch_late_is_still_scrolled_to_its_end(site: str) -> None:
    # Each next page starts fetching 1 s after the scroll (0.15 s waits): two quiet scrolls
    # alone ended the list at its first page; the stable time and the nudge wait for it.
    assert asyncio.run(_scrolled(site + "/late")) == PAGES * PER_PAGE


def test_a_fetch_the_page_began_before_the_scroll_is_seen() -> None:
    # The crawler's page set-up (guard_page) starts watching before the page loads, so a
    # fetch the page's scripts began before the scroll is waited for too.
    from crawler.capture import browser

    class _Page:
        def __init__(self) -> None:
            self.handlers: dict[str, object] = {}

        def on(self, event: str, handler: object) -> None:
            self.handlers[event] = handler

    page = _Page()
    watcher = browser.watch_requests(page)  # type: ignore[arg-type]
    page.handlers["request"]("GET /items?page=1")  # type: ignore[operator]
    assert browser.watch_requests(page) is watcher and watcher.pending == {"GET /items?page=1"}
