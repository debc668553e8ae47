"""Seller links in the review app, in the real Chromium: "probably the same seller as …" on
the account and item pages, comebacks first in the queue, minor-risk accounts hidden from
volunteers on both sides of a link, hostile values inert, views audited, the cluster export
button, Japanese, and both screen widths."""

from __future__ import annotations

import itertools
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from link_factory import HOSTILE_VALUE, link_world
from review_helpers import LiveServer, make_env, sign_in_page
from sqlalchemy import select
from test_review_japanese_pages import NOT_INTERFACE, OWN_TEXT, PAGE_WIDTH

from crawler.review.app import create_app
from storage.models import AuditEntry, Export

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/link-view-shots")


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Iterator:  # type: ignore[type-arg]
    env = make_env(tmp_path_factory.mktemp("links-live"))
    extra = link_world(env.cfg, env.db, env.world)
    with LiveServer(create_app(env.cfg, database=env.db)) as server:
        yield server, env, extra
    env.db.dispose()


@pytest.fixture
def open_as(browser, linked):  # type: ignore[no-untyped-def]
    server, _env, _extra = linked
    contexts = []

    def signed_in(name: str, width: int = 1366, locale: str = "en-US"):  # type: ignore[no-untyped-def]
        context = browser.new_context(viewport={"width": width, "height": 900}, locale=locale)
        contexts.append(context)
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.dialogs = dialogs  # a hostile value that ran would open one
        sign_in_page(page, server.url, name)
        return page

    yield signed_in
    for context in contexts:
        context.close()


def _linked_handles(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        re.search(r"@(\S+)", t).group(1)  # type: ignore[union-attr]
        for t in page.locator("[data-linked-account]").all_inner_texts()
    ]


def test_analyst_sees_the_whole_seller_with_evidence_and_clicks_through(open_as, linked) -> None:  # type: ignore[no-untyped-def]
    server, env, extra = linked
    acc = env.world.accounts
    page = open_as("ana")
    media_requests: list[str] = []
    page.on("request", lambda r: media_requests.append(r.url) if "/media/" in r.url else None)
    page.goto(f"{server.url}/accounts/{acc['fl-1001']}")
    section = page.locator("[data-seller-links]")
    assert section.locator("h2").inner_text() == "Probably the same seller as …"
    assert sorted(_linked_handles(page)) == sorted(
        ["deep_collage", "school_memories", "x_payload", "aiko_returns", "memories_again"]
    )
    assert "news_watch" not in section.inner_text()  # only a weak link: never joined
    minor_row = section.locator(f"[data-linked-account='{acc['fl-3003']}']")
    assert "May involve a minor" in minor_row.inner_text()
    # The first pair: both kinds of evidence in plain words, the rule's reason translated.
    pair = section.locator("[data-link-pair]").first
    assert "Same payment or contact id" in pair.inner_text() and "Same image" in pair.inner_text()
    assert "Score 1.6 reaches the threshold 1" in pair.inner_text()
    assert "Same payment or contact id (PayPay id): weight 1, strong" in pair.inner_text()
    # Hostile values are text: shown literally, the direction override made visible.
    value = pair.locator(".link-value").first
    assert value.inner_text() == HOSTILE_VALUE
    assert "⟨RLO⟩gpj.exe" in pair.inner_text()
    assert pair.locator("img[src='x']").count() == 0
    # Captures on both sides link to the existing evidence views.
    assert pair.locator(f"a[href='/captures/{extra['deep_capture']}/screenshot']").count() >= 1
    assert (
        pair.locator(f"a[href='/captures/{env.world.captures['a1_response']}/warc']").count() == 1
    )
    # Pictures: nothing fetched until asked, then only blurred copies, never an original.
    assert media_requests == []
    page.locator("[data-seller-links] [data-show-images]").click()
    page.locator(f"img[data-src='/media/{extra['deep_media']}/blurred']").wait_for(state="visible")
    assert media_requests and all(u.endswith("/blurred") for u in media_requests)
    assert section.locator("[data-reveal-open]").count() == 0
    page.screenshot(path=str(SHOTS / "account-analyst-1366.png"), full_page=True)

    # Click through to the other platform's account: it shows the cluster from its side.
    with page.expect_navigation():
        section.locator(f"[data-linked-account='{acc['kk-2002']}'] a").click()
    assert page.url.endswith(f"/accounts/{acc['kk-2002']}")
    assert "aiko_studio" in _linked_handles(page)
    assert page.dialogs == []
    with env.db.session() as s:
        entries = list(
            s.scalars(
                select(AuditEntry)
                .where(AuditEntry.action == "view_seller_links", AuditEntry.user_name == "ana")
                .order_by(AuditEntry.id)
            )
        )
    assert [e.target_id for e in entries] == [str(acc["fl-1001"]), str(acc["kk-2002"])]
    assert acc["fl-3003"] in entries[0].detail["linked_accounts"]


