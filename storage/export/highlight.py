"""Marking the detector's matches in scraped text for the exported report, escaping
everything else (storage/findings/spans.py finds and merges the matches: one overlap policy
for the report and the review app)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup

from storage.findings import PartRef, Reason, plain_mark
from storage.findings import highlight as mark_matches


def highlight(
    text: str | None,
    reasons: Iterable[Reason | Mapping[str, Any]],
    part: PartRef | str | None = None,
) -> Markup:
    """Escaped `text` with each match in a plain <mark class="match">."""
    return mark_matches(text, reasons, part, mark=plain_mark)
