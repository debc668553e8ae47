"""Day switching over HTTP and in code: the day-2 changes are visible to a crawler."""

from __future__ import annotations

import json

import pytest

from crawler.demo_site import DemoSite, build_world


def test_day_two_changes_visible_over_http(fresh_site: DemoSite, fetch) -> None:
    base = fresh_site.base_url
    assert fetch(base + "/fanclub/posts/200011").status == 200
    assert fetch(base + "/social/@nudify_daikou").status == 200
    assert fetch(base + "/fanclub/creators/ai_idol_factory").status == 404

    switched = fetch(base + "/__demo/day?n=2", method="POST")
    assert json.loads(switched.body) == {"day": 2} and fresh_site.day == 2

    assert fetch(base + "/fanclub/posts/200011").status == 404
    assert (
        'data-post-id="200011"'
        not in fetch(base + "/fanclub/creators/ai_bijin_lab/posts?page=1").text
    )
    assert "¥6,000/月" in fetch(base + "/fanclub/creators/ai_bijin_lab").text
    assert fetch(base + "/fanclub/creators/ai_idol_factory").status == 200
    assert "ai_idol_factory" in fetch(base + "/fanclub/?page=3").text
    assert fetch(base + "/social/@nudify_daikou").status == 404
    assert fetch(base + "/social/api/users/nudify_daikou").status == 404
    assert "nudify_daikou" not in fetch(base + "/social/api/explore").text
    seller = fetch(base + "/market/sellers/50065").text
    assert "LK Gallery 2nd" in seller and "@lk_gallery_new" in seller
    assert (
        fetch(base + "/market/u/lookalike_gallery", follow=False).headers["Location"]
        == "/market/u/lk_gallery_new"
    )
    assert fetch(base + "/market/items/880001").status == 404


def test_set_day_in_code_and_bad_day(fresh_site: DemoSite, fetch) -> None:
    fresh_site.set_day(3)
    assert (
        'data-post-id="200013"'
        in fetch(fresh_site.base_url + "/fanclub/creators/ai_bijin_lab").text
    )
    with pytest.raises(ValueError):
        fresh_site.set_day(9)
    assert fetch(fresh_site.base_url + "/__demo/day?n=9", method="POST").status == 400
    assert fresh_site.day == 3
    assert build_world(3).account("fanclub", "ai_bijin_lab").posts[0].post_id == 200013  # type: ignore[union-attr]


def test_server_starts_and_stops_quickly_many_times(fetch) -> None:
    import time

    started = time.monotonic()
    for _ in range(10):
        with DemoSite() as demo:
            assert fetch(demo.base_url + "/").status == 200
    assert time.monotonic() - started < 5


def test_non_loopback_host_refused() -> None:
    with pytest.raises(ValueError, match="loopback"):
        DemoSite(host="0.0.0.0")