def test_volunteer_never_sees_a_minor_risk_account_on_either_side(open_as, linked) -> None:  # type: ignore[no-untyped-def]
    server, env, extra = linked
    acc = env.world.accounts
    page = open_as("vol1")
    page.goto(f"{server.url}/accounts/{acc['fl-1001']}")
    assert sorted(_linked_handles(page)) == ["aiko_returns", "deep_collage", "x_payload"]
    content = page.content()
    for hidden in ("school_memories", "memories_again", "school-pay", "思い出加工"):
        assert hidden not in content
    assert page.locator("[data-export-cluster]").count() == 0  # exports are for analysts
    page.screenshot(path=str(SHOTS / "account-volunteer-1366.png"), full_page=True)
    # The comeback of the minor-risk account is not in the queue and not openable.
    page.goto(server.url + "/queue")
    assert "memories_again" not in page.content()
    response = page.goto(f"{server.url}/review/{env.world.flags['memories_again']}")
    assert response is not None and response.status == 403
    # Its account page would say so too (a comeback of whom?): analysts only as well.
    response = page.goto(f"{server.url}/accounts/{extra['memories_again']}")
    assert response is not None and response.status == 403


def test_comebacks_lead_the_queue_and_name_the_earlier_account(open_as, linked) -> None:  # type: ignore[no-untyped-def]
    _server, env, _extra = linked
    page = open_as("ana")
    rows = page.locator("[data-queue-row]")
    # The comebacks are the oldest flags, yet they come first.
    assert "aiko_returns" in rows.nth(0).inner_text()
    assert "memories_again" in rows.nth(1).inner_text()
    assert (
        rows.nth(0).locator("[data-comeback]").inner_text()
        == "Comes back after Kirakira Market @deep_collage was taken down"
    )
    assert "FanLounge @school_memories" in rows.nth(1).locator("[data-comeback]").inner_text()
    assert rows.nth(2).locator("[data-comeback]").count() == 0
    page.screenshot(path=str(SHOTS / "queue-analyst-1366.png"), full_page=True)

    volunteer = open_as("vol2")
    first = volunteer.locator("[data-queue-row]").first
    assert "aiko_returns" in first.inner_text() and first.locator("[data-comeback]").count() == 1
    # "Start reviewing" opens the comeback first too; the item page names the earlier
    # account, links to it and shows the links.
    with volunteer.expect_navigation():
        volunteer.get_by_role("link", name="Start reviewing").click()
    assert volunteer.url.endswith(f"/review/{env.world.flags['aiko_returns']}")
    line = volunteer.locator(".page-head [data-comeback]")
    assert "Comes back after Kirakira Market @deep_collage was taken down" in line.inner_text()
    assert "deep_collage" in _linked_handles(volunteer)
    volunteer.screenshot(path=str(SHOTS / "item-volunteer-1366.png"), full_page=True)
    with volunteer.expect_navigation():
        line.get_by_role("link", name="Earlier account").click()
    assert volunteer.url.endswith(f"/accounts/{env.world.accounts['kk-2002']}")


