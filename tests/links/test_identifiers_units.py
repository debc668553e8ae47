"""Identifier extraction: every kind, as sellers write it (full width, labels, spelled out,
look-alike letters), hostile text kept as data, and values that are never identifiers."""

from __future__ import annotations

import pytest

from crawler.link.identifiers import extract_identifiers, platform_names, url_identifiers
from crawler.link.urls import account_page, canonical_url


def found(text: str, **kw) -> set[tuple[str, str]]:
    return {(f.value_kind, f.value) for f in extract_identifiers(text, **kw)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PayPay ID: ai_shop", ("paypay", "aishop")),
        ("paypay: ai＿shop", ("paypay", "aishop")),
        ("ＰａｙＰａｙ ＩＤ：ａｉ＿ｓｈｏｐ です", ("paypay", "aishop")),
        ("ペイペイID→AI-Shop", ("paypay", "aishop")),
        ("お支払い(PayPay ID:аі_shop)", ("paypay", "aishop")),  # Cyrillic а and і
        (
            "https://qr.paypay.ne.jp/p2p01_AbCd1234",
            ("paypay_link", "qr.paypay.ne.jp/p2p01_abcd1234"),
        ),
        ("連絡 ai.shop+req@Example.co.jp", ("email", "ai.shop@example.co.jp")),
        ("ai_shop (at) gmail (dot) com まで", ("email", "ai_shop@gmail.com")),
        ("aishop★gmail.com（★を@に変えて）", ("email", "aishop@gmail.com")),
        ("a.i.shop@googlemail.com", ("email", "aishop@gmail.com")),
        ("ａｉｓｈｏｐ＠ｍａｉｌ．ｊｐ", ("email", "aishop@mail.jp")),
        ("Discord: ai_shop#1234", ("discord", "aishop1234")),
        ("ディスコード：AI_SHOP", ("discord", "aishop")),
        ("サーバー https://discord.gg/AbCdEf", ("discord_invite", "discord.gg/abcdef")),
        ("discord.com/invite/xyz987", ("discord_invite", "discord.com/invite/xyz987")),
        ("LINE ID：ａｉｓｈｏｐ２０２４", ("line", "aishop2024")),
        ("https://line.me/R/ti/p/@abc123", ("line", "line.me/r/ti/p/@abc123")),
        (
            "ほしいもの amazon.co.jp/hz/wishlist/ls/3ABCDEF12345?ref=x",
            ("amazon_wishlist", "amazon.co.jp/hz/wishlist/ls/3abcdef12345"),
        ),
        (
            "ETH 0x52908400098527886E0F7030069857D2E4169EE7",
            ("crypto", "0x52908400098527886e0f7030069857d2e4169ee7"),
        ),
        (
            "BTC: 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
            ("crypto", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"),
        ),
        (
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
            ("crypto", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
        ),
        ("依頼はスケブ skeb.jp/@AI_shop/works/3 で", ("platform_url", "skeb.jp/@ai_shop")),
        ("https://coconala.com/users/1234567", ("platform_url", "coconala.com/users/1234567")),
        ("https://fantia.jp/fanclubs/98765/posts", ("platform_url", "fantia.jp/fanclubs/98765")),
        ("https://aishop.fanbox.cc/posts/1", ("platform_url", "aishop.fanbox.cc")),
        ("ｈｔｔｐｓ：／／ｓｋｅｂ．ｊｐ／＠ａｉ＿ｓｈｏｐ", ("platform_url", "skeb.jp/@ai_shop")),
        ("https://lit.link/aishopはこちら", ("link_page", "lit.link/aishop")),
        ("linktr.ee/AIShop", ("link_page", "linktr.ee/aishop")),
        ("Fantia: @ai_shop", ("handle_mention", "fantia:aishop")),
        ("@ai_shop（スケブ）", ("handle_mention", "skeb:aishop")),
        ("pixivFANBOX @aishop", ("handle_mention", "fanbox:aishop")),
        ("X：＠ａｉ＿ｓｈｏｐ", ("handle_mention", "x:aishop")),
    ],
)
def test_each_kind_as_sellers_write_it(text: str, expected: tuple[str, str]) -> None:
    assert expected in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "PayPay available",  # a word after the label, no separator: no id
        "PayPay: available",  # a separator, but a word on the list of non-ids
        "LINEで連絡してね",
        "online: shop_one",  # "line" inside a word is no label
        "support@fantia.jp",  # the platform's own address
        "info@example.com",
        "https://lit.link/",  # the link-in-bio service's home page
        "https://linktr.ee/login",
        "https://x.com/home",
        "@ai_shop",  # a handle without a platform names nobody in particular
        "bitcoin is everywhere 1BvBMSEYstWetqTFn5Au4m4GFg7",  # too short to be an address
    ],
)
def test_never_identifiers(text: str) -> None:
    shared = {
        (kind, value)
        for kind, value in found(text)
        if kind not in ("link", "link_via")  # a plain link is only a declared-link candidate
    }
    assert not shared, shared


