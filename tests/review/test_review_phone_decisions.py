"""The item page in Chromium: on a phone (390 px) the decisions sit in a bar fixed to the
bottom of the screen and nothing scrolls sideways; after a decision the next page says what
happened and the undo (button or key) puts the item back. Screenshots at 1366 and 390 px,
English and Japanese, go to /tmp/item-*.png."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from review_helpers import LiveServer, make_env, sign_in_page
from sqlalchemy import select, update

from crawler.review.app import create_app
from storage.models import Decision, Flag, utcnow

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


class FrozenClock:
    """The app's clock stands still, so the undo window cannot close while Chromium works."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self):  # type: ignore[no-untyped-def]
        return self.now


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator:  # type: ignore[type-arg]
    environment = make_env(tmp_path_factory.mktemp("phone-decisions"))
    app = create_app(environment.cfg, database=environment.db)
    app.state.clock = FrozenClock()
    with LiveServer(app) as server:
        yield server, environment
    environment.db.dispose()


def _unlock_all(env) -> None:  # type: ignore[no-untyped-def]
    """Each test starts with no item held (the server is shared by the module's tests)."""
    with env.db.session() as s:
        s.execute(update(Flag).values(locked_by_user_id=None, locked_until=None))


def _signed_in(browser, server, name: str, viewport: dict, locale: str = "en-US"):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=viewport, locale=locale)
    page = context.new_page()
    sign_in_page(page, server.url, name)
    return context, page


def _state(env, key: str) -> tuple[str, int | None, int]:  # type: ignore[no-untyped-def]
    flag_id = env.world.flags[key]
    with env.db.session() as s:
        flag = s.get(Flag, flag_id)
        count = len(s.scalars(select(Decision.id).where(Decision.flag_id == flag_id)).all())
        return flag.status, flag.locked_by_user_id, count


def test_phone_bar_decides_and_undo_puts_it_back(browser, served) -> None:  # type: ignore[no-untyped-def]
    server, env = served
    _unlock_all(env)
    context, page = _signed_in(browser, server, "vol1", PHONE)
    page.goto(f"{server.url}/review/{env.world.flags['storefront']}")
    assert page.evaluate(OVERFLOW) <= 0
    bar = page.locator("[data-decision-bar]")
    box = bar.bounding_box()
    assert box is not None and abs(box["y"] + box["height"] - PHONE["height"]) <= 1
    confirm = bar.locator("button[data-decision=confirm]")
    assert confirm.is_visible() and bar.locator(".bar-skip").is_visible()
    page.screenshot(path="/tmp/item-390-en.png")

    # Escalating without a note brings the note (far above the bar) into view instead.
    bar.locator("button[data-decision=escalate]").click()
    assert page.locator("[data-note-needed]").is_visible()
    note = page.locator("#note").bounding_box()
    assert note is not None and note["y"] >= 0 and note["y"] + note["height"] <= box["y"]
    assert page.evaluate("() => document.activeElement.id") == "note"
    page.screenshot(path="/tmp/item-390-en-note.png")

    with page.expect_navigation():
        confirm.click()
    assert page.url.endswith(f"/review/{env.world.flags['listing']}")
    notice = page.locator("[data-decision-notice]")
    assert "You confirmed AIko スタジオ: 1 of 2" in notice.inner_text()
    assert page.evaluate(OVERFLOW) <= 0
    assert _state(env, "storefront") == ("in_review", None, 1)
    page.screenshot(path="/tmp/item-390-en-notice.png")

    with page.expect_navigation():
        notice.locator("button.undo").click()
    assert page.url.endswith(f"/review/{env.world.flags['storefront']}?undone=1")
    assert page.locator("[data-consensus]").inner_text() == "No decisions yet."
    assert _state(env, "storefront") == ("new", env.world.users["vol1"], 0)
    context.close()


def test_desktop_keeps_the_side_column_and_the_undo_key(browser, served) -> None:  # type: ignore[no-untyped-def]
    server, env = served
    _unlock_all(env)
    context, page = _signed_in(browser, server, "vol2", DESKTOP)
    page.goto(f"{server.url}/review/{env.world.flags['hostile']}")
    aside = page.locator("aside.decide").bounding_box()
    assert aside is not None and aside["x"] > DESKTOP["width"] / 2  # the side column
    assert page.locator(".bar-skip").is_hidden()
    assert (
        page.evaluate("() => getComputedStyle(document.querySelector('.decision-bar')).position")
        == "static"
    )
    page.screenshot(path="/tmp/item-1366-en.png")
    with page.expect_navigation():
        page.keyboard.press("d")
    assert page.locator("[data-decision-notice]").is_visible()
    page.screenshot(path="/tmp/item-1366-en-notice.png")
    with page.expect_navigation():
        page.keyboard.press("u")
    assert "?undone=1" in page.url
    assert _state(env, "hostile") == ("new", env.world.users["vol2"], 0)
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1366"])
def test_japanese_item_page_fits_and_shows_the_bar(browser, served, viewport) -> None:  # type: ignore[no-untyped-def]
    server, env = served
    _unlock_all(env)
    context, page = _signed_in(browser, server, "vol3", viewport, locale="ja-JP")
    page.goto(f"{server.url}/review/{env.world.flags['listing']}")
    assert page.evaluate(OVERFLOW) <= 0
    bar = page.locator("[data-decision-bar]")
    assert (
        bar.locator("button[data-decision=confirm]")
        .inner_text()
        .strip()
        .endswith("該当" if viewport is PHONE else "実在の人物の性的な偽画像を売っている")
    )
    assert page.locator("[data-consensus]").inner_text() == "まだ判断はありません。"
    page.screenshot(path=f"/tmp/item-{viewport['width']}-ja.png")
    page.screenshot(path=f"/tmp/item-{viewport['width']}-ja-full.png", full_page=True)
    context.close()


def test_a_locked_item_on_a_phone_offers_the_next_free_one(browser, served) -> None:  # type: ignore[no-untyped-def]
    server, env = served
    _unlock_all(env)
    holder, held = _signed_in(browser, server, "ana", DESKTOP)
    held.goto(f"{server.url}/review/{env.world.flags['listing']}")
    context, page = _signed_in(browser, server, "vol1", PHONE)
    page.goto(f"{server.url}/review/{env.world.flags['listing']}")
    link = page.locator("[data-next-free]")
    box = link.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"]  # in the bar
    assert page.evaluate(OVERFLOW) <= 0
    page.screenshot(path="/tmp/item-390-en-locked.png")
    with page.expect_navigation():
        link.click()
    assert re.search(r"/review/\d+$", page.url)
    assert not page.url.endswith(f"/review/{env.world.flags['listing']}")
    context.close()
    holder.close()
