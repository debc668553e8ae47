"""social over real HTTP: the HTML shell carries no profile text, the JSON API does, pages end."""

from __future__ import annotations

import json
import urllib.parse

from crawler.demo_site import DemoSite, build_world


def test_shell_has_no_profile_text_but_api_does(site: DemoSite, fetch) -> None:
    acc = build_world(1).account("social", "ai_bijin_lab_samples")
    assert acc is not None
    shell = fetch(site.base_url + "/social/@ai_bijin_lab_samples")
    assert shell.status == 200 and '<script src="/social/static/app.js"' in shell.text
    assert acc.display_name not in shell.text and acc.bio[:10] not in shell.text
    user = json.loads(fetch(site.base_url + "/social/api/users/ai_bijin_lab_samples").body)
    assert user["id"] == acc.account_id and user["id_str"] == str(acc.account_id)
    assert user["display_name"] == acc.display_name and user["bio"] == acc.bio
    assert user["links"][0] == {
        "url": site.base_url + "/fanclub/creators/ai_bijin_lab",
        "text": "ファンクラブ（月額）",
    }
    app_js = fetch(site.base_url + "/social/static/app.js")
    assert (
        app_js.headers["Content-Type"].startswith("text/javascript")
        and b"IntersectionObserver" in app_js.body
    )


def test_post_pagination_walks_every_post_and_ends(site: DemoSite, fetch) -> None:
    for acc in build_world(1).accounts_on("social"):
        ids: list[int] = []
        cursor, pages = None, 0
        while True:
            query = "?cursor=" + urllib.parse.quote(cursor) if cursor else ""
            data = json.loads(
                fetch(f"{site.base_url}/social/api/users/{acc.handle}/posts{query}").body
            )
            ids += [p["id"] for p in data["posts"]]
            pages += 1
            assert len(data["posts"]) <= 5
            cursor = data["next_cursor"]
            if cursor is None:
                break
        assert ids == [p.post_id for p in acc.posts], acc.handle
        assert 6 <= len(ids) <= 14 and pages in (2, 3)


def test_explore_lists_every_account_and_bad_input_is_rejected(site: DemoSite, fetch) -> None:
    users = json.loads(fetch(site.base_url + "/social/api/explore").body)["users"]
    assert [u["handle"] for u in users] == [a.handle for a in build_world(1).accounts_on("social")]
    assert (
        fetch(site.base_url + "/social/api/users/ai_bijin_lab_samples/posts?cursor=%%%").status
        == 400
    )
    missing = fetch(site.base_url + "/social/api/users/nobody_here")
    assert missing.status == 404 and json.loads(missing.body) == {"error": "user_not_found"}
    assert fetch(site.base_url + "/social/@nobody_here").status == 404


def test_single_post_api_and_permalink(site: DemoSite, fetch) -> None:
    post = json.loads(fetch(site.base_url + "/social/api/posts/1900000000011").body)
    assert post["handle"] == "ai_bijin_lab_samples" and post["media"][0]["url"].endswith(".png")
    assert fetch(site.base_url + post["url"]).status == 200
