"""The picture viewer and the captures cards, in the system Chromium against a live server:
a shown picture opens large at the same server-blurred address, zooms, closes with Esc and
keeps the keyboard from deciding behind it; an analyst's revealed original keeps its label;
at phone width the captures fold into labelled cards and nothing scrolls sideways."""

from __future__ import annotations

import pytest
from review_helpers import sign_in_page
from sqlalchemy import func, select

from storage.models import Decision

pytestmark = pytest.mark.browser

SHOTS = "/tmp"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
FITS = "() => document.documentElement.scrollWidth <= window.innerWidth"
VIEWER_IMG = "dialog.viewer [data-viewer-img]"
# Two fingers moving apart from `from` to `to` pixels, as a phone's browser reports them.
PINCH = """(stage, [from, to]) => {
    const finger = (id, x) => new Touch({identifier: id, target: stage, clientX: x, clientY: 400});
    const fingers = (gap) => [finger(1, 195 - gap / 2), finger(2, 195 + gap / 2)];
    stage.dispatchEvent(new TouchEvent("touchstart", {touches: fingers(from), bubbles: true}));
    stage.dispatchEvent(new TouchEvent("touchmove", {touches: fingers(to), bubbles: true}));
    stage.dispatchEvent(new TouchEvent("touchend", {touches: [], bubbles: true}));
}"""


@pytest.fixture
def open_as(browser, live):  # type: ignore[no-untyped-def]
    server, _ = live
    contexts = []

    def sign_in(name: str, viewport: dict[str, int], locale: str = "en-US"):  # type: ignore[no-untyped-def]
        phone = viewport["width"] < 600
        context = browser.new_context(
            viewport=viewport, locale=locale, has_touch=phone, is_mobile=phone
        )
        contexts.append(context)
        page = context.new_page()
        sign_in_page(page, server.url, name)
        return page

    yield sign_in
    for context in contexts:
        context.close()


def _viewer_width(page) -> int:  # type: ignore[no-untyped-def]
    return page.locator(VIEWER_IMG).evaluate("img => img.getBoundingClientRect().width")


