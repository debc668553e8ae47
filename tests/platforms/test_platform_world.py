"""The platform world refuses what the real platforms refuse, so a crawl that passes
through it really sent the CSRF token, the Origin, the age cookie and the 429 cookie."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest
from platform_world import PlatformWorld


@pytest.fixture(scope="module")
def world():
    """A world of its own: these probes must not show up in the crawl tests' request logs."""
    with PlatformWorld() as started:
        yield started


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    opener = urllib.request.build_opener(_NoRedirect())
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def test_fantia_post_api_wants_the_sessions_csrf_token_and_xhr_header(world):
    base = world.url("fantia")
    status, headers, body = _get(f"{base}/fanclubs/31415/posts")
    assert status == 200
    cookie = headers["Set-Cookie"].split(";")[0]
    token = re.search(rb'name="csrf-token" content="(\w+)"', body).group(1).decode()
    api = f"{base}/api/v1/posts/270001"
    xhr = {"X-Requested-With": "XMLHttpRequest"}
    assert _get(api)[0] == 400
    assert _get(api, {**xhr, "Cookie": cookie, "X-CSRF-Token": "forged"})[0] == 403
    assert _get(api, {**xhr, "X-CSRF-Token": token})[0] == 403  # token without its session
    status, _headers, body = _get(api, {**xhr, "Cookie": cookie, "X-CSRF-Token": token})
    assert status == 200 and b'"posted_at": "Fri, 20 Nov 2026 21:00:00 +0900"' in body


def test_fanbox_api_refuses_requests_without_the_sites_origin(world):
    api, www = world.url("fanbox_api"), world.url("fanbox_www")
    url = f"{api}/creator.get?creatorId=iroha_ai_works"
    assert _get(url)[0] == 403
    assert _get(url, {"Origin": "https://elsewhere.example"})[0] == 403
    assert _get(url, {"Origin": www})[0] == 200
    assert _get(url, {"Referer": www + "/@iroha_ai_works"})[0] == 200
    shell = _get(www + "/@iroha_ai_works")[2].decode()
    assert "88000101" not in shell and "7100001" not in shell  # ids only in the API's JSON


def test_cien_creator_pages_need_the_age_cookie(world):
    base = world.url("cien")
    status, headers, _body = _get(f"{base}/creator/4101")
    assert status == 302 and headers["Location"].startswith("/age_check")
    status, _headers, body = _get(f"{base}/creator/4101", {"Cookie": "accepted_rating=r18g"})
    assert status == 200 and "コラ職人K" in body.decode()


def test_skeb_api_answers_429_with_a_cookie_first(world):
    url = world.url("skeb") + "/api/users/haru_illust"
    status, headers, _body = _get(url, {"Authorization": "Bearer null"})
    assert status == 429
    cookie = headers["Set-Cookie"].split(";")[0]
    assert _get(url, {"Cookie": cookie})[0] == 401  # the Authorization header is required too
    status, _headers, body = _get(url, {"Cookie": cookie, "Authorization": "Bearer null"})
    assert status == 200 and b'"screen_name": "haru_illust"' in body


def test_rakuma_sellers_only_on_items_and_one_item_in_undeclared_euc_jp(world):
    search = world.url("fril") + "/s?query=" + quote("コラ 依頼")
    body = _get(search)[2].decode()
    assert "8e1d2c3b4a5968778695a4b3c2d1e0f9" in body and "/shop/" not in body
    assert _get(world.url("fril") + "/shop/s0b2e9d")[0] == 404
    item = world.url("fril_item") + "/3f2a9c01d4e5b6a7c8d9e0f1a2b3c4d5"
    status, headers, raw = _get(item)
    assert status == 200 and headers["Content-Type"] == "text/html"
    assert b"charset" not in raw.lower()
    assert "月詠 乃亜".encode("euc-jp") in raw


def test_the_fantia_live_check_shows_each_selector_filled_on_the_world(world):
    """What the operator runs before the first night, here against the world."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    variables = {**world.variables, "MIMAMORI_CONTACT": "abuse-desk@example.org"}
    result = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).with_name("crawl_world.py")),
            "--live",
            json.dumps(variables),
            "fantia",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=repo,
        env={**os.environ, "PYTHONPATH": str(repo)},
    )
    assert result.returncode == 0, result.stderr[-4000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["problems"] == []
    kinds = {page["kind"] for page in report["pages"]}
    assert {"listing", "account", "post"} <= kinds
    for page in report["pages"]:
        fields = {f["name"]: f for f in page["fields"]}
        if page["kind"] == "account":
            assert not fields["account.display_name"]["empty"], page
        if page["kind"] == "post":
            assert not fields["post.key"]["empty"] and not fields["post.posted_at"]["empty"], page