def test_an_address_is_not_a_mention() -> None:
    assert found("shop+x@mail.jp") == {("email", "shop@mail.jp")}  # not the platform "x"


def test_hostile_text_stays_data() -> None:
    text = 'paypay: evil_pay<script>alert(1)</script> "><img src=x onerror=alert(1)> LINE: <b>x</b>'
    items = extract_identifiers(text)
    assert [(f.value_kind, f.value, f.shown) for f in items] == [
        ("paypay", "evilpay", "paypay: evil_pay")
    ]
    assert extract_identifiers("paypay: <script>alert(1)</script>") == []
    huge = "ｗ" * 200_000 + " paypay: late_id"
    assert extract_identifiers(huge) == []  # cut like the detector's text: bounded work


def test_shown_is_the_text_as_scraped() -> None:
    (item,) = extract_identifiers("お支払い ＰａｙＰａｙ\u200b：ｍｉｒａｉ＿ｗｏｒｋｓ 以上")
    assert item.value == "miraiworks"
    assert item.shown == "ＰａｙＰａｙ\u200b：ｍｉｒａｉ＿ｗｏｒｋｓ"


def test_stored_platform_names_resolve_mentions() -> None:
    names = platform_names([("fanclub", "Demo FanClub"), ("market", "Demo Market")])
    assert ("handle_mention", "fanclub:miraiworks") in found(
        "FanClub: @mirai_works", platforms=names
    )
    assert ("handle_mention", "market:mirai") in found("@mirai (Demo Market)", platforms=names)


def test_links_are_declared_link_candidates_in_one_canonical_form() -> None:
    forms = [
        "https://www.Example.com/Shop/",
        "http://example.com/shop#top",
        "example.com/shop",
        "https://example.com:443/shop",
    ]
    assert {canonical_url(f).value for f in forms} == {"example.com/shop"}
    assert canonical_url("http://127.0.0.1:8000/market/u/Ai").value == "127.0.0.1:8000/market/u/ai"
    assert canonical_url("javascript:alert(1)") is None
    via = url_identifiers("https://lit.link/goneshop", "lit.link → x", via="https://lit.link/x")
    assert {(f.value_kind, f.value) for f in via} == {
        ("link_via", "lit.link/goneshop"),
        ("link_page", "lit.link/goneshop"),
    }
    assert account_page(canonical_url("http://127.0.0.1:8000/links/ai_shop")) == (
        "link_page",
        "127.0.0.1:8000/links/ai_shop",
    )
    assert account_page(canonical_url("http://127.0.0.1:8000/links/")) is None


def test_a_link_to_a_platform_page_of_a_handle_points_at_that_handle() -> None:
    # The demo's social profile stores its JSON API URL as the account's own; people link
    # the page /social/@handle, which names the stored account by its handle.
    found = {
        (f.value_kind, f.value)
        for f in url_identifiers("http://127.0.0.1:8000/social/@Night_Fake", "x")
    }
    assert ("handle_mention", "social:nightfake") in found
    skeb = {
        (f.value_kind, f.value) for f in url_identifiers("https://skeb.jp/@ai_shop/works/3", "x")
    }
    assert ("handle_mention", "skeb:aishop") in skeb
    # A fan club's numeric id is not a handle: no mention is made up from it.
    fantia = {f.value_kind for f in url_identifiers("https://fantia.jp/fanclubs/123", "x")}
    assert "handle_mention" not in fantia


def test_payment_ids_after_words_or_in_brackets() -> None:
    def ids(text: str) -> set[tuple[str, str]]:
        return {(f.value_kind, f.value) for f in extract_identifiers(text, {})}

    assert ("paypay", "nugashipay55") in ids("PayPay払いOK（nugashi_pay55）")
    assert ("paypay", "nugashipay55") in ids("PayPay払いOK（ID: nugashi_pay55）")
    # Words in brackets after the label are not ids.
    assert not ids("PayPay払いOK（前払いのみ）") and not ids("PayPay (available)")