def test_analyst_exports_the_whole_seller_from_the_account_page(open_as, linked) -> None:  # type: ignore[no-untyped-def]
    server, env, _extra = linked
    acc = env.world.accounts
    page = open_as("ana")
    page.goto(f"{server.url}/accounts/{acc['kk-2002']}")
    button = page.locator("[data-export-cluster]")
    assert button.inner_text() == "Export the whole seller (6 accounts)"
    with page.expect_navigation(timeout=120_000):
        button.click()
    assert "/exports?done=" in page.url
    with env.db.session() as s:
        export = s.scalars(select(Export).order_by(Export.id.desc())).first()
    assert export is not None and Path(export.path).name.startswith(f"seller-{acc['kk-2002']}-")
    with zipfile.ZipFile(export.path) as bundle:
        names = set(bundle.namelist())
        links = bundle.read("records/links.json").decode()
    assert {"records/links.csv", "records/seller_pairs.csv", "report/report.pdf"} <= names
    assert '"handle": "school_memories"' in links and '"handle": "news_watch"' not in links


@pytest.mark.parametrize("width", [1366, 390])
def test_links_pages_in_japanese_fit_the_screen(open_as, linked, width: int) -> None:  # type: ignore[no-untyped-def]
    server, env, _extra = linked
    page = open_as("ana", width=width, locale="ja-JP")
    pages = {
        "queue": "/queue",
        "item": f"/review/{env.world.flags['aiko_returns']}",
        "account": f"/accounts/{env.world.accounts['fl-1001']}",
    }
    for name, path in pages.items():
        page.goto(server.url + path)
        if name != "queue":
            page.locator("[data-seller-links] [data-show-images]").click()
        english = [
            w for w in re.findall(r"[A-Za-z]{2,}", page.evaluate(OWN_TEXT))
            if w not in NOT_INTERFACE
        ]  # fmt: skip
        assert english == [], (name, english)
        assert page.evaluate(PAGE_WIDTH) <= width, name
        page.screenshot(path=str(SHOTS / f"{name}-ja-{width}.png"), full_page=True)
    assert page.dialogs == []


@pytest.fixture(scope="module", autouse=True)
def _shots_dir() -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)


def test_queue_pages_walk_comebacks_first_without_gaps(linked) -> None:  # type: ignore[no-untyped-def]
    """One row a page: the cursor carries the comeback phase, so paging, the next item after
    a decision (first_open) and j/k (neighbour) all follow one order, nothing twice."""
    from crawler.review import queue
    from storage.models import Flag

    _server, env, _extra = linked
    viewer = queue.Viewer(user_id=env.world.users["ana"], role="analyst")
    order: list[int] = []
    cursor = None
    with env.db.session() as s:
        # Items opened by the browser tests above are soft-locked; first_open skips those.
        s.query(Flag).update({Flag.locked_by_user_id: None, Flag.locked_until: None})
    with env.db.session() as s:
        while True:
            page = queue.load_page(s, viewer, queue.QueueFilter(), cursor, page_size=1)
            order += [row.flag_id for row in page.rows]
            if page.next_cursor is None:
                break
            cursor = queue.Cursor.decode(page.next_cursor.encode())
        flags = {f.id: f for f in s.query(Flag).filter(Flag.id.in_(order))}
        assert order[:2] == [env.world.flags["aiko_returns"], env.world.flags["memories_again"]]
        rest = [flags[i] for i in order[2:]]
        assert [f.id for f in rest] == [
            f.id for f in sorted(rest, key=lambda f: (f.created_at, f.id), reverse=True)
        ]
        assert len(order) == len(set(order)) == 6
        assert queue.first_open(s, viewer) == order[0]
        for before, after in itertools.pairwise(order):
            assert queue.first_open(s, viewer, queue.Cursor.of(flags[before])) == after
            assert queue.neighbour(s, viewer, flags[before], older=True) == after
            assert queue.neighbour(s, viewer, flags[after], older=False) == before
