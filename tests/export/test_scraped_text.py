"""storage.findings.isolate_scraped: the one way scraped text goes into HTML, in the review
app and (through the same function) the exported report."""

from __future__ import annotations

from markupsafe import Markup

from storage.findings import isolate_scraped, show_bidi_controls
from storage.findings.scraped_text import BIDI_CONTROLS


def test_every_direction_control_becomes_a_visible_token() -> None:
    html = isolate_scraped("".join(BIDI_CONTROLS))
    assert not any(c in html for c in BIDI_CONTROLS)
    for name in BIDI_CONTROLS.values():
        assert f"\u27e8{name}\u27e9</span>" in html
    assert 'title="U+202E Right-To-Left Override"' in html
    assert html.startswith("<bdi>") and html.endswith("</bdi>")


def test_scraped_text_is_escaped_then_isolated() -> None:
    html = isolate_scraped('<script>alert("x")</script>\u202egpj.exe')
    assert "<script>" not in html
    assert html == Markup(
        "<bdi>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"
        '<span class="bidi-control" title="U+202E Right-To-Left Override">\u27e8RLO\u27e9</span>'
        "gpj.exe</bdi>"
    )


def test_our_own_markup_is_kept_and_controls_in_attributes_become_plain_tokens() -> None:
    marked = Markup('<mark class="hl" title="a\u202eb">AI\u202e美女</mark>')
    html = isolate_scraped(marked)
    assert html.startswith('<bdi><mark class="hl" title="a\u27e8RLO\u27e9b">AI<span')
    assert html.endswith("美女</mark></bdi>")


def test_empty_values_stay_empty_so_a_fallback_still_shows() -> None:
    assert isolate_scraped(None) == "" and isolate_scraped("") == ""
    assert (isolate_scraped(Markup("")) or "(no bio)") == "(no bio)"


def test_plain_form_for_titles_and_attributes() -> None:
    assert show_bidi_controls("a\u2067b\u200fc") == "a\u27e8RLI\u27e9b\u27e8RLM\u27e9c"
    assert show_bidi_controls("普通の文") == "普通の文"
