"""Why an account came (back) to the queue, in the reader's language.

The flagger (crawler/flag/judge.py) stores `flags.detail` as English clauses joined by "; ",
some with values after a colon: watchlist names, or plan names copied from the page. This
module splits it back into a translated label and the raw value, so the page can translate the
label and isolate the value like any scraped text; a clause it does not know is shown whole,
as a value (isolated, never dropped).
"""

from __future__ import annotations

from crawler.review.i18n import N_, _

# Whole clauses, and clauses whose value follows ": ".
_WHOLE = {
    "first seen in this run and scores above the threshold": N_(
        "First seen in this crawl, and its score is above the threshold."
    ),
    "known account that now scores above the threshold": N_(
        "A known account whose score is now above the threshold."
    ),
    "dismissed earlier, now targets people": N_("Dismissed earlier; now it targets people."),
    "now implies minors": N_("Now suggests minors."),
    "new posts that score": N_("New posts that score."),
}
_WITH_VALUE = {
    "dismissed earlier, now targets people": N_("Dismissed earlier; now it targets:"),
    "new named people": N_("New named people:"),
    "new plans": N_("New plans:"),
}


def explain_flag_detail(detail: str | None) -> list[tuple[str | None, str | None]]:
    """(translated label, raw value) per clause; the value still needs `|scraped`."""
    parts: list[tuple[str | None, str | None]] = []
    for clause in (detail or "").split("; "):
        clause = clause.strip()
        if not clause:
            continue
        if clause in _WHOLE:
            parts.append((_(_WHOLE[clause]), None))
            continue
        head, sep, value = clause.partition(": ")
        if sep and head in _WITH_VALUE:
            parts.append((_(_WITH_VALUE[head]), value))
        else:
            parts.append((None, clause))
    return parts
