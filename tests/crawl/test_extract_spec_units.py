"""Unit tests for spiders.extract: JSON pages and the field spec options (regex, url, many,
const, from_url, XPath). HTML pages through the bundled profiles: test_extract_units.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from parsel import Selector

from spiders.extract import extract_block, extract_field, extract_many, repeated_blocks
from spiders.profile import FieldSpec, Profile, load_profile

BASE = "http://fanclub.example"
VARS = {"MIMAMORI_DEMO_URL": BASE}


@pytest.fixture(scope="module")
def social_api() -> Profile:
    return load_profile("demo-social-api", VARS)


# -- JSON pages ------------------------------------------------------------------------


def test_json_account(social_api: Profile) -> None:
    url = f"{BASE}/social/api/users/aoi_test"
    data = {
        "id_str": "9007199254740993",
        "handle": "aoi_test",
        "display_name": "あおい",
        "bio": None,
        "links": [{"url": "https://aoi.example/"}, {"title": "no url"}, {"url": "/rel"}],
    }
    spec = social_api.account
    kw = {"page_url": url, "data": data}
    assert extract_field(spec.key, **kw) == "9007199254740993"
    assert extract_field(spec.handle, **kw) == "aoi_test"
    assert extract_field(spec.bio, **kw) is None
    # JSON values are not resolved against the page unless the spec says url: true.
    assert extract_many(spec.links, **kw) == ["https://aoi.example/", "/rel"]


def test_json_post_list(social_api: Profile) -> None:
    url = f"{BASE}/social/api/users/aoi_test/posts"
    data = {
        "posts": [
            {
                "user_id": 42,
                "handle": "aoi_test",
                "id_str": "1",
                "url": "https://social.example/p/1",
                "text": "テスト投稿",
                "created_at": "2024-05-01T00:00:00Z",
                "media": [{"url": "https://cdn.example/1.jpg"}],
            },
            {"user_id": 42, "id_str": "2"},
        ],
        "next_cursor": None,
    }
    spec = social_api.post_list
    blocks = repeated_blocks(spec, data=data)
    assert blocks == data["posts"]
    posts = [extract_block(spec, b, page_url=url) for b in blocks]
    assert posts[0] == {
        "account_key": "42",
        "account_handle": "aoi_test",
        "key": "1",
        "url": "https://social.example/p/1",
        "text": "テスト投稿",
        "posted_at": "2024-05-01T00:00:00Z",
        "media": ["https://cdn.example/1.jpg"],
    }
    assert posts[1] == {
        "account_key": "42",
        "account_handle": None,
        "key": "2",
        "url": None,
        "text": None,
        "posted_at": None,
        "media": [],
    }


@pytest.mark.parametrize("data", [None, {}, {"posts": None}, {"posts": {"id": 1}}, [], "x"])
def test_json_repeated_blocks_that_are_not_a_list(social_api: Profile, data: Any) -> None:
    assert repeated_blocks(social_api.post_list, data=data) == []


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"v": 5}, "5"),
        ({"v": 2.5}, "2.5"),
        ({"v": "x"}, "x"),
        ({"v": ""}, None),
        ({"v": None}, None),
        ({}, None),
        ([1, 2], None),
        ("not an object", None),
    ],
)
def test_json_scalar_values(data: Any, expected: str | None) -> None:
    assert extract_field(FieldSpec(jmespath="v"), page_url=BASE, data=data) == expected


def test_json_list_drops_nulls_and_empty_strings() -> None:
    spec = FieldSpec(jmespath="tags", many=True)
    data = {"tags": ["a", None, "", 3, "b"]}
    assert extract_field(spec, page_url=BASE, data=data) == ["a", "3", "b"]
    assert extract_field(spec.model_copy(update={"many": False}), page_url=BASE, data=data) == "a"


# -- spec options -----------------------------------------------------------------------


def test_no_spec_and_no_document() -> None:
    assert extract_field(None, page_url=BASE) is None
    assert extract_many(None, page_url=BASE) == []
    assert extract_field(FieldSpec(css="h1"), page_url=BASE) is None
    assert extract_field(FieldSpec(jmespath="a"), page_url=BASE) is None
    assert extract_many(FieldSpec(css="h1"), page_url=BASE) == []


def test_string_shorthand_is_a_css_selector() -> None:
    spec = FieldSpec.model_validate("span.n::text")
    assert spec.css == "span.n::text"
    sel = Selector(text="<span class='n'> a </span><span class='n'>b</span>")
    assert extract_field(spec, page_url=BASE, sel=sel) == "a"
    assert extract_many(spec, page_url=BASE, sel=sel) == ["a", "b"]
    assert spec.many is False  # extract_many does not change the spec


def test_xpath_spec() -> None:
    sel = Selector(text="<div data-id=' 12 '><b>x</b></div>")
    assert extract_field(FieldSpec(xpath="//div/@data-id"), page_url=BASE, sel=sel) == "12"
    assert extract_field(FieldSpec(xpath="//div", text=True), page_url=BASE, sel=sel) == "x"


def test_const_and_from_url() -> None:
    groups = {"handle": "mirai", "empty": ""}
    assert extract_field(FieldSpec(const="fanclub"), page_url=BASE) == "fanclub"
    assert extract_field(FieldSpec(from_url="handle"), page_url=BASE, url_groups=groups) == "mirai"
    assert extract_field(FieldSpec(from_url="empty"), page_url=BASE, url_groups=groups) is None
    assert extract_field(FieldSpec(from_url="missing"), page_url=BASE, url_groups=groups) is None
    assert extract_field(FieldSpec(from_url="handle"), page_url=BASE) is None


def test_regex_keeps_group_or_whole_match_and_drops_misses() -> None:
    sel = Selector(text="<li>ID:12</li><li>none</li><li>ID:345</li>")
    grouped = FieldSpec(css="li::text", re=r"ID:(\d+)", many=True)
    whole = FieldSpec(css="li::text", re=r"\d+", many=True)
    assert extract_field(grouped, page_url=BASE, sel=sel) == ["12", "345"]
    assert extract_field(whole, page_url=BASE, sel=sel) == ["12", "345"]
    first = FieldSpec(css="li::text", re=r"ID:(\d+)")
    assert extract_field(first, page_url=BASE, sel=sel) == "12"
    assert extract_field(FieldSpec(css="li::text", re=r"zzz"), page_url=BASE, sel=sel) is None


def test_regex_matching_empty_is_dropped() -> None:
    sel = Selector(text="<li>abc</li>")
    assert extract_field(FieldSpec(css="li::text", re=r"(\d*)"), page_url=BASE, sel=sel) is None


def test_regex_optional_group_that_does_not_match_is_dropped() -> None:
    sel = Selector(text="<li>#12</li><li>#</li>")
    spec = FieldSpec(css="li::text", re=r"#(\d+)?", many=True)
    assert extract_field(spec, page_url=BASE, sel=sel) == ["12"]


def test_url_option_resolves_relative_and_drops_empty() -> None:
    page = f"{BASE}/fanclub/creators/a/"
    sel = Selector(
        text=(
            '<a href=" ../b ">1</a><a href="">2</a><a href="https://x.example/c">3</a>'
            '<a href="//cdn.example/d.png">4</a><a href="?page=2">5</a><a>6</a>'
        )
    )
    spec = FieldSpec(css="a::attr(href)", url=True, many=True)
    assert extract_field(spec, page_url=page, sel=sel) == [
        f"{BASE}/fanclub/creators/b",
        "https://x.example/c",
        "http://cdn.example/d.png",
        f"{BASE}/fanclub/creators/a/?page=2",
    ]
    assert extract_field(FieldSpec(const="/x", url=True), page_url=page) == f"{BASE}/x"