def _wait_until_fitted(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function(
        "() => { const i = document.querySelector('dialog.viewer [data-viewer-img]');"
        " return i.complete && i.naturalWidth > 0 && i.hasAttribute('width'); }"
    )


def _decision_count(env) -> int:  # type: ignore[no-untyped-def]
    with env.db.session() as s:
        return s.scalar(select(func.count()).select_from(Decision)) or 0


def test_screenshot_opens_blurred_zooms_and_closes_with_escape(open_as, live) -> None:  # type: ignore[no-untyped-def]
    server, env = live
    page = open_as("vol1", DESKTOP)
    pictures: list[str] = []
    page.on("request", lambda r: pictures.append(r.url) if "/media/" in r.url else None)
    page.goto(f"{server.url}/review/{env.world.flags['storefront']}")
    shot = page.locator("img.evidence-img.screenshot")
    page.keyboard.press("i")
    shot.wait_for(state="visible")
    shot.click()

    viewer = page.locator("dialog.viewer")
    assert viewer.is_visible()
    _wait_until_fitted(page)
    blurred = f"/captures/{env.world.captures['a1_screenshot']}/screenshot"
    assert page.locator(VIEWER_IMG).get_attribute("src") == blurred
    assert shot.get_attribute("data-blurred-src") == blurred
    # A page screenshot is read: it fills the width and the rest scrolls.
    stage_width = page.locator("[data-viewer-stage]").evaluate("s => s.clientWidth")
    fitted = _viewer_width(page)
    assert abs(fitted - stage_width) <= 1
    assert page.locator("[data-viewer-stage]").evaluate("s => s.scrollHeight > s.clientHeight")
    # Grayscale is on by default and applies in the viewer too.
    assert page.locator(VIEWER_IMG).evaluate("i => getComputedStyle(i).filter") == "grayscale(1)"
    page.screenshot(path=f"{SHOTS}/review-media-viewer-1366.png")

    page.keyboard.press("+")
    assert _viewer_width(page) > fitted * 1.2
    page.keyboard.press("-")
    page.keyboard.press("-")
    assert _viewer_width(page) < fitted
    page.keyboard.press("0")
    assert abs(_viewer_width(page) - fitted) <= 1
    page.click("[data-viewer-zoom=in]")
    assert _viewer_width(page) > fitted * 1.2
    # A mouse drags the zoomed screenshot along.
    stage = page.locator("[data-viewer-stage]")
    top = stage.evaluate("s => s.scrollTop")
    page.mouse.move(600, 600)
    page.mouse.down()
    page.mouse.move(600, 300, steps=4)
    page.mouse.up()
    assert stage.evaluate("s => s.scrollTop") > top + 100
    page.click("[data-viewer-zoom=fit]")
    assert abs(_viewer_width(page) - fitted) <= 1

    # The viewer owns the keyboard while open: no decision is made behind it.
    before = _decision_count(env)
    page.keyboard.press("c")
    page.keyboard.press("d")
    assert _decision_count(env) == before and viewer.is_visible()
    page.keyboard.press("Escape")
    assert not viewer.is_visible()
    # The dialog's close event, which drops the picture, is a task of its own: wait for it.
    page.wait_for_function(
        "() => !document.querySelector('dialog.viewer [data-viewer-img]').hasAttribute('src')"
    )
    # Closed, the page's own keys work again ("?" opens the help).
    page.keyboard.press("?")
    assert page.locator("#help").is_visible()
    page.keyboard.press("Escape")

    # A blurred picture opens fitted to the screen, at its blurred address too.
    picture = page.locator("img.evidence-img:not(.screenshot)").first
    picture.focus()
    page.keyboard.press("Enter")
    assert viewer.is_visible()
    assert page.locator(VIEWER_IMG).get_attribute("src") == picture.get_attribute(
        "data-blurred-src"
    )
    page.click("[data-viewer-close]")
    assert not viewer.is_visible()
    assert pictures and all(url.endswith("/blurred") for url in pictures)


def test_a_revealed_original_keeps_its_label_in_the_viewer(open_as, live) -> None:  # type: ignore[no-untyped-def]
    server, env = live
    page = open_as("ana", DESKTOP)
    page.goto(f"{server.url}/review/{env.world.flags['storefront']}")
    page.keyboard.press("i")
    slot = page.locator(".media-slot", has=page.locator("[data-reveal-open]")).first
    slot.locator("[data-reveal-open]").click()
    slot.locator("input[name=reason]").fill("compare with the watchlist photo")
    with page.expect_response(lambda r: "/reveal" in r.url):
        slot.locator("form.reveal-form button[type=submit]").click()
    revealed = slot.locator("img.revealed")
    revealed.wait_for(state="visible")
    revealed.click()

    viewer = page.locator("dialog.viewer")
    label = viewer.locator("[data-viewer-original]")
    assert viewer.is_visible()
    assert page.locator(VIEWER_IMG).get_attribute("src") == revealed.get_attribute("src")
    assert label.is_visible() and label.inner_text() == "ORIGINAL — logged"
    page.keyboard.press("+")
    page.keyboard.press("+")
    page.locator("[data-viewer-stage]").evaluate("s => s.scrollTo(s.scrollWidth, s.scrollHeight)")
    assert label.is_visible()  # in the tool bar: scrolling never hides it
    page.screenshot(path=f"{SHOTS}/review-media-viewer-original-1366.png")
    page.keyboard.press("Escape")
    assert not label.is_visible()

    # A blurred copy opened next carries no such label.
    page.locator("img.evidence-img.screenshot").click()
    assert viewer.is_visible() and not label.is_visible()
    assert viewer.locator("[data-viewer-blurred-title]").is_visible()


@pytest.mark.parametrize("locale", ["ja-JP", "en-US"])
def test_phone_width_captures_are_cards_and_nothing_scrolls_sideways(  # type: ignore[no-untyped-def]
    open_as, live, locale: str
) -> None:
    server, env = live
    page = open_as("ana", PHONE, locale)
    short = locale[:2]
    for name, path in (
        ("item", f"/review/{env.world.flags['storefront']}"),
        ("account", f"/accounts/{env.world.accounts['fl-1001']}"),
    ):
        page.goto(server.url + path)
        page.keyboard.press("i")
        page.wait_for_load_state("networkidle")
        assert page.evaluate(FITS), name
        row = page.locator("table.captures tbody tr").first
        assert row.evaluate("r => getComputedStyle(r).display") == "block"
        assert page.locator("table.captures thead").is_hidden()
        label = row.locator("td").first.evaluate("td => getComputedStyle(td, '::before').content")
        assert label == ('"取得日時"' if short == "ja" else '"Captured"')
        page.screenshot(path=f"{SHOTS}/review-media-{name}-390-{short}.png", full_page=True)

    # A tap on a capture's screenshot link opens the viewer at phone width, fitted to it.
    page.locator("table.captures a[href$='/screenshot']").first.tap()
    viewer = page.locator("dialog.viewer")
    assert viewer.is_visible()
    _wait_until_fitted(page)
    assert _viewer_width(page) <= PHONE["width"] and page.evaluate(FITS)
    page.locator("[data-viewer-zoom=in]").tap()
    zoomed = _viewer_width(page)
    assert zoomed > PHONE["width"] * 0.9
    page.locator("[data-viewer-stage]").evaluate(PINCH, [100, 200])
    assert _viewer_width(page) > zoomed * 1.8
    page.screenshot(path=f"{SHOTS}/review-media-viewer-390-{short}.png")
    if short == "ja":
        assert viewer.locator("[data-viewer-close]").inner_text() == "閉じる"
        assert "ぼかした" in viewer.inner_text()
    page.locator("[data-viewer-close]").tap()
    assert not viewer.is_visible()


@pytest.mark.parametrize("locale", ["ja-JP", "en-US"])
def test_desktop_keeps_the_captures_table(open_as, live, locale: str) -> None:  # type: ignore[no-untyped-def]
    server, env = live
    page = open_as("ana", DESKTOP, locale)
    short = locale[:2]
    for name, path in (
        ("item", f"/review/{env.world.flags['storefront']}"),
        ("account", f"/accounts/{env.world.accounts['fl-1001']}"),
    ):
        page.goto(server.url + path)
        page.keyboard.press("i")
        page.wait_for_load_state("networkidle")
        assert page.evaluate(FITS), name
        row = page.locator("table.captures tbody tr").first
        assert row.evaluate("r => getComputedStyle(r).display") == "table-row"
        header = page.locator("table.captures thead")
        assert header.is_visible()
        words = ("取得日時", "ぼかしたスクリーンショット") if short == "ja" else ("Captured",)
        assert all(word in page.locator("table.captures").inner_text() for word in words)
        page.screenshot(path=f"{SHOTS}/review-media-{name}-1366-{short}.png", full_page=True)
    # Every link to a blurred screenshot opens the viewer, the account timeline's too.
    timeline_link = page.locator("main a[href$='/screenshot']:not(table.captures a)").first
    timeline_link.click()
    viewer = page.locator("dialog.viewer")
    assert viewer.is_visible() and len(page.context.pages) == 1
    assert page.locator(VIEWER_IMG).get_attribute("src") == timeline_link.get_attribute("href")
    page.keyboard.press("Escape")
    assert not viewer.is_visible()
