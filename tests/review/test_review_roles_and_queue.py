"""Roles, the queue (filters, keyset paging, fixed query count) and what each role sees."""

from __future__ import annotations

import re
from datetime import timedelta

from review_factory import NOW, add_bulk_flags
from sqlalchemy import event, select

from storage.models import Flag

VOLUNTEER_FORBIDDEN = ("/watchlist", "/search?q=AI", "/exports", "/audit", "/admin/users")


def test_volunteer_gets_403_on_analyst_and_admin_pages(make_client, env) -> None:  # type: ignore[no-untyped-def]
    client = make_client("vol1")
    for path in (
        *VOLUNTEER_FORBIDDEN,
        f"/review/{env.world.flags['minor']}",
        f"/accounts/{env.world.accounts['fl-3003']}",
        f"/captures/{env.world.captures['a1_response']}/warc",
    ):
        response = client.get(path)
        assert response.status_code == 403, path
        assert "ほしのみらい" not in response.text  # watchlist readings never reach volunteers


def test_analyst_sees_watchlist_but_not_admin_pages(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client("ana")
    watchlist = client.get("/watchlist")
    assert watchlist.status_code == 200 and "ほしのみらい" in watchlist.text
    assert client.get("/exports").status_code == 200
    assert client.get("/audit").status_code == 403
    assert client.get("/admin/users").status_code == 403


def test_admin_sees_everything(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client("adm")
    for path in (*VOLUNTEER_FORBIDDEN, "/dashboard"):
        assert client.get(path).status_code == 200, path


def test_volunteer_queue_hides_minor_risk_and_closed_items(make_client, env) -> None:  # type: ignore[no-untyped-def]
    volunteer = make_client("vol1").get("/queue").text
    assert "aiko_studio" in volunteer and "deep_collage" in volunteer and "x_payload" in volunteer
    assert "school_memories" not in volunteer and "news_watch" not in volunteer
    assert "May involve a minor" not in volunteer
    analyst = make_client("ana").get("/queue").text
    assert "school_memories" in analyst and "news_watch" not in analyst
    only_minor = make_client("ana").get("/queue?minor=yes").text
    assert "school_memories" in only_minor and "aiko_studio" not in only_minor
    # A volunteer asking for minor-risk items gets none.
    assert "school_memories" not in make_client("vol2").get("/queue?minor=yes&status=new").text


def test_queue_filters_by_platform_score_and_status(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client("ana")
    market = client.get("/queue?platform=kirakira").text
    assert "deep_collage" in market and "aiko_studio" not in market
    high = client.get("/queue?min_score=0.9").text
    assert "aiko_studio" in high and "deep_collage" not in high
    dismissed = client.get("/queue?status=dismissed").text
    assert "news_watch" in dismissed and "aiko_studio" not in dismissed
    assert client.get("/queue?min_score=abc&status=bogus&after=garbage").status_code == 200


def test_queue_shows_counts(make_client) -> None:  # type: ignore[no-untyped-def]
    html = make_client("vol1").get("/queue").text
    assert re.search(r"<strong>3</strong> New", html)


def test_keyset_pages_cover_every_item_once_newest_first(make_client, env) -> None:  # type: ignore[no-untyped-def]
    add_bulk_flags(env.db, 120)
    client = make_client("vol1")
    seen: list[int] = []
    url = "/queue"
    for _ in range(10):
        html = client.get(url).text
        seen += [int(x) for x in re.findall(r'href="/review/(\d+)" class="queue-link"', html)]
        found = re.search(r'href="(/queue\?[^"]*after=[^"]+)" rel="next"', html)
        if not found:
            break
        url = found.group(1).replace("&amp;", "&")
    assert len(seen) == 123 and len(set(seen)) == 123
    with env.db.session() as s:
        created = {
            f.id: (f.created_at, f.id) for f in s.scalars(select(Flag).where(Flag.id.in_(seen)))
        }
    order = [created[i] for i in seen]
    assert order == sorted(order, reverse=True)


def test_queue_page_query_count_does_not_grow_with_rows(make_client, env) -> None:  # type: ignore[no-untyped-def]
    client = make_client("vol1")
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    client.get("/queue")  # warm up
    event.listen(env.db.engine, "before_cursor_execute", count)
    try:
        client.get("/queue")
        few = len(statements)
        add_bulk_flags(env.db, 80, start=NOW - timedelta(days=5))
        statements.clear()
        html = client.get("/queue").text
        many = len(statements)
    finally:
        event.remove(env.db.engine, "before_cursor_execute", count)
    assert html.count('class="queue-link"') == 50
    assert many == few, statements


def test_item_and_account_pages_are_audited_evidence_views(make_client, env) -> None:  # type: ignore[no-untyped-def]
    from storage.models import AuditEntry

    client = make_client("vol1")
    assert client.get(f"/review/{env.world.flags['storefront']}").status_code == 200
    assert client.get(f"/accounts/{env.world.accounts['fl-1001']}").status_code == 200
    assert (
        client.get(f"/captures/{env.world.captures['a1_screenshot']}/screenshot").status_code == 200
    )
    with env.db.session() as s:
        actions = [
            (e.action, e.target_type, e.user_name)
            for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]
    assert ("view_evidence", "flag", "vol1") in actions
    assert ("view_account", "account", "vol1") in actions
    assert ("view_screenshot", "capture", "vol1") in actions


def test_item_page_shows_why_with_escaped_highlights(make_client, env) -> None:  # type: ignore[no-untyped-def]
    html = make_client("vol1").get(f"/review/{env.world.flags['storefront']}").text
    assert '<mark class="hl hl-person" title="Named person">星野みらい</mark>' in html
    assert "10,000 JPY" in html and "リクエスト" in html
    assert "桜井ゆうな" in html  # matched watchlist person named on the item
    hostile = make_client("vol2").get(f"/review/{env.world.flags['hostile']}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile
    assert "<script>alert(1)" not in hostile and "<img src=x" not in hostile
    assert 'href="javascript:' not in hostile
    # A reason family's own name never reaches the page, not even a hostile one: its words
    # are listed, escaped, under the plain "other words" heading.
    assert "&lt;b&gt;evil" not in hostile and "<b>evil" not in hostile
    assert 'title="Other words the detector weighed">&lt;script&gt;' in hostile


def test_dashboard_counts_chart_and_crawl_health(make_client, env) -> None:  # type: ignore[no-untyped-def]
    html = make_client("ana").get("/dashboard").text
    assert "FanLounge" in html and "Kirakira Market" in html
    assert html.count('class="bar"') == 30
    assert "problems" in html and "item count 3 below minimum 20" in html and "healthy" in html


def test_analyst_edits_the_watchlist_and_volunteer_cannot(make_client, env) -> None:  # type: ignore[no-untyped-def]
    from review_helpers import csrf_from

    from storage.models import AuditEntry, WatchlistPerson

    analyst = make_client("ana")
    token = csrf_from(analyst.get("/watchlist").text)
    added = analyst.post(
        "/watchlist",
        data={
            "person_id": "p-900",
            "name": "白石あかり",
            "kana": "しらいしあかり",
            "aliases": "あかりん|AKARI",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert added.status_code == 303
    page = re.sub(r"<[^>]+>", "", analyst.get("/watchlist").text)
    assert "白石あかり" in page and "あかりん | AKARI" in page
    analyst.post(
        "/watchlist",
        data={"person_id": "p-900", "name": "白石 あかり", "editing": "1", "csrf_token": token},
    )
    with env.db.session() as s:
        assert s.get(WatchlistPerson, "p-900").name == "白石 あかり"
    assert (
        analyst.post(
            "/watchlist", data={"person_id": "p-900", "remove": "1", "csrf_token": token}
        ).status_code
        == 200
    )
    with env.db.session() as s:
        assert s.get(WatchlistPerson, "p-900") is None
        changes = [
            e.detail["change"]
            for e in s.scalars(select(AuditEntry).where(AuditEntry.action == "watchlist_edit"))
        ]
    assert changes == ["added", "updated", "removed"]
    assert (
        analyst.post(
            "/watchlist", data={"person_id": "", "name": "x", "csrf_token": token}
        ).status_code
        == 400
    )
    volunteer = make_client("vol1")
    vtoken = csrf_from(volunteer.get("/queue").text)
    assert (
        volunteer.post(
            "/watchlist", data={"person_id": "p-901", "name": "x", "csrf_token": vtoken}
        ).status_code
        == 403
    )
