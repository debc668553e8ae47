"""The dashboard and the exports page in Chromium, in Japanese, at desktop and phone width:
nothing scrolls sideways, the chart's dates and ticks stay readable on a phone, and an
export's accounts, file and exporter are on screen."""

from __future__ import annotations

import re

import pytest
from review_helpers import sign_in_page

pytestmark = pytest.mark.browser

PAGE_WIDTH = "() => document.documentElement.scrollWidth"
# Each axis label's rendered size and whether it lies inside the drawing.
AXIS_LABELS = """() => {
  const svg = document.querySelector('svg.chart').getBoundingClientRect();
  return [...document.querySelectorAll('svg.chart text')].map((t) => {
    const box = t.getBoundingClientRect();
    return {text: t.textContent, height: box.height,
            inside: box.left >= svg.left - 0.5 && box.right <= svg.right + 0.5};
  });
}"""


def _signed_in(browser, server, width: int, name: str = "adm"):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="ja-JP")
    page = context.new_page()
    sign_in_page(page, server.url, name)
    return context, page


@pytest.mark.parametrize("width", [1366, 390])
def test_the_chart_s_axis_labels_are_readable_and_inside_it(live, browser, width: int) -> None:  # type: ignore[no-untyped-def]
    server, _environment = live
    context, page = _signed_in(browser, server, width)
    page.goto(server.url + "/dashboard")
    assert page.evaluate(PAGE_WIDTH) <= width
    labels = page.evaluate(AXIS_LABELS)
    dates = [label for label in labels if re.fullmatch(r"\d+月\d+日", label["text"])]
    assert len(dates) == 5 and [label["text"] for label in labels][:2] == ["0", "1"]
    assert all(label["inside"] for label in labels), labels
    assert min(label["height"] for label in labels) >= 10  # px on screen, phone included
    assert "から" in page.inner_text(".chart-range")
    context.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_an_export_shows_its_account_file_and_exporter(live, browser, width: int) -> None:  # type: ignore[no-untyped-def]
    server, environment = live
    context, page = _signed_in(browser, server, width, "ana")
    page.goto(f"{server.url}/accounts/{environment.world.accounts['fl-1001']}")
    page.click('form[action$="/export"] button[type=submit]')
    page.wait_for_url(re.compile(r".*/exports\?done=\d+$"))
    assert page.evaluate(PAGE_WIDTH) <= width
    row = page.locator("table.exports tbody tr").first
    assert row.is_visible()
    text = row.inner_text()
    assert "AIko スタジオ" in text and "@aiko_studio" in text and "ana" in text
    assert re.search(r"account-\d+-\d{8}T\d{6}Z-[0-9a-f]{6}\.wacz", text)
    if width == 390:  # folded: the header row hides, each cell names its column
        assert not page.locator("table.exports thead").is_visible()
        label = row.locator("td.exported-by").evaluate(
            "(td) => getComputedStyle(td, '::before').content"
        )
        assert label == '"書き出した人"'
    else:
        assert "書き出した人" in page.inner_text("table.exports thead")
    context.close()
