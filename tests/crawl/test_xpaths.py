"""Selectors compiled once (spiders/xpaths.py) give exactly what parsel gives, on pages
and on repeated blocks, for every kind of result a selector can have."""

from __future__ import annotations

from typing import Any

import pytest
from parsel import Selector
from scrapy.http import HtmlResponse

from spiders import extract, xpaths
from spiders.extract import extract_block, extract_field, repeated_blocks
from spiders.profile import FieldSpec, RepeatedSpec

PAGE = """<html><head><title>店 &amp; shop</title></head><body>
<section class="creator" data-id="42"><h1 class="name">Creator <b>42</b> ✓</h1>tail text
<p class="handle">@creator42</p>
<div class="bio">AIイラスト<br>を描いています。
  <span>リクエスト<i>受付中</i></span> #42</div>
<div class="plan"><span class="plan-name">Basic</span><span class="price">¥500/月</span></div>
<div class="plan"><span class="plan-name">Premium</span><span class="price">¥3,000/月</span></div>
<a href="/post/1">one</a><a href="https://x.example/2">two</a><!-- a comment -->
</section></body></html>"""

SPECS: list[dict[str, Any]] = [
    {"css": "section.creator::attr(data-id)"},
    {"css": "p.handle::text", "re": r"@(\w+)"},
    {"css": "h1.name::text"},
    {"css": "h1.name"},
    {"css": "h1.name", "text": True},
    {"css": "div.bio", "text": True},
    {"css": "div.bio::text", "text": True, "many": True},
    {"css": "div.bio *::text", "many": True},
    {"css": "a::attr(href)", "many": True, "url": True},
    {"css": "title::text"},
    {"css": "div.missing::text"},
    {"xpath": "//h1/b/text()"},
    {"xpath": "//comment()"},
    {"xpath": "//dt[.='Price']/following-sibling::dd[1]/text()"},
    {"xpath": "count(//div[@class='plan'])"},
    {"xpath": "boolean(//h1)"},
    {"xpath": "boolean(//h2)"},
    {"xpath": "string(//p[@class='handle'])"},
    {"xpath": "string(//p[@class='handle'])", "text": True},
    {"xpath": "//section/@data-id", "text": True},
    {"xpath": "//a[re:test(@href, '^https')]/@href"},
]


def _parsel_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract.xpaths, "select", lambda *_args: None)


def _selector() -> Selector:
    response = HtmlResponse("http://shop.example/acct/42", body=PAGE.encode(), encoding="utf-8")
    return response.selector


@pytest.mark.parametrize("raw", SPECS, ids=[str(s) for s in SPECS])
def test_same_values_as_parsel(raw: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    spec = FieldSpec(**raw)
    kw = {"page_url": "http://shop.example/acct/42", "sel": _selector()}
    compiled = extract_field(spec, **kw)
    with monkeypatch.context() as patch:
        _parsel_only(patch)
        assert extract_field(spec, **kw) == compiled


def test_plain_selectors_take_the_compiled_path_and_exslt_does_not() -> None:
    sel = _selector()
    assert xpaths.select(sel, "h1.name::text", None) == ["Creator ", " ✓"]
    assert xpaths.select(sel, None, "//a[re:test(@href, '^https')]/@href") is None
    assert xpaths.compiled("h1.name::text", None) is xpaths.compiled("h1.name::text", None)


def test_repeated_blocks_read_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = RepeatedSpec(
        each="div.plan",
        fields={"name": FieldSpec(css=".plan-name::text"), "price": FieldSpec(css=".price::text")},
    )

    def read() -> list[dict[str, Any]]:
        sel = _selector()
        return [
            extract_block(spec, block, page_url="http://shop.example/acct/42")
            for block in repeated_blocks(spec, sel=sel)
        ]

    compiled = read()
    assert compiled == [
        {"name": "Basic", "price": "¥500/月"},
        {"name": "Premium", "price": "¥3,000/月"},
    ]
    _parsel_only(monkeypatch)
    assert read() == compiled


def test_a_bad_xpath_is_a_value_error_as_in_parsel() -> None:
    with pytest.raises(ValueError, match="XPath error"):
        xpaths.select(_selector(), None, "//h1[")
