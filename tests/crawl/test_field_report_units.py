"""The live check's per-page report, in process: every selector of the page's kind, empty
ones marked, on HTML and JSON pages, and hostile text kept as text."""

from __future__ import annotations

from parsel import Selector

from spiders.field_report import MAX_SHOWN, page_report, shown
from spiders.profile import parse_profile

PROFILE = parse_profile(
    """\
name: t
platform: t
display_name: T
start_urls: ["https://t.example/"]
links:
  - kind: account
    pattern: '^/u/(?P<handle>\\w+)$'
  - kind: posts
    pattern: '^/api/posts$'
    json: true
    json_links: {jmespath: next}
    json_link_template: "/api/posts?cursor={value}"
account:
  handle: {from_url: handle}
  display_name: "h1::text"
  bio: {css: "div.bio-gone", text: true}
  plans:
    each: "div.plan"
    fields: {name: ".name::text", price: ".price::text"}
post_list:
  each: "items"
  each_is: jmespath
  fields:
    key: {jmespath: id}
    account_key: {jmespath: user}
    title: {jmespath: missing}
""",
    "t.yaml",
)
HTML = """<html><body><h1>&lt;script&gt;alert(1)&lt;/script&gt; Shop</h1>
<div class="plan"><span class="name">Gold</span><span class="price">¥1,000</span></div>
<div class="plan"><span class="name">Free</span></div></body></html>"""


def _fields(report) -> dict[str, tuple[str, bool]]:
    return {f.name: (f.value, f.empty) for f in report.fields}


def test_account_page_reports_every_selector_and_marks_the_empty_one():
    url = "https://t.example/u/alice"
    rule = PROFILE.rule_for(url)
    report = page_report(
        PROFILE, rule, url, sel=Selector(text=HTML), data=None, groups={"handle": "alice"}
    )
    fields = _fields(report)
    assert report.kind == "account"
    assert fields["account.handle"] == ("alice", False)
    # Text that looks like markup stays text (the table is plain text, never HTML).
    assert fields["account.display_name"] == ("<script>alert(1)</script> Shop", False)
    assert fields["account.bio"] == ("(empty)", True)
    assert fields["account.plans (blocks)"] == ("2", False)
    assert fields["account.plans[0].price"] == ("¥1,000", False)
    assert report.empty_fields == ["account.bio"]
    # Selectors the profile leaves unset are not reported.
    assert "account.avatar" not in fields


def test_json_page_reports_blocks_their_fields_and_the_rules_json_links():
    url = "https://t.example/api/posts"
    data = {"items": [{"id": 7, "user": "alice"}], "next": "abc"}
    report = page_report(PROFILE, PROFILE.rule_for(url), url, sel=None, data=data, groups={})
    fields = _fields(report)
    assert fields["posts (blocks)"] == ("1", False)
    assert fields["posts[0].key"] == ("7", False)
    assert fields["posts[0].title"] == ("(empty)", True)
    assert fields["links.json_links"] == ("abc", False)


def test_json_page_without_the_list_says_no_blocks():
    url = "https://t.example/api/posts"
    report = page_report(PROFILE, PROFILE.rule_for(url), url, sel=None, data=[1, 2], groups={})
    assert _fields(report)["posts (blocks)"] == ("(none)", True)
    assert not any(name.startswith("posts[0]") for name in _fields(report))


def test_a_page_no_rule_matches_is_reported_as_such():
    report = page_report(PROFILE, None, "https://t.example/x", sel=None, data=None, groups={})
    assert (report.kind, report.fields) == ("(no rule)", [])


def test_shown_values_are_one_short_line():
    long_text, empty = shown("a\n\n" + "b" * 500)
    assert not empty and "\n" not in long_text and len(long_text) == MAX_SHOWN
    assert shown(["x", "y"]) == ("2 values: x", False)
    assert shown(["x"]) == ("1 value: x", False)
    assert shown([]) == ("(empty)", True)
    assert shown(None) == ("(empty)", True)
