"""app.js in a real headless Chromium: the profile renders and scrolling loads page 2."""

from __future__ import annotations

import pytest

from crawler.demo_site import DemoSite, build_world

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def test_profile_renders_and_infinite_scroll_loads_more(site: DemoSite) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    acc = build_world(1).account("social", "ai_bijin_lab_samples")
    assert acc is not None and len(acc.posts) == 11
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 800, "height": 700})
            page.goto(site.base_url + "/social/@ai_bijin_lab_samples")
            page.wait_for_selector('#app[data-state="ready"]', timeout=10000)
            profile = page.locator(".sc-profile")
            assert profile.get_attribute("data-user-id") == str(acc.account_id)
            assert page.inner_text(".sc-profile__name") == acc.display_name
            assert page.inner_text(".sc-profile__bio") == acc.bio
            assert page.locator(".sc-post").count() == 5
            page.mouse.wheel(0, 20000)
            page.wait_for_function(
                "document.querySelectorAll('.sc-post').length >= 10", timeout=10000
            )
            page.mouse.wheel(0, 20000)
            page.wait_for_selector('.sc-timeline__sentinel[data-state="end"]', timeout=10000)
            ids = page.eval_on_selector_all(".sc-post", "els => els.map(e => e.dataset.postId)")
            assert ids == [str(p.post_id) for p in acc.posts]

            page.goto(site.base_url + "/social/explore")
            page.wait_for_selector('#app[data-state="ready"]', timeout=10000)
            hrefs = page.eval_on_selector_all(
                "a.sc-explore__link", "els => els.map(e => e.getAttribute('href'))"
            )
            assert "/social/@ai_bijin_lab_samples" in hrefs and len(hrefs) == 15
        finally:
            browser.close()
