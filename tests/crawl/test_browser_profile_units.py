"""In-process units of the browser-side profile features: schema, load more, timeouts, API JSON."""

from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace
from typing import Any

import pytest
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.capture.load_more import CLICK_FAILED, GONE, MAX_CLICKS, click_until_gone
from crawler.capture.page_capture import PageCapture, ScreenshotPolicy
from crawler.capture.traffic import PageTraffic
from crawler.items import AccountItem, PostItem
from spiders.api_json import ReceivedBodies
from spiders.contract import (
    RECEIVED_JSON_MAX_BYTES,
    RECEIVED_JSON_META,
    RENDERED_META,
    RULE_META,
    LoadMorePlan,
    ReceivedJson,
    RenderPlan,
    page_problem,
)
from spiders.profile import ProfileError, load_profile, parse_profile
from spiders.profile_spider import ProfileSpider

BASE = "http://127.0.0.1:9"
PROFILE = f"""
name: spa
platform: spa
display_name: SPA
start_urls: ["{BASE}/creators"]
render: true
limits: {{page_timeout_s: 5}}
load_more: {{selector: "button.more"}}
links:
  - kind: listing
    pattern: '^/creators$'
  - kind: account
    pattern: '^/@(?P<creator>\\w+)$'
    load_more: {{selector: "button:has-text('もっと見る')", max_clicks: 3}}
  - kind: post
    pattern: '^/posts/'
account:
  key: {{jmespath: "body.user.userId", response: '/api/creator\\.get\\?'}}
  handle: {{jmespath: "body.creatorId", response: '/api/creator\\.get\\?'}}
post:
  account_key: {{from_url: creator}}
post_list:
  response: '/api/post\\.listCreator\\?'
  each: "body.items"
  each_is: jmespath
  fields:
    key: {{jmespath: "id"}}
    posted_at: {{jmespath: "publishedDatetime"}}
    account_key: {{jmespath: "user.userId"}}
    fee: {{jmespath: "to_string(feeRequired)"}}
"""


# -- schema ---------------------------------------------------------------------------


def test_load_more_applies_per_rule_and_profile_wide_to_listing_and_account_pages() -> None:
    profile = parse_profile(PROFILE, "spa.yaml")
    listing, account, post = profile.links
    assert profile.load_more_for(listing).selector == "button.more"
    assert profile.load_more_for(account).max_clicks == 3
    assert profile.load_more_for(post) is None  # post pages have no lists to open


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ("account: {key: {css: 'h1', response: '/api'}, handle: h1}", "use it with `jmespath`"),
        ("account: {handle: {jmespath: a, response: '(unclosed'}}", "bad regular expression"),
        ("load_more: {selector: ' '}", "must name the button"),
        ("load_more: {selector: b, max_clicks: 0}", "max_clicks"),
        ("load_more: {selector: b, click: true}", "click"),
    ],
)
def test_bad_browser_fields_are_refused_with_a_reason(snippet: str, message: str) -> None:
    text = PROFILE.replace('load_more: {selector: "button.more"}', snippet)
    if snippet.startswith("account:"):
        text = text.replace(text[text.index("account:\n") : text.index("post:\n")], snippet + "\n")
    with pytest.raises(ProfileError, match="(?s)" + message.replace("(", r"\(")):
        parse_profile(text, "spa.yaml")


def test_the_spider_asks_for_load_more_and_the_profiles_timeout() -> None:
    spider = _spider()
    plan = spider.page_request(f"{BASE}/@hana").meta["mimamori_render"]
    assert plan.load_more == LoadMorePlan("button:has-text('もっと見る')", 3, 800, 60)
    assert plan.wait_timeout_s == 5
    assert plan.received_json  # the profile reads `response:`, so bodies are handed over
    demo = ProfileSpider.from_crawler(
        get_crawler(ProfileSpider), profile=load_profile("demo-social", {"MIMAMORI_DEMO_URL": BASE})
    )
    assert not demo.page_request(f"{BASE}/social/explore").meta["mimamori_render"].received_json


# -- load more against a stand-in page -----------------------------------------------------


class _Button:
    def __init__(self, page: _Page) -> None:
        self.page = page

    @property
    def first(self) -> _Button:
        return self

    async def is_visible(self) -> bool:
        return self.page.left > 0

    async def click(self, timeout: int) -> None:
        if self.page.covered:
            raise RuntimeError("element is covered by <div class=overlay>\ncall log")
        self.page.left -= 1
        self.page.clicks += 1


class _Page:
    def __init__(self, left: int, covered: bool = False) -> None:
        self.left, self.covered, self.clicks = left, covered, 0
        self.timeout_message: str | None = None

    def locator(self, selector: str) -> _Button:
        return _Button(self)

    async def wait_for_timeout(self, ms: int) -> None:
        return None

    async def wait_for_selector(self, selector: str, timeout: int) -> None:
        self.timeout_message = f"{timeout} ms"
        raise TimeoutError(f"Timeout {timeout}ms exceeded")


def _clicks(page: _Page, max_clicks: int = 10) -> Any:
    return asyncio.run(click_until_gone(page, LoadMorePlan("button.more", max_clicks, 50, 60)))


def test_load_more_clicks_until_the_button_is_gone() -> None:
    page = _Page(left=3)
    result = _clicks(page)
    assert (result.clicks, result.stopped, page.clicks) == (3, GONE, 3)


def test_load_more_stops_at_max_clicks_and_says_so() -> None:
    result = _clicks(_Page(left=50), max_clicks=4)
    assert (result.clicks, result.stopped) == (4, MAX_CLICKS)
    record = result.as_record(LoadMorePlan("button.more", 4, 50, 60))
    assert record["stopped"] == "max_clicks" and record["clicks"] == 4


