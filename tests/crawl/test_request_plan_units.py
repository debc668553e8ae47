"""Request building in-process: headers and cookies, carried values, `requests:`, `search:`."""

from __future__ import annotations

import pytest
from parsel import Selector
from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse
from scrapy.utils.test import get_crawler

from spiders.contract import page_problem
from spiders.links_out import extra_requests, template_links
from spiders.profile import LinkRule, ProfileError, parse_profile
from spiders.profile.requests import ExtraRequest, RequestSpec, SearchSpec
from spiders.profile_spider import ProfileSpider
from spiders.requests_plan import (
    CARRY_META,
    Filled,
    carried_values,
    fill,
    request_parts,
)
from spiders.search import search_urls

BASE = "http://127.0.0.1:9"
PROFILE = f"""\
name: lab
platform: lab
display_name: Lab
start_urls: ["{BASE}/clubs"]
allow_private_addresses: true
request:
  headers: {{Accept-Language: ja, X-Requested-With: XMLHttpRequest}}
  cookies: {{adult_check: "1"}}
links:
  - kind: listing
    pattern: '^/clubs$'
  - kind: account
    pattern: '^/clubs/(?P<club>\\d+)$'
    carry:
      csrf: "meta[name=csrf-token]::attr(content)"
      club: {{from_url: club}}
    requests:
      - url: "/api/clubs/{{club}}/posts?page=1"
      - url: "/api/posts/{{value}}"
        values: {{css: "a.post::attr(data-post-id)", many: true}}
        headers: {{X-Extra: "{{club}}"}}
    json_links: {{css: "a.more::attr(data-page)"}}
    json_link_template: "/api/clubs/{{club}}/posts?page={{value}}"
  - kind: posts
    pattern: '^/api/'
    json: true
    request:
      headers: {{x-requested-with: fetch, Referer: "{{referer}}", X-CSRF-Token: "{{csrf}}"}}
      cookies: {{api: "{{csrf}}"}}
account:
  key: {{from_url: club}}
post_list:
  each: posts
  each_is: jmespath
  fields: {{key: {{jmespath: id}}, account_key: {{const: "1"}}}}
"""
CLUB_PAGE = b"""<html><head><meta name="csrf-token" content="tok-1"></head><body>
<a class="post" data-post-id="p1">1</a><a class="post" data-post-id="p2">2</a>
<a class="more" data-page="2">more</a></body></html>"""


def _spider(text: str = PROFILE) -> tuple[ProfileSpider, list[dict[str, str]]]:
    crawler = get_crawler(ProfileSpider)
    spider = ProfileSpider.from_crawler(crawler, profile=parse_profile(text, "lab.yaml"))
    problems: list[dict[str, str]] = []
    crawler.signals.connect(lambda **kw: problems.append(kw), signal=page_problem, weak=False)
    return spider, problems  # type: ignore[return-value]


def test_fill_reports_missing_names_and_keeps_literal_braces():
    assert fill("a{x}b{{c}}", {"x": "1"}) == Filled("a1b{c}", ())
    assert fill("{x}-{y}", {"x": "1", "y": ""}).missing == ("y",)


def test_rule_headers_merge_over_profile_ones_case_insensitively():
    profile = RequestSpec(headers={"Accept": "a", "X-Requested-With": "x"}, cookies={"c": "1"})
    rule = RequestSpec(headers={"x-requested-with": "y", "Token": "{t}"}, cookies={"d": "{t}"})
    parts = request_parts(rule.merged_over(profile), carried={"t": "v"}, referer=None)
    assert parts.headers == {"Accept": "a", "x-requested-with": "y", "Token": "v"}
    assert parts.cookies == {"c": "1", "d": "v"} and parts.missing == []


def test_a_header_without_its_value_is_left_out_and_named():
    spec = RequestSpec(headers={"Referer": "{referer}", "X-CSRF-Token": "{csrf}"})
    parts = request_parts(spec, carried={}, referer="http://h/page")
    assert parts.headers == {"Referer": "http://h/page"} and parts.missing == ["csrf"]


def test_carried_values_inherit_and_override():
    rule = LinkRule.model_validate(
        {
            "kind": "account",
            "pattern": "^/c/(?P<c>\\d+)$",
            "carry": {"c": {"from_url": "c"}, "csrf": "meta[name=csrf-token]::attr(content)"},
        }
    )
    sel = Selector(text='<meta name="csrf-token" content="new">')
    values = carried_values(
        rule, {"csrf": "old", "keep": "k"}, page_url="u", sel=sel, data=None, url_groups={"c": "7"}
    )
    assert values == {"csrf": "new", "keep": "k", "c": "7"}
    # A page that lacks the value keeps the inherited one.
    kept = carried_values(
        rule, {"csrf": "old"}, page_url="u", sel=Selector(text="<p/>"), data=None, url_groups={}
    )
    assert kept == {"csrf": "old"}


def test_a_carried_value_with_a_line_break_is_refused():
    rule = LinkRule.model_validate(
        {"kind": "account", "pattern": "^/", "carry": {"csrf": {"jmespath": "t"}}}
    )
    values = carried_values(
        rule, {}, page_url="u", sel=None, data={"t": "a\r\nX-Evil: 1"}, url_groups={}
    )
    assert values == {}


