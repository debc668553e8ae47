"""The spider only extracts; the engine's media middleware fetches and hashes media."""

from __future__ import annotations

import io
from collections import Counter
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from PIL import Image
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.capture.media_capture import MEDIA_META, MediaCapture
from crawler.capture.minor_risk import MinorRiskMap
from crawler.items import AccountItem, MediaItem, PostItem
from crawler.middlewares.media import MediaRequestsMiddleware
from spiders.contract import (
    EVIDENCE_META,
    RENDER_META,
    RENDERED_META,
    RenderPlan,
    page_problem,
)
from spiders.profile import load_profile
from spiders.profile_spider import ProfileSpider

BASE = "http://127.0.0.1:9"
SOCIAL_ACCOUNT = f"""
<html><body><div id="app" data-state="ready">
<section class="sc-profile" data-user-id="42" data-handle="seller">
  <h1 class="sc-profile__name">Seller</h1><div class="sc-profile__bio">hello</div>
</section>
<ul><li class="sc-post" data-post-id="p1">
  <a class="sc-post__permalink" href="/social/p/p1">#</a><p class="sc-post__text">new set</p>
  <img class="sc-post__image" src="{BASE}/media/1.jpg">
</li></ul></div></body></html>
"""


def _spider(profile_name: str) -> ProfileSpider:
    profile = load_profile(profile_name, {"MIMAMORI_DEMO_URL": BASE})
    crawler = get_crawler(ProfileSpider)
    return ProfileSpider.from_crawler(crawler, profile=profile)  # type: ignore[return-value]


def test_browser_pages_are_asked_for_in_meta_not_rendered_by_the_spider() -> None:
    spider = _spider("demo-social")
    request = spider.page_request(f"{BASE}/social/@seller")
    plan = request.meta[RENDER_META]
    assert isinstance(plan, RenderPlan)
    assert plan.wait_for == '#app[data-state="ready"]'
    assert plan.scroll is not None and plan.scroll.item_selector == "li.sc-post"
    assert "127.0.0.1" in plan.allowed_hosts
    # Playwright itself is the engine's business.
    assert not any(key.startswith("playwright") for key in request.meta)
    listing = spider.page_request(f"{BASE}/social/explore").meta[RENDER_META]
    assert listing.scroll is None  # only account pages scroll


def test_rendered_account_page_becomes_items_with_its_evidence() -> None:
    spider = _spider("demo-social")
    request = spider.page_request(f"{BASE}/social/@seller")
    request.meta[EVIDENCE_META] = ["<urn:uuid:main>", "<urn:uuid:dom>"]
    request.meta[RENDERED_META] = True
    response = HtmlResponse(
        request.url, body=SOCIAL_ACCOUNT.encode(), encoding="utf-8", request=request
    )
    out = list(spider.parse_page(response))
    account = next(o for o in out if isinstance(o, AccountItem))
    post = next(o for o in out if isinstance(o, PostItem))
    assert (account.account_key, account.handle, account.bio) == ("42", "seller", "hello")
    assert post.media_urls == [f"{BASE}/media/1.jpg"]
    assert account.evidence == post.evidence == ["<urn:uuid:main>", "<urn:uuid:dom>"]
    # The spider names media; it never requests them.
    assert not any(isinstance(o, Request) and o.meta.get(MEDIA_META) for o in out)


def test_a_page_without_its_key_is_reported_as_a_signal() -> None:
    spider = _spider("demo-social")
    seen: list[dict[str, Any]] = []

    def record(**kw: Any) -> None:
        seen.append(kw)

    # Signals hold receivers weakly: keep a named function alive for the test.
    spider.crawler.signals.connect(record, signal=page_problem)
    request = spider.page_request(f"{BASE}/social/@seller")
    response = HtmlResponse(request.url, body=b"<html></html>", request=request)
    assert [o for o in spider.parse_page(response) if isinstance(o, AccountItem)] == []
    assert seen and seen[0]["kind"] == "extract_failed"


class _FakeRecorder:
    def __init__(self) -> None:
        self.fetches: list[str] = []

    def record_media_fetch(self, *, url: str, **_: Any) -> str:
        self.fetches.append(url)
        return f"<urn:uuid:media-{len(self.fetches)}>"


def _media_middleware(known: dict[str, dict[str, Any]]) -> MediaRequestsMiddleware:
    profile = load_profile("demo-market", {"MIMAMORI_DEMO_URL": BASE})
    minor = MinorRiskMap(lambda text: "JK" in text)
    media = MediaCapture(_FakeRecorder(), profile, known, minor)  # type: ignore[arg-type]
    stats: Counter[str] = Counter()
    crawler = SimpleNamespace(stats=SimpleNamespace(inc_value=lambda k: stats.update([k])))
    state = SimpleNamespace(media=media, record_error=lambda **kw: None)
    middleware = MediaRequestsMiddleware(crawler, state)  # type: ignore[arg-type]
    middleware.test_stats = stats  # type: ignore[attr-defined]
    return middleware


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def _post(account_key: str, *urls: str) -> PostItem:
    return PostItem(
        platform="market",
        account_key=account_key,
        post_key="p1",
        seen_at=datetime.now(UTC),
        text="sale",
        media_urls=list(urls),
    )


def _account(key: str, bio: str) -> AccountItem:
    return AccountItem(
        platform="market", account_key=key, profile_url="u", seen_at=datetime.now(UTC), bio=bio
    )


def test_posts_are_followed_by_their_media_requests_and_known_media() -> None:
    known = {
        f"{BASE}/old.jpg": {
            "sha256": "ab" * 32,
            "pdq": None,
            "pdq_quality": None,
            "width": 1,
            "height": 1,
            "size": 10,
            "content_type": "image/jpeg",
            "thumb_blob": "cd" * 32,
        }
    }
    middleware = _media_middleware(known)
    post = _post("u1", f"{BASE}/new.jpg", f"{BASE}/old.jpg", "data:image/png;base64,AA")
    out = list(middleware.process_spider_output(None, [post]))  # type: ignore[arg-type]
    assert out[0] is post
    request, known_item = out[1], out[2]
    assert isinstance(request, Request) and request.meta[MEDIA_META]
    assert request.priority < 0 and request.callback == middleware.parse_media
    assert isinstance(known_item, MediaItem) and known_item.known_thumb_blob == "cd" * 32
    assert len(out) == 3  # data: URLs are not fetched
    assert middleware.test_stats["mimamori/media_already_hashed"] == 1  # type: ignore[attr-defined]


def test_media_are_hashed_and_minor_risk_accounts_keep_no_image() -> None:
    middleware = _media_middleware({})
    risky, plain = _account("kid", "JK photos"), _account("adult", "art")
    posts = [_post("kid", f"{BASE}/a.png"), _post("adult", f"{BASE}/b.png")]
    out = list(middleware.process_spider_output(None, [risky, plain, *posts]))  # type: ignore[arg-type]
    requests = [o for o in out if isinstance(o, Request)]
    items = []
    for request in requests:
        response = HtmlResponse(request.url, body=b"", request=request)
        response = response.replace(cls=HtmlResponse, body=_png())
        items.extend(middleware.parse_media(response))
    withheld, kept = items
    assert (withheld.withheld_reason, withheld.thumbnail) == ("minor_risk", None)
    assert kept.withheld_reason is None and kept.thumbnail and kept.pdq
    assert kept.sha256 and kept.width == 64
    assert withheld.evidence == ["<urn:uuid:media-1>"]
