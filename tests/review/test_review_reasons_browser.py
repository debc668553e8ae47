"""The reasons in a real browser, in Japanese at phone width: the queue, the item and the
account page fit 390 px (long labels and words wrap), and each family's chip is drawn with
its own colour and its own swatch pattern, so families stay apart in grayscale too."""

from __future__ import annotations

import pytest
from review_helpers import sign_in_page

pytestmark = pytest.mark.browser

PAGE_WIDTH = "() => document.documentElement.scrollWidth"
CHIP_LOOKS = """() => [...document.querySelectorAll('.why-flagged .family-chip')].map(chip => {
  const swatch = getComputedStyle(chip.querySelector('.swatch'));
  return [chip.querySelector('.chip-label').textContent, getComputedStyle(chip).backgroundColor,
          swatch.backgroundImage + ' ' + swatch.backgroundColor];
})"""


def _signed_in_page(browser, server, width: int):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": 844}, locale="ja-JP")
    page = context.new_page()
    sign_in_page(page, server.url, "ana")
    return context, page


def test_reason_pages_fit_a_phone_in_japanese(live, browser) -> None:  # type: ignore[no-untyped-def]
    server, env = live
    context, page = _signed_in_page(browser, server, 390)
    for path in (
        "/queue",
        f"/review/{env.world.flags['storefront']}",
        f"/accounts/{env.world.accounts['fl-1001']}",
    ):
        page.goto(server.url + path)
        assert page.locator(".family-chip").first.is_visible(), path
        assert page.evaluate(PAGE_WIDTH) <= 390, path
    context.close()


def test_each_family_has_its_own_colour_and_pattern(live, browser) -> None:  # type: ignore[no-untyped-def]
    server, env = live
    context, page = _signed_in_page(browser, server, 1366)
    page.goto(server.url + f"/review/{env.world.flags['storefront']}")
    looks = page.evaluate(CHIP_LOOKS)
    labels = [label for label, _, _ in looks]
    assert labels[:2] == ["名前が挙がった人物", "実在の人物だという語句"]
    assert len(looks) == 5
    assert len({colour for _, colour, _ in looks}) == 5  # a colour per family
    assert len({pattern for _, _, pattern in looks}) == 5  # and a pattern, for grayscale
    context.close()
