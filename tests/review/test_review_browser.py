"""End-to-end: the system Chromium against a live uvicorn server with the fixture world."""

from __future__ import annotations

import re

import pytest
from review_factory import IMG_PAYLOAD, JS_URL_PAYLOAD, PASSWORD, SCRIPT_PAYLOAD
from sqlalchemy import select

from storage.models import AuditEntry, Decision, Flag, User

pytestmark = pytest.mark.browser

SHOTS = "/tmp"


@pytest.fixture
def page_for(browser, live):  # type: ignore[no-untyped-def]
    server, _ = live
    contexts = []

    def open_as(name: str):  # type: ignore[no-untyped-def]
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.goto(server.url + "/queue")
        assert "/login" in page.url
        page.fill("input[name=name]", name)
        page.fill("input[name=password]", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(re.compile(r".*/queue$"))
        return page

    yield open_as
    for context in contexts:
        context.close()


def _decisions(env, flag_key: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with env.db.session() as s:
        return list(
            s.execute(
                select(User.name, Decision.decision)
                .join(User, User.id == Decision.user_id)
                .where(Decision.flag_id == env.world.flags[flag_key])
            ).tuples()
        )


def _status(env, flag_key: str) -> str:  # type: ignore[no-untyped-def]
    with env.db.session() as s:
        return s.get(Flag, env.world.flags[flag_key]).status


def test_login_then_review_with_the_keyboard(page_for, live) -> None:  # type: ignore[no-untyped-def]
    server, env = live
    page = page_for("vol1")
    rows = page.locator("[data-queue-row]")
    assert rows.count() == 3  # the minor-risk item and the dismissed one are not for volunteers
    assert "school_memories" not in page.content()
    page.screenshot(path=f"{SHOTS}/review-queue.png", full_page=True)

    page.keyboard.press("j")
    assert "selected" in (rows.nth(0).get_attribute("class") or "")
    page.keyboard.press("j")
    assert "selected" in (rows.nth(1).get_attribute("class") or "")
    page.keyboard.press("k")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf".*/review/{env.world.flags['storefront']}$"))
    assert page.locator("text=AIko スタジオ").first.is_visible()
    page.screenshot(path=f"{SHOTS}/review-item.png", full_page=True)

    assert "grayscale" in (page.locator("html").get_attribute("class") or "")  # on by default
    page.keyboard.press("g")
    assert "grayscale" not in (page.locator("html").get_attribute("class") or "")
    page.reload()
    assert "grayscale" not in (page.locator("html").get_attribute("class") or "")  # remembered
    page.keyboard.press("g")
    assert "grayscale" in (page.locator("html").get_attribute("class") or "")

    page.keyboard.press("?")
    assert page.locator("#help").is_visible()
    page.keyboard.press("?")
    assert not page.locator("#help").is_visible()

    page.keyboard.press("j")  # older item
    page.wait_for_url(re.compile(rf".*/review/{env.world.flags['listing']}$"))
    page.keyboard.press("k")  # back to the newest
    page.wait_for_url(re.compile(rf".*/review/{env.world.flags['storefront']}$"))

    # Escalate without a note is stopped in the page, nothing is sent.
    page.keyboard.press("e")
    assert page.locator("[data-note-needed]").is_visible()
    page.locator("#note").press("Escape")

    with page.expect_navigation():
        page.keyboard.press("c")
    assert page.url.endswith(f"/review/{env.world.flags['listing']}"), page.locator(
        "main"
    ).inner_text()  # moved on
    assert ("vol1", "confirm") in _decisions(env, "storefront")
    assert _status(env, "storefront") == "in_review"

    with env.db.session() as s:
        assert s.get(Flag, env.world.flags["listing"]).locked_by_user_id == env.world.users["vol1"]
    with page.expect_navigation():
        page.keyboard.press("s")  # skip: the lock is released for someone else
    with env.db.session() as s:
        assert s.get(Flag, env.world.flags["listing"]).locked_by_user_id is None

    page.goto(server.url + "/queue")
    assert "aiko_studio" not in page.content()  # decided by me: gone from my queue


