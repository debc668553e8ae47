"""market over real HTTP: listings, sellers, legacy redirects, the loop, 503 and the slow item."""

from __future__ import annotations

import re
import time
import urllib.parse

from crawler.demo_site import DemoSite, build_world


def _follow(fetch, url: str, limit: int = 10) -> tuple[list[str], object]:  # type: ignore[no-untyped-def]
    seen = [url]
    page = fetch(url, follow=False)
    while page.status in (301, 302) and len(seen) <= limit:
        url = urllib.parse.urljoin(url, page.headers["Location"])
        seen.append(url)
        page = fetch(url, follow=False)
    return seen, page


def test_index_pages_cover_every_item(site: DemoSite, fetch) -> None:
    ids: list[int] = []
    page_no = 1
    while True:
        page = fetch(f"{site.base_url}/market/?page={page_no}").text
        ids += [int(i) for i in re.findall(r'class="mk-tile" data-item-id="(\d+)"', page)]
        if 'class="mk-pagination__next"' not in page:
            break
        page_no += 1
    assert sorted(ids) == sorted(p.post_id for _, p in build_world(1).posts("market"))
    assert page_no == 4


def test_item_page_fields(site: DemoSite, fetch) -> None:
    page = fetch(site.base_url + "/market/items/880002").text
    assert (
        '<h1 class="mk-item__title" itemprop="name">【AI美女】鷺ノ宮○奈 似 画像30枚セット</h1>'
        in page
    )
    assert 'data-price-yen="3000">¥3,000<' in page
    assert re.findall(
        r'class="mk-option__name">([^<]+)</th><td class="mk-option__price">([^<]+)<', page
    ) == [
        ("追加リクエスト", "+¥1,000"),
        ("服を脱がす加工", "+¥2,000"),
    ]
    assert 'href="/market/sellers/50000"' in page


def test_legacy_seller_url_is_a_two_hop_redirect(site: DemoSite, fetch) -> None:
    chain, page = _follow(fetch, site.base_url + "/market/u/kora-k")
    assert [urllib.parse.urlsplit(u).path for u in chain] == [
        "/market/u/kora-k",
        "/market/u/kora_k_shop",
        "/market/sellers/50013",
    ]
    assert page.status == 200 and 'data-seller-id="50013"' in page.text


def test_redirect_loop_never_ends(site: DemoSite, fetch) -> None:
    chain, page = _follow(fetch, site.base_url + "/market/loop/a", limit=6)
    assert page.status == 302 and len(chain) == 7
    assert {urllib.parse.urlsplit(u).path for u in chain} == {"/market/loop/a", "/market/loop/b"}
    assert "/market/loop/a" in fetch(site.base_url + "/market/sellers/50013").text


def test_unavailable_page_has_retry_after(site: DemoSite, fetch) -> None:
    page = fetch(site.base_url + "/market/campaign")
    assert page.status == 503 and page.headers["Retry-After"] == "120"


def test_slow_item_takes_about_two_seconds(site: DemoSite, fetch) -> None:
    started = time.monotonic()
    page = fetch(site.base_url + "/market/items/880032")
    elapsed = time.monotonic() - started
    assert page.status == 200 and 1.9 <= elapsed < 4
