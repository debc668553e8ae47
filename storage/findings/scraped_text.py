"""Showing scraped text safely in HTML: escaped, isolated, with direction controls visible.

A seller can hide words or fake a file name with Unicode direction controls: U+202E
(RIGHT-TO-LEFT OVERRIDE) makes "gpj.exe" read as "exe.jpg", and an unclosed override or
embedding reorders the text around it. `isolate_scraped` escapes the text (unless it is
already our own Markup, such as highlight()'s), replaces every direction control with a
visible token such as ⟨RLO⟩ so it cannot reorder anything, and wraps the result in <bdi>
so right-to-left letters stay inside their own box. The review app applies it through the
`scraped` template filter; the exported report uses the same function.
"""

from __future__ import annotations

import re
import unicodedata

from markupsafe import Markup, escape

# Every character that changes the direction of the text after it (embeddings, overrides,
# isolates and their ends) and the invisible direction marks.
BIDI_CONTROLS: dict[str, str] = {
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u061c": "ALM",
}
_CONTROL = re.compile("[" + "".join(BIDI_CONTROLS) + "]")
# Our own markup is tags around escaped text; a control inside a tag (an attribute value)
# can only become plain text there.
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")


def control_token(char: str) -> str:
    return f"\u27e8{BIDI_CONTROLS[char]}\u27e9"


def show_bidi_controls(text: str) -> str:
    """Plain text with each direction control replaced by its visible token (⟨RLO⟩)."""
    return _CONTROL.sub(lambda m: control_token(m.group()), text)


def _token_html(match: re.Match[str]) -> str:
    char = match.group()
    name = unicodedata.name(char, "DIRECTION CONTROL").title()
    return str(
        Markup('<span class="bidi-control" title="U+{:04X} {}">{}</span>').format(
            ord(char), name, control_token(char)
        )
    )


def isolate_scraped(value: object) -> Markup:
    """`value` as escaped HTML in a <bdi>, with direction controls shown as tokens.

    Empty or None gives an empty Markup, so `{{ x|scraped or '(none)' }}` still works.
    """
    if value is None or value == "":
        return Markup("")
    html = str(value) if isinstance(value, Markup) else str(escape(str(value)))
    parts = _TAG_OR_TEXT.split(html)
    shown = "".join(
        show_bidi_controls(part) if part.startswith("<") else _CONTROL.sub(_token_html, part)
        for part in parts
    )
    return Markup(f"<bdi>{shown}</bdi>")
