"""At phone width (390 px) the dashboard's chart and the profiles page fit the screen: the
page never scrolls sideways (long start URLs and the flags chart used to push it wide)."""

from __future__ import annotations

import pytest
from review_helpers import sign_in_page

pytestmark = pytest.mark.browser

PAGE_WIDTH = "() => document.documentElement.scrollWidth"


@pytest.mark.parametrize("path", ["/dashboard", "/admin/profiles"])
def test_page_fits_a_phone(live, browser, path: str) -> None:  # type: ignore[no-untyped-def]
    server, _ = live
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in_page(page, server.url, "adm")
    page.goto(server.url + path)
    assert page.evaluate(PAGE_WIDTH) <= 390
    context.close()