def test_a_button_that_cannot_be_clicked_ends_with_the_reason() -> None:
    result = _clicks(_Page(left=2, covered=True))
    assert (result.clicks, result.stopped) == (0, CLICK_FAILED)
    assert result.error == "element is covered by <div class=overlay>"


def test_a_render_timeout_names_the_profiles_timeout_not_ten_seconds() -> None:
    problems: list[tuple[str, str, str]] = []
    capture = PageCapture(
        SimpleNamespace(),  # type: ignore[arg-type]
        SimpleNamespace(),  # type: ignore[arg-type]
        ScreenshotPolicy(enabled=False, blur_media=True),
        text_is_minor=lambda text: False,
        report_problem=lambda *problem: problems.append(problem),
        count=lambda key: None,
    )
    page = _Page(left=0)
    plan = RenderPlan("load", ("127.0.0.1",), wait_for="#app", wait_timeout_s=5)
    asyncio.run(capture._settle(page, f"{BASE}/x", plan))
    assert page.timeout_message == "5000 ms"
    assert problems == [(f"{BASE}/x", "render_timeout", "'#app' did not appear within 5 s")]


# -- JSON the page received ----------------------------------------------------------------


def test_api_bodies_are_kept_within_the_caps() -> None:
    traffic = PageTraffic()
    traffic.keep_json(f"{BASE}/api/a", 200, b'{"a": 1}')
    traffic.keep_json(f"{BASE}/api/big", 200, b" " * (RECEIVED_JSON_MAX_BYTES + 1))
    assert [(r.url.rsplit("/", 1)[-1], r.too_large) for r in traffic.received_json] == [
        ("a", False),
        ("big", True),
    ]
    assert traffic.received_json[1].body == b""


def test_matching_bodies_that_are_not_json_are_skipped_with_a_problem() -> None:
    problems: list[tuple[str, str]] = []
    bodies = ReceivedBodies(
        [
            ReceivedJson(f"{BASE}/api/item?id=1", 200, b"<html>oops</html>"),
            ReceivedJson(f"{BASE}/api/item?id=2", 200, b'{"id": 2}'),
            ReceivedJson(f"{BASE}/api/huge?id=3", 200, b"", too_large=True),
        ],
        lambda kind, message: problems.append((kind, message)),
    )
    assert bodies.json_for(r"/api/item\?") == {"id": 2}
    assert bodies.json_for(r"/api/item\?") == {"id": 2}  # parsed and reported once
    assert bodies.json_for(r"/api/huge") is None
    assert bodies.json_for(r"/api/none") is None
    assert [kind for kind, _ in problems] == ["bad_json", "response_too_large", "response_missing"]


def _spider() -> ProfileSpider:
    crawler = get_crawler(ProfileSpider)
    return ProfileSpider.from_crawler(crawler, profile=parse_profile(PROFILE, "spa.yaml"))  # type: ignore[return-value]


def _rendered(url: str, received: list[ReceivedJson]) -> HtmlResponse:
    from scrapy import Request

    meta = {RULE_META: 1, RENDERED_META: True, RECEIVED_JSON_META: tuple(received)}
    request = Request(url, meta=meta)
    body = b"<html><body><div id=root><h1>Hana</h1><article>post one</article></div></body></html>"
    return HtmlResponse(url, body=body, encoding="utf-8", request=request)


def _api(path: str, body: Any) -> ReceivedJson:
    return ReceivedJson(f"{BASE}{path}", 200, json.dumps({"body": body}).encode())


def test_a_spa_page_without_ids_gets_them_from_its_api_calls() -> None:
    spider = _spider()
    problems: list[dict[str, Any]] = []

    def record(**kw: Any) -> None:
        problems.append(kw)

    # Signals hold receivers weakly: keep a named function alive for the test.
    spider.crawler.signals.connect(record, signal=page_problem)
    posts = [
        {"id": "p-9", "publishedDatetime": "2026-11-01T12:00:00+09:00", "feeRequired": 500,
         "user": {"userId": "u-1"}},
    ]  # fmt: skip
    response = _rendered(
        f"{BASE}/@hana",
        [
            _api(
                "/api/creator.get?creatorId=hana", {"creatorId": "hana", "user": {"userId": "u-1"}}
            ),
            _api("/api/post.listCreator?creatorId=hana", {"items": posts}),
        ],
    )
    items = list(spider.parse_page(response))
    accounts = [i for i in items if isinstance(i, AccountItem)]
    post_items = [i for i in items if isinstance(i, PostItem)]
    assert [(a.account_key, a.handle) for a in accounts] == [("u-1", "hana")]
    assert [(p.post_key, p.account_key, p.posted_at_text, p.fee_text) for p in post_items] == [
        ("p-9", "u-1", "2026-11-01T12:00:00+09:00", "500")
    ]
    assert problems == []


def test_a_spa_page_whose_api_answer_is_missing_is_a_problem_not_a_crash() -> None:
    spider = _spider()
    problems: list[dict[str, Any]] = []

    def record(**kw: Any) -> None:
        problems.append(kw)

    # Signals hold receivers weakly: keep a named function alive for the test.
    spider.crawler.signals.connect(record, signal=page_problem)
    response = _rendered(
        f"{BASE}/@hana", [ReceivedJson(f"{BASE}/api/creator.get?creatorId=hana", 200, b"{bad")]
    )
    items = list(spider.parse_page(response))
    assert not [i for i in items if isinstance(i, (AccountItem, PostItem))]
    kinds = [p["kind"] for p in problems]
    assert "bad_json" in kinds and "response_missing" in kinds and "extract_failed" in kinds
