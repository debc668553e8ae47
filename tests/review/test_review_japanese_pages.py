"""Every page of the review app in Japanese, in the real Chromium, at desktop and phone width:
the page says it is Japanese, its own words are Japanese (scraped text aside), and it never
scrolls sideways."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from review_helpers import sign_in_page

pytestmark = pytest.mark.browser

WIDTHS = (1366, 390)
# Data rather than interface words: people's sign-in names, platform and profile ids,
# key names and the product's own name.
NOT_INTERFACE = {
    "mimamori", "adm", "ana", "vol1", "vol2", "vol3", "JST", "UTC", "Enter", "Esc",
    "PDQ", "WARC", "WACZ", "CSV", "JSON", "PDF", "HTML", "URL", "YAML", "AI", "SHA", "HTTP",
    "JPY", "USD", "EUR",
    "ID", "vol",  # "ID" is written so in Japanese too; "vol" is what the word pattern finds in vol1
}  # fmt: skip

# The interface's own text: the page without what the crawl found (isolated in <bdi> or
# marked as scraped), without key caps, code, digests, data marked translate="no" (platform
# names) and the product name in the corner.
OWN_TEXT = """() => {
  const skip = 'bdi, .scraped, .url, .hash, kbd, code, script, style, .platform, .brand, '
    + '[lang="en"], [translate="no"]';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const words = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.parentElement.closest(skip)) { words.push(node.textContent); }
  }
  document.querySelectorAll('[title], [placeholder], [alt], [aria-label]').forEach((el) => {
    if (el.closest(skip)) { return; }
    for (const name of ['title', 'placeholder', 'alt', 'aria-label']) {
      if (el.getAttribute(name)) { words.push(el.getAttribute(name)); }
    }
  });
  return words.join(' ');
}"""
PAGE_WIDTH = "() => document.documentElement.scrollWidth"


def _pages(world) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        "/queue",
        f"/review/{world.flags['storefront']}",
        f"/accounts/{world.accounts['fl-1001']}",
        "/dashboard",
        "/search?q=AIko",
        "/watchlist",
        "/watchlist?edit=p-001",
        f"/review/{world.flags['storefront']}/name/suggestions",
        "/exports",
        "/audit",
        "/admin/users",
        "/admin/profiles",
        "/admin/profiles/demo-fanclub",
        "/no-such-page",
    ]


@pytest.fixture(scope="module")
def signed_in_pages(live, browser) -> Iterator:  # type: ignore[no-untyped-def]
    server, _environment = live
    contexts = {}
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="ja-JP")
        page = context.new_page()
        sign_in_page(page, server.url, "adm")
        contexts[width] = (context, page)
    yield contexts
    for context, _page in contexts.values():
        context.close()


def _english_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in NOT_INTERFACE]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_is_japanese_and_fits_the_screen(live, signed_in_pages, width: int) -> None:  # type: ignore[no-untyped-def]
    server, environment = live
    _context, page = signed_in_pages[width]
    problems: dict[str, object] = {}
    for path in _pages(environment.world):
        page.goto(server.url + path)
        if page.evaluate("() => document.documentElement.lang") != "ja":
            problems[path] = "lang is not ja"
        english = _english_words(page.evaluate(OWN_TEXT))
        if english:
            problems[path] = " ".join(sorted(set(english))[:30])
        wide = page.evaluate(PAGE_WIDTH)
        if wide > width:
            problems[path + " width"] = wide
    assert problems == {}


def test_the_sign_in_page_is_japanese_and_fits_a_phone(live, browser) -> None:  # type: ignore[no-untyped-def]
    server, _environment = live
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP")
    page = context.new_page()
    page.goto(server.url + "/login")
    assert page.evaluate("() => document.documentElement.lang") == "ja"
    assert _english_words(page.evaluate(OWN_TEXT)) == []
    assert page.evaluate(PAGE_WIDTH) <= 390
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.evaluate("() => document.documentElement.lang") == "en"
    assert "Sign in" in page.inner_text("h1")
    context.close()
