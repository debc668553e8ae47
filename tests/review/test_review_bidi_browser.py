"""Direction controls in scraped text (U+202E and friends) in the system Chromium: they are
shown as visible tokens and cannot reorder what the reviewer reads; scraped strings are
isolated in <bdi>."""

from __future__ import annotations

import pytest
from review_helpers import sign_in_page
from sqlalchemy import select

from storage.models import Account, Post

pytestmark = pytest.mark.browser

RLO, PDF, RLI, LRM = "\u202e", "\u202c", "\u2067", "\u200e"
# A seller's trick: "gpj.exe" shown reversed reads as the harmless "exe.jpg".
FAKE_NAME = f"注文は {RLO}gpj.exe{PDF} まで"
CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"

# x of each character of the first text node containing `needle`, left to right in the text.
CHAR_POSITIONS = """needle => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(needle);
    if (at < 0) continue;
    return Array.from(needle, (_, i) => {
      const range = document.createRange();
      range.setStart(node, at + i);
      range.setEnd(node, at + i + 1);
      return range.getBoundingClientRect().left;
    });
  }
  return null;
}"""


@pytest.fixture(scope="module")
def hostile_world(live):  # type: ignore[no-untyped-def]
    server, env = live
    with env.db.session() as s:
        account = s.scalar(select(Account).where(Account.handle == "aiko_studio"))
        account.display_name = f"{RLI}AIko スタジオ"  # an isolate never closed
        account.bio = RLO + account.bio
        post = s.scalar(select(Post).where(Post.post_key == "1001-3"))
        post.title = f"お知らせ{LRM}"
        post.text = f"{FAKE_NAME}。 שלום 3 枚"
    return server, env


def _open_item(browser, server, env, width: int):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in_page(page, server.url, "ana")
    page.goto(f"{server.url}/review/{env.world.flags['storefront']}")
    return context, page


@pytest.mark.parametrize("width", [1366, 390])
def test_direction_controls_are_shown_and_cannot_reorder_text(
    browser, hostile_world, width: int
) -> None:  # type: ignore[no-untyped-def]
    server, env = hostile_world
    context, page = _open_item(browser, server, env, width)
    try:
        shown = page.evaluate("document.body.innerText")
        assert not any(c in shown for c in CONTROLS)  # none left to act
        tokens = page.locator(".bidi-control").all_inner_texts()
        assert {"⟨RLO⟩", "⟨PDF⟩", "⟨RLI⟩", "⟨LRM⟩"} <= set(tokens)
        title = page.locator(".bidi-control", has_text="⟨RLO⟩").first.get_attribute("title")
        assert title == "U+202E Right-To-Left Override"
        # "gpj.exe" is drawn in reading order, left to right: not reversed into "exe.jpg".
        xs = page.evaluate(CHAR_POSITIONS, "gpj.exe")
        assert xs is not None and xs == sorted(xs) and xs[0] < xs[-1]
        # The bio, which started with the override, still reads left to right, marks intact.
        bio_xs = page.evaluate(CHAR_POSITIONS, "コラ画像を毎週更新")
        assert bio_xs == sorted(bio_xs) and bio_xs[0] < bio_xs[-1]
        assert page.locator(".bio bdi mark.hl").count() >= 1
        # The unclosed isolate in the name cannot pull in the handle next to it.
        assert page.locator("h1 bdi").first.inner_text() == "⟨RLI⟩AIko スタジオ"
        assert page.title().startswith("Review: ⟨RLI⟩AIko スタジオ")
        # Every block of scraped text is isolated.
        blocks = page.locator(".scraped").count()
        assert blocks >= 4 and page.locator(".scraped > bdi").count() == blocks
        assert (
            page.locator(".scraped > bdi").first.evaluate("el => getComputedStyle(el).unicodeBidi")
            == "isolate"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.locator(".bidi-control", has_text="⟨RLO⟩").last.scroll_into_view_if_needed()
        page.screenshot(path=f"/tmp/review-bidi-{width}.png")
    finally:
        context.close()


def test_queue_and_account_pages_isolate_and_show_controls(browser, hostile_world) -> None:  # type: ignore[no-untyped-def]
    server, env = hostile_world
    context, page = _open_item(browser, server, env, 1366)
    try:
        page.goto(server.url + "/queue")
        row = page.locator("[data-queue-row]", has_text="AIko")
        assert row.locator("bdi .bidi-control", has_text="⟨RLI⟩").count() == 1
        assert row.locator(".bio bdi .bidi-control", has_text="⟨RLO⟩").count() == 1
        page.goto(server.url + f"/accounts/{_account_id(env)}")
        assert page.locator("h1 bdi").first.inner_text() == "⟨RLI⟩AIko スタジオ"
        assert not any(c in page.evaluate("document.body.innerText") for c in CONTROLS)
        xs = page.evaluate(CHAR_POSITIONS, "gpj.exe")
        assert xs == sorted(xs) and xs[0] < xs[-1]
    finally:
        context.close()


def _account_id(env) -> int:  # type: ignore[no-untyped-def]
    with env.db.session() as s:
        return s.scalar(select(Account.id).where(Account.handle == "aiko_studio"))