def test_reveal_is_explicit_and_audited(page_for, live) -> None:  # type: ignore[no-untyped-def]
    server, env = live
    # Revealing an original is for analysts only: a volunteer is not even offered it.
    volunteer = page_for("vol2")
    volunteer.goto(f"{server.url}/review/{env.world.flags['storefront']}")
    assert volunteer.locator("img.evidence-img").count() >= 2
    assert volunteer.locator("[data-reveal-open], form.reveal-form").count() == 0

    page = page_for("ana")
    media_requests: list[str] = []
    page.on(
        "request",
        lambda r: (
            media_requests.append(r.url) if "/media/" in r.url or "/captures/" in r.url else None
        ),
    )
    page.goto(f"{server.url}/review/{env.world.flags['storefront']}")
    images = page.locator("img.evidence-img")
    assert images.count() >= 2
    assert not images.first.is_visible()
    assert media_requests == []  # text first: no image fetched before asked

    page.keyboard.press("i")
    images.first.wait_for(state="visible")
    page.wait_for_load_state("networkidle")
    assert images.first.evaluate("img => img.complete && img.naturalWidth > 0")
    assert all("/blurred" in url or "/screenshot" in url for url in media_requests)
    assert not any("/reveal" in url for url in media_requests)

    # Asking opens a form for the reason; nothing is fetched until it is given.
    slot = page.locator(".media-slot", has=page.locator("[data-reveal-open]")).first
    slot.locator("[data-reveal-open]").click()
    form = slot.locator("form.reveal-form")
    assert form.is_visible()
    form.locator("button[type=submit]").click()  # empty reason: the browser refuses
    assert not any("/reveal" in url for url in media_requests)
    form.locator("input[name=reason]").fill("compare the face with the watchlist photo")
    with page.expect_response(lambda r: "/reveal" in r.url) as revealed:
        form.locator("button[type=submit]").click()
    assert revealed.value.status == 200
    assert revealed.value.headers["content-type"] == "image/png"
    page.locator("img.revealed").wait_for(state="visible")
    assert page.locator("img.revealed").get_attribute("src").startswith("blob:")
    label = slot.locator("[data-original-label]")
    assert label.is_visible() and label.inner_text() == "ORIGINAL — logged"
    page.screenshot(path=f"{SHOTS}/review-reveal-1280.png", full_page=False)

    with env.db.session() as s:
        entry = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "reveal").order_by(AuditEntry.id.desc())
        ).first()
    assert entry is not None and entry.user_name == "ana"
    assert entry.target_id == str(env.world.media["a1_original"])
    assert entry.detail["reason"] == "compare the face with the watchlist photo"
    assert entry.remote_addr == "127.0.0.1"

    # Hiding it again takes the label away with the original.
    slot.locator("[data-rehide]").click()
    assert page.locator("img.revealed").count() == 0
    assert not label.is_visible()
    assert slot.locator("[data-reveal-open]").is_visible()

    # Navigating away and back shows blurred copies only.
    slot.locator("[data-reveal-open]").click()
    form.locator("input[name=reason]").fill("again")
    with page.expect_response(lambda r: "/reveal" in r.url):
        form.locator("button[type=submit]").click()
    page.locator("img.revealed").wait_for(state="visible")
    page.goto(server.url + "/queue")
    page.go_back()
    page.wait_for_load_state()
    assert page.locator("img.revealed").count() == 0
    assert page.locator("[data-original-label]:visible").count() == 0

    admin = page_for("adm")
    admin.goto(server.url + "/audit?action=reveal")
    row = admin.locator("table.audit tbody tr").first
    assert "ana" in row.inner_text() and "reveal" in row.inner_text()
    assert "reason=" in row.inner_text()


def test_confirm_by_two_volunteers_leaves_the_queue(page_for, live) -> None:  # type: ignore[no-untyped-def]
    server, env = live
    first = page_for("vol3")
    first.goto(f"{server.url}/review/{env.world.flags['listing']}")
    with first.expect_navigation():
        first.click("button[data-decision=confirm]")
    first.goto(server.url + "/queue")
    assert "deep_collage" not in first.content()
    assert _status(env, "listing") == "in_review"

    second = page_for("vol1")
    assert "deep_collage" in second.content()
    second.goto(f"{server.url}/review/{env.world.flags['listing']}")
    second.fill("#note", "plans name an announcer")
    with second.expect_navigation():
        second.click("button[data-decision=confirm]")
    assert _status(env, "listing") == "confirmed"
    second.goto(server.url + "/queue")
    assert "deep_collage" not in second.content()


def test_volunteer_gets_403_on_analyst_and_admin_pages(page_for, live) -> None:  # type: ignore[no-untyped-def]
    server, env = live
    page = page_for("vol2")
    for path in (
        "/exports",
        "/watchlist",
        "/search?q=a",
        "/audit",
        "/admin/users",
        f"/review/{env.world.flags['minor']}",
        f"/captures/{env.world.captures['a1_response']}/warc",
    ):
        response = page.goto(server.url + path)
        assert response is not None and response.status == 403, path
        assert "星野みらい" not in page.content() or path.startswith("/review")
    assert "Watchlist" not in page.goto(server.url + "/queue").text()


def test_post_without_csrf_token_is_refused(page_for, live) -> None:  # type: ignore[no-untyped-def]
    server, env = live
    page = page_for("vol2")
    page.goto(f"{server.url}/review/{env.world.flags['hostile']}")
    status = page.evaluate(
        """async (url) => {
            const r = await fetch(url, {method: 'POST', body: new URLSearchParams({decision: 'dismiss'})});
            return r.status;
        }""",
        f"/review/{env.world.flags['hostile']}/decision",
    )
    assert status == 403
    assert ("vol2", "dismiss") not in _decisions(env, "hostile")


def test_hostile_scraped_text_renders_as_text_and_runs_nothing(page_for, live) -> None:  # type: ignore[no-untyped-def]
    server, env = live
    page = page_for("ana")
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    for path in (
        f"/review/{env.world.flags['hostile']}",
        f"/accounts/{env.world.accounts['fl-4004']}",
        "/queue",
        "/search?q=payload",
    ):
        page.goto(server.url + path)
        page.keyboard.press("i")  # show images: must not trigger anything either
        page.wait_for_timeout(300)
        text = page.locator("main").inner_text()
        if path.startswith(("/review", "/accounts")):
            assert SCRIPT_PAYLOAD in text
            assert IMG_PAYLOAD in text
            assert JS_URL_PAYLOAD in text
        counts = page.evaluate(
            """() => ({
                scripts: Array.from(document.scripts).map(s => s.src),
                onerror: document.querySelectorAll('[onerror],[onload]').length,
                jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
                xImages: document.querySelectorAll('img[src="x"]').length,
                svgs: document.querySelectorAll('main svg').length,
            })"""
        )
        assert counts["scripts"] == [server.url + "/static/review.js"]
        assert counts["onerror"] == 0 and counts["jsLinks"] == 0 and counts["xImages"] == 0
        assert counts["svgs"] == 0
    page.goto(f"{server.url}/accounts/{env.world.accounts['fl-1001']}")
    page.screenshot(path=f"{SHOTS}/review-account.png", full_page=True)
    assert dialogs == []
    assert errors == []