def test_extra_requests_one_per_value_and_missing_names():
    extra = ExtraRequest(url="/api/{club}/{value}", values={"jmespath": "ids"})
    planned = extra_requests(
        extra,
        page_url="http://h/c/7",
        sel=None,
        data={"ids": [1, 2]},
        url_groups={"club": "7"},
        carried={},
    )
    assert [p.url for p in planned] == ["http://h/api/7/1", "http://h/api/7/2"]
    missing = extra_requests(
        ExtraRequest(url="/api/{club}"),
        page_url="http://h/",
        sel=None,
        data=None,
        url_groups={},
        carried={},
    )
    assert missing[0].url is None and missing[0].missing == ("club",)
    links, names = template_links(
        "/p?after={value}&c={c}", ["t2"], page_url="http://h/x", carried={}
    )
    assert links == [] and names == ["c"]


def test_search_urls_encode_each_keyword_and_skip_blank_ones():
    spec = SearchSpec(
        url="https://flea.test/search?keyword={keyword}&s=1",
        keywords=["AI 画像 依頼", " ", "a&b=c", "AI 画像 依頼"],
    )
    assert search_urls(spec) == [
        "https://flea.test/search?keyword=AI%20%E7%94%BB%E5%83%8F%20%E4%BE%9D%E9%A0%BC&s=1",
        "https://flea.test/search?keyword=a%26b%3Dc&s=1",
    ]


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ("search: {url: 'https://f.test/s', keywords: [a]}", "must contain `{keyword}`"),
        ("search: {url: '/s?q={keyword}', keywords: [a]}", "absolute http(s) URL"),
        ("request: {headers: {X-A: '{a b}'}}", "bad placeholder"),
        ("request: {header: {}}", "header"),
    ],
)
def test_bad_request_sections_are_refused_with_the_field(snippet: str, message: str):
    with pytest.raises(ProfileError, match=r"lab\.yaml") as caught:
        parse_profile(PROFILE + snippet + "\n", "lab.yaml")
    assert message in str(caught.value)


def test_a_profile_may_start_from_searches_alone_and_account_omit_handle():
    text = PROFILE.replace(f'start_urls: ["{BASE}/clubs"]\n', "").replace(
        "links:", f"search: {{url: '{BASE}/s?q={{keyword}}', keywords: [x]}}\nlinks:", 1
    )
    profile = parse_profile(text, "lab.yaml")
    assert profile.account is not None and profile.account.handle is None
    assert profile.allowed_domains == ["127.0.0.1"]
    no_start = PROFILE.replace(f'start_urls: ["{BASE}/clubs"]\n', "")
    with pytest.raises(ProfileError, match="start_urls"):
        parse_profile(no_start, "lab.yaml")


def test_a_page_carries_its_values_into_every_request_made_from_it():
    spider, problems = _spider()
    start = spider.page_request(f"{BASE}/clubs")
    assert not start.dont_filter  # start pages go through the duplicate filter too
    assert start.headers.get("X-Requested-With") == b"XMLHttpRequest"
    assert start.cookies == {"adult_check": "1"}
    page = HtmlResponse(f"{BASE}/clubs/1", body=CLUB_PAGE, request=Request(f"{BASE}/clubs/1"))
    out = list(spider.parse_page(page))
    [account] = [o for o in out if not isinstance(o, Request)]
    assert account.handle == account.account_key == "1"  # `account:` without `handle`
    requests = {r.url: r for r in out if isinstance(r, Request)}
    assert set(requests) == {
        f"{BASE}/api/clubs/1/posts?page=1",
        f"{BASE}/api/posts/p1",
        f"{BASE}/api/posts/p2",
        f"{BASE}/api/clubs/1/posts?page=2",  # json_links from an HTML page
    }
    api = requests[f"{BASE}/api/posts/p1"]
    assert api.meta[CARRY_META] == {"csrf": "tok-1", "club": "1"}
    assert api.headers.get("X-CSRF-Token") == b"tok-1"
    assert api.headers.get("Referer") == f"{BASE}/clubs/1".encode()
    assert api.headers.get("X-Requested-With") == b"fetch"
    assert api.headers.get("X-Extra") == b"1" and api.headers.get("Accept-Language") == b"ja"
    assert api.cookies == {"adult_check": "1", "api": "tok-1"}
    assert problems == []


def test_values_travel_two_hops_and_a_missing_one_is_a_page_problem():
    spider, problems = _spider()
    request = Request(f"{BASE}/api/clubs/1/posts?page=1", meta={CARRY_META: {"csrf": "tok-1"}})
    body = b'{"posts": [{"id": "a"}]}'
    page = TextResponse(request.url, body=body, request=request, encoding="utf-8")
    list(spider.parse_page(page))
    next_request = spider.page_request(f"{BASE}/api/x", referer=page.url, carried={"csrf": "t"})
    assert next_request.headers.get("X-CSRF-Token") == b"t"
    orphan = spider.page_request(f"{BASE}/api/x", referer=page.url)
    assert orphan.headers.get("X-CSRF-Token") is None
    assert [p["kind"] for p in problems] == ["missing_value"]
    assert "{csrf}" in problems[0]["message"]


def test_a_results_page_names_sellers_with_their_display_names():
    text = PROFILE.replace(
        'fields: {key: {jmespath: id}, account_key: {const: "1"}}',
        "fields: {key: {jmespath: id}, account_key: {jmespath: seller.id},"
        " account_display_name: {jmespath: seller.name}}",
    )
    spider, _ = _spider(text)
    request = Request(f"{BASE}/api/search", meta={CARRY_META: {}})
    body = '{"posts": [{"id": "m1", "seller": {"id": "s1", "name": "<b>Seller</b>"}}]}'
    page = TextResponse(request.url, body=body.encode(), request=request, encoding="utf-8")
    [post] = [o for o in spider.parse_page(page) if not isinstance(o, Request)]
    assert (post.account_key, post.account_display_name) == ("s1", "<b>Seller</b>")
    assert spider.crawler.stats.get_value("mimamori/accounts_from_posts") == 1
