"""The detection contract: what the detector hands on, what is stored, what is shown.

It sits at the bottom layer because reasons are stored in the database and read back by the
review app and the export, which must not import the detector (docs/architecture.md,
"Layers" and "Detection contract").

* ``Reason`` and ``PartRef`` (reasons.py): typed, with ``to_stored``/``from_stored`` for the
  JSON shape detections and bundles have always held.
* ``AccountText`` and its builders (account_text.py): the one way an account's text is built.
* ``reason_spans``, ``merged_spans``, ``highlight`` (spans.py): the one way matches are found
  again in a text and marked, with one overlap policy.
* ``isolate_scraped`` and ``show_bidi_controls`` (scraped_text.py): scraped text in HTML,
  isolated in <bdi> with direction controls (U+202E, ...) shown as visible tokens.
* ``FamilyDisplay``/``FamilyTable`` (families.py): how a family is shown, in English and
  Japanese, passed in by the caller (the detector's family registry builds it; storage
  never imports the detector).
* ``pack_reasons``/``unpack_reasons`` (reason_packing.py) and ``compact_reasons``/
  ``expand_reasons`` (reason_refs.py): how detections store reasons small (each word once;
  an account's post reasons as references to the post detections) and read them in full.
* ``group_reasons`` (grouping.py): reasons by family, each word once (``word_key``: width
  and case folded) with the places it was found, for the review app and the report.
"""

from storage.findings.account_text import (
    AccountText,
    account_name,
    plan_text,
    post_text,
)
from storage.findings.families import (
    FamilyDisplay,
    FamilyTable,
    family_label,
    plain_display,
    shown_first,
)
from storage.findings.grouping import (
    FamilyGroup,
    FoundWords,
    Place,
    family_counts,
    group_reasons,
    word_key,
)
from storage.findings.reasons import (
    PartRef,
    Reason,
    as_reasons,
    reasons_from_stored,
    reasons_to_stored,
)
from storage.findings.scraped_text import isolate_scraped, show_bidi_controls
from storage.findings.spans import Span, highlight, merged_spans, plain_mark, reason_spans

__all__ = [
    "AccountText",
    "FamilyDisplay",
    "FamilyGroup",
    "FamilyTable",
    "FoundWords",
    "PartRef",
    "Place",
    "Reason",
    "Span",
    "account_name",
    "as_reasons",
    "family_counts",
    "family_label",
    "group_reasons",
    "highlight",
    "isolate_scraped",
    "merged_spans",
    "plain_display",
    "plain_mark",
    "plan_text",
    "post_text",
    "reason_spans",
    "reasons_from_stored",
    "reasons_to_stored",
    "show_bidi_controls",
    "shown_first",
    "word_key",
]
