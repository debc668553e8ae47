"""fanclub over real HTTP: directory, creator pages, encodings, hostile text, awkward pages."""

from __future__ import annotations

import re
import socket
import time
import urllib.parse

from crawler.demo_site import DemoSite, build_world


def test_directory_pages_list_every_creator_once(site: DemoSite, fetch) -> None:
    handles: list[str] = []
    url = site.base_url + "/fanclub/"
    while url:
        page = fetch(url)
        assert page.status == 200
        handles += re.findall(
            r'class="fc-dir__link" href="/fanclub/creators/([a-z0-9_]+)"', page.text
        )
        nxt = re.search(r'class="fc-pager__next" rel="next" href="([^"]+)"', page.text)
        url = urllib.parse.urljoin(url, nxt[1]) if nxt else ""
    assert sorted(handles) == sorted(a.handle for a in build_world(1).accounts_on("fanclub"))
    assert fetch(site.base_url + "/fanclub/?page=99").status == 404


def test_creator_page_has_id_plans_and_post_pagination(site: DemoSite, fetch) -> None:
    page = fetch(site.base_url + "/fanclub/creators/ai_bijin_lab").text
    assert 'data-creator-id="10000"' in page
    assert '<h1 class="fc-creator__name">AI美女ラボ🔞</h1>' in page
    assert re.findall(r'class="fc-plan__price">([^<]+)<', page) == [
        "¥500/月",
        "¥1,500/月",
        "¥5,000/月",
    ]
    assert "好きな女優・アイドルを毎月1人指定できます" in page
    assert page.count('class="fc-post-card"') == 5
    assert 'href="/fanclub/creators/ai_bijin_lab/posts?page=2"' in page
    assert f'href="{site.base_url}/social/@ai_bijin_lab_samples"' in page
    last = fetch(site.base_url + "/fanclub/creators/ai_bijin_lab/posts?page=3").text
    assert last.count('class="fc-post-card"') == 2 and "fc-pager__next" not in last
    assert fetch(site.base_url + "/fanclub/creators/ai_bijin_lab/posts?page=4").status == 404


def test_post_page_fields(site: DemoSite, fetch) -> None:
    page = fetch(site.base_url + "/fanclub/posts/200009").text
    assert 'data-post-id="200009"' in page and 'datetime="2026-11-18T21:00:00+09:00"' in page
    assert "鷺ノ宮○奈ちゃんに酷似したAI美女" in page
    assert '<span class="fc-post-detail__plan">スタンダード</span>' in page
    assert page.count('class="fc-post-detail__image"') == 2


def test_shift_jis_page_decodes_only_with_the_right_codec(site: DemoSite, fetch) -> None:
    page = fetch(site.base_url + "/fanclub/creators/deepcollage_k")
    assert page.headers["Content-Type"] == "text/html; charset=Shift_JIS"
    assert "女子アナ専門のアイコラ職人です" in page.body.decode("shift_jis")
    assert "女子アナ専門のアイコラ職人です" not in page.body.decode("utf-8", errors="replace")


def test_meta_only_shift_jis_page_has_no_charset_in_header(site: DemoSite, fetch) -> None:
    page = fetch(site.base_url + "/fanclub/creators/undress_works")
    assert page.headers["Content-Type"] == "text/html"
    assert b'<meta charset="Shift_JIS">' in page.body
    assert "千 早 川 凛 音" in page.body.decode("shift_jis")


def test_euc_jp_post(site: DemoSite, fetch) -> None:
    page = fetch(site.base_url + "/fanclub/posts/200305")
    assert page.headers["Content-Type"] == "text/html; charset=EUC-JP"
    assert "charset=EUC-JP" in page.body.decode("euc_jp")
    assert "服を脱がす加工" in page.body.decode("euc_jp")


def test_hostile_text_is_escaped_and_bio_has_script_href(site: DemoSite, fetch) -> None:
    post = fetch(site.base_url + "/fanclub/posts/200506").text
    assert "<script>" not in post and "<img src=x" not in post
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in post
    assert "&lt;img src=x onerror=alert(1)&gt;" in post
    assert ">javascript:alert(1)</a>" in post
    bio = fetch(site.base_url + "/fanclub/creators/request_yakata").text
    assert 'href="javascript:alert(1)"' in bio


def test_malformed_page_still_serves_its_content(site: DemoSite, fetch) -> None:
    page = fetch(site.base_url + "/fanclub/creators/cosplay_mika").text
    assert "<p><b>イベントでのコスプレ撮影記録" in page and "</div></div>" in page
    assert 'data-creator-id="11370"' in page


def test_ranking_answers_429_once_then_200(fresh_site: DemoSite, fetch) -> None:
    first = fetch(fresh_site.base_url + "/fanclub/ranking")
    assert first.status == 429 and first.headers["Retry-After"] == "2"
    assert fetch(fresh_site.base_url + "/fanclub/ranking").status == 200
    with DemoSite() as other:  # state is per server process
        assert fetch(other.base_url + "/fanclub/ranking").status == 429


def test_redirect_chain_has_three_hops(site: DemoSite, fetch) -> None:
    url, hops = site.base_url + "/fanclub/campaign", 0
    while True:
        page = fetch(url, follow=False)
        if page.status not in (301, 302):
            break
        hops += 1
        url = urllib.parse.urljoin(url, page.headers["Location"])
    assert hops == 3 and url.endswith("/fanclub/creators/ai_bijin_lab") and page.status == 200


def test_deleted_post_is_linked_and_404(site: DemoSite, fetch) -> None:
    assert (
        'href="' + site.base_url + '/fanclub/posts/209999"'
        in fetch(site.base_url + "/fanclub/posts/200002").text
    )
    assert fetch(site.base_url + "/fanclub/posts/209999").status == 404


def test_huge_page_is_ten_mebibytes(site: DemoSite, fetch) -> None:
    page = fetch(site.base_url + "/fanclub/creators/ai_bijin_lab/archive", timeout=30)
    assert page.status == 200
    assert int(page.headers["Content-Length"]) == len(page.body) == 10 * 1024 * 1024
    assert page.body.rstrip().endswith(b"</html>")


def test_robots_and_sitemap(site: DemoSite, fetch) -> None:
    robots = fetch(site.base_url + "/robots.txt").text
    assert (
        "Disallow: /fanclub/private/" in robots
        and f"Sitemap: {site.base_url}/sitemap.xml" in robots
    )
    assert (
        "/fanclub/private/room-7"
        in fetch(site.base_url + "/fanclub/creators/ura_request_room").text
    )
    sitemap = fetch(site.base_url + "/sitemap.xml").text
    assert sitemap.count("<loc>") == 4 + 45


def test_endless_page_streams_until_client_leaves(site: DemoSite, fetch) -> None:
    port = int(site.base_url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"GET /test/endless HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        received, started = b"", time.monotonic()
        while time.monotonic() - started < 0.8:
            received += sock.recv(65536)
    assert (
        received.startswith(b"HTTP/1.1 200")
        and b"Content-Length" not in received.split(b"\r\n\r\n")[0]
    )
    assert received.count(b"<li>chunk") > 100
    # The server keeps answering after the client went away.
    assert fetch(site.base_url + "/").status == 200
