"""Sign-in, sessions, CSRF, rate limiting and security headers (in-process client)."""

from __future__ import annotations

from review_factory import PASSWORD
from sqlalchemy import select

from crawler.review.headers import CONTENT_SECURITY_POLICY
from crawler.review.users import set_disabled
from storage.models import AuditEntry


def _actions(env, action: str) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    with env.db.session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_anonymous_requests_go_to_the_login_page(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client()
    for path in (
        "/",
        "/queue",
        "/review/1",
        "/accounts/1",
        "/dashboard",
        "/audit",
        "/media/1/blurred",
    ):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=")
    response = client.post(
        "/review/1/decision", data={"decision": "confirm"}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_login_sets_a_strict_httponly_cookie_and_is_audited(make_client, env) -> None:  # type: ignore[no-untyped-def]
    from review_helpers import csrf_from

    client = make_client()
    form = client.get("/login")
    response = client.post(
        "/login",
        data={
            "name": "vol1",
            "password": PASSWORD,
            "csrf_token": csrf_from(form.text),
            "next": "/dashboard",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/dashboard"
    cookie = next(
        v
        for k, v in response.headers.multi_items()
        if k == "set-cookie" and "mimamori_session=" in v
    )
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    entries = _actions(env, "login")
    assert [(e.user_name, e.remote_addr) for e in entries] == [("vol1", "testclient")]
    assert client.get("/queue").status_code == 200


def test_login_redirect_target_must_be_local(make_client) -> None:  # type: ignore[no-untyped-def]
    from review_helpers import csrf_from

    client = make_client()
    form = client.get("/login")
    response = client.post(
        "/login",
        data={
            "name": "vol1",
            "password": PASSWORD,
            "csrf_token": csrf_from(form.text),
            "next": "//evil.example/x",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/queue"


def test_login_form_needs_its_csrf_token(make_client, env) -> None:  # type: ignore[no-untyped-def]
    client = make_client()
    response = client.post(
        "/login", data={"name": "vol1", "password": PASSWORD, "csrf_token": "forged"}
    )
    assert response.status_code == 403
    assert _actions(env, "login") == []


def test_failed_logins_are_rate_limited_and_audited(make_client, env) -> None:  # type: ignore[no-untyped-def]
    from review_helpers import csrf_from

    client = make_client()
    for _ in range(3):
        form = client.get("/login")
        bad = client.post(
            "/login",
            data={
                "name": "vol1",
                "password": "wrong-password!",
                "csrf_token": csrf_from(form.text),
            },
        )
        assert bad.status_code == 401
        assert "do not match" in bad.text
    form = client.get("/login")
    blocked = client.post(
        "/login", data={"name": "vol1", "password": PASSWORD, "csrf_token": csrf_from(form.text)}
    )
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    assert len(_actions(env, "login_failed")) == 3
    assert len(_actions(env, "login_throttled")) == 1
    assert _actions(env, "login") == []


def test_unknown_user_and_disabled_user_cannot_sign_in(make_client, env) -> None:  # type: ignore[no-untyped-def]
    from review_helpers import csrf_from

    client = make_client()
    form = client.get("/login")
    assert (
        client.post(
            "/login",
            data={"name": "nobody", "password": PASSWORD, "csrf_token": csrf_from(form.text)},
        ).status_code
        == 401
    )
    set_disabled(env.db, "vol3")
    form = client.get("/login")
    assert (
        client.post(
            "/login",
            data={"name": "vol3", "password": PASSWORD, "csrf_token": csrf_from(form.text)},
        ).status_code
        == 401
    )


def test_logout_and_disabling_end_the_session(make_client, env) -> None:  # type: ignore[no-untyped-def]
    from review_helpers import csrf_from

    client = make_client("vol1")
    page = client.get("/queue")
    cookie = client.cookies.get("mimamori_session")
    assert (
        client.post(
            "/logout", data={"csrf_token": csrf_from(page.text)}, follow_redirects=False
        ).status_code
        == 303
    )
    client.cookies.set("mimamori_session", cookie)  # replaying the old cookie does not work
    assert client.get("/queue", follow_redirects=False).status_code == 303

    other = make_client("vol2")
    assert other.get("/queue").status_code == 200
    set_disabled(env.db, "vol2")
    assert other.get("/queue", follow_redirects=False).status_code == 303


def test_state_changing_posts_need_the_session_csrf_token(make_client, env) -> None:  # type: ignore[no-untyped-def]
    from review_helpers import csrf_from

    client = make_client("vol1")
    flag_id = env.world.flags["storefront"]
    token = csrf_from(client.get(f"/review/{flag_id}").text)
    assert (
        client.post(f"/review/{flag_id}/decision", data={"decision": "confirm"}).status_code == 403
    )
    assert (
        client.post(
            f"/review/{flag_id}/decision", data={"decision": "confirm", "csrf_token": "x" * 43}
        ).status_code
        == 403
    )
    cross_site = client.post(
        f"/review/{flag_id}/decision",
        data={"decision": "confirm", "csrf_token": token},
        headers={"Origin": "http://evil.example"},
    )
    assert cross_site.status_code == 403
    assert client.post("/logout", data={}).status_code == 403
    ok = client.post(
        f"/review/{flag_id}/decision",
        data={"decision": "confirm", "csrf_token": token},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    # Another user's token is not valid for this session.
    other_token = csrf_from(make_client("vol2").get("/queue").text)
    listing = env.world.flags["listing"]
    assert (
        client.post(
            f"/review/{listing}/decision", data={"decision": "confirm", "csrf_token": other_token}
        ).status_code
        == 403
    )


def test_security_headers_on_pages_images_errors_and_static(make_client, env) -> None:  # type: ignore[no-untyped-def]
    client = make_client("vol1")
    responses = [
        client.get("/login"),
        client.get("/queue"),
        client.get(f"/media/{env.world.media['a1_original']}/blurred"),
        client.get("/no-such-page"),
        client.get("/static/review.js"),
    ]
    for response in responses:
        headers = response.headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert (
            "script-src 'self'" in CONTENT_SECURITY_POLICY
            and "unsafe-inline" not in CONTENT_SECURITY_POLICY
        )
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert "no-store" in headers["cache-control"] or response.url.path.startswith("/static")
    assert responses[3].status_code == 404


def test_pages_have_no_inline_script_or_style(make_client, env) -> None:  # type: ignore[no-untyped-def]
    import re

    client = make_client("adm")
    for path in (
        "/queue",
        f"/review/{env.world.flags['storefront']}",
        f"/accounts/{env.world.accounts['fl-1001']}",
        "/dashboard",
        "/audit",
        "/admin/users",
        "/watchlist",
        "/search?q=AI",
        "/exports",
    ):
        html = client.get(path).text
        ours = r"<script(?![^>]*\bsrc=\"/static/(?:review|viewer)\.js\")"
        assert re.findall(ours, html) == [], path
        assert " style=" not in html and "<style" not in html, path
        assert not re.search(r"<[^>]*\son[a-z]+=", html), path


def test_a_page_view_records_when_a_session_was_last_used(make_client, env) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from sqlalchemy import select, update

    from storage.models import utcnow
    from storage.models.review import ReviewSession

    client = make_client("vol1")
    long_ago = utcnow() - timedelta(minutes=30)
    with env.db.session() as session:
        session.execute(update(ReviewSession).values(last_seen_at=long_ago))
    assert client.get("/queue").status_code == 200
    with env.db.session() as session:
        seen = session.scalars(select(ReviewSession.last_seen_at)).one()
    # Written in its own short write transaction, after the page's read.
    assert seen.replace(tzinfo=long_ago.tzinfo) > long_ago + timedelta(minutes=29)
