"""Mark the words that made the detector flag a text, escaping everything else.

Finding the matches, the overlap policy and the escaping are storage.findings' (one way for
the review app and the exported report); this module draws the review app's marks, titled
with the family's label in the reviewer's language (crawler/review/reasons.py). Scraped
text is hostile: the only markup in the result is our own <mark> tags, and every piece of
scraped text between them is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup

from crawler.review.reasons import family_label
from storage.findings import PartRef, Reason
from storage.findings import highlight as mark_matches

_CSS_SAFE = re.compile(r"[^a-z0-9_-]")


def family_class(family: str | None) -> str:
    key = (family or "other").lower()
    return "hl-" + (_CSS_SAFE.sub("", key)[:30] or "other")


def _review_mark(words: str, families: tuple[str, ...]) -> Markup:
    labels = ", ".join(dict.fromkeys(family_label(f) for f in families))
    return Markup('<mark class="hl {}" title="{}">{}</mark>').format(
        family_class(families[0]), labels, words
    )


def highlight(
    text: str | None,
    reasons: Iterable[Reason | Mapping[str, Any]],
    part: PartRef | str | None = None,
) -> Markup:
    """Escaped `text` with the matched words wrapped in <mark>."""
    return mark_matches(text, reasons, part, mark=_review_mark)
