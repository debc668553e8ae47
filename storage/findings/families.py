"""How a reason's family is shown: the small table callers pass in.

The families themselves are declared in the detector's signal files and loaded with them
(crawler/detect/families.py builds this table from that registry). storage/ cannot import the
detector, and stored reasons carry only the family name, so whoever renders reasons passes a
``FamilyTable``; without one a family is shown by its own name, as the export's report does
(docs/architecture.md, "Detection contract").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

OTHER = "other"


@dataclass(frozen=True, slots=True)
class FamilyDisplay:
    """A family in a reviewer's words, English (``label``) and Japanese (``label_ja``).

    ``shown_first`` families (who is targeted, minors) lead a summary of reasons. ``tone``
    names the colour-and-pattern group renderers draw the family in: the score family its
    words count as ("commerce", ...), "person", "learned", or "against" for counter-evidence
    (news, fiction, disclaimers), which is also ``against``. Both default so tables written
    before them still read.
    """

    label: str
    shown_first: bool = False
    label_ja: str = ""
    tone: str = OTHER
    against: bool = False

    def label_in(self, locale: str) -> str:
        """The label in `locale` ("ja" or "en"); English when no Japanese one is declared."""
        return self.label_ja if locale == "ja" and self.label_ja else self.label


FamilyTable = Mapping[str, FamilyDisplay]


def family_label(family: str | None, table: FamilyTable | None = None, locale: str = "en") -> str:
    shown = (table or {}).get((family or "").lower())
    return shown.label_in(locale) if shown is not None else (family or OTHER)


def plain_display(family: str | None, table: FamilyTable | None = None) -> FamilyDisplay | None:
    """How `family` is shown, when the table gives it a label in plain words; None when it
    does not know the family or only repeats its internal name (a signal file without
    ``label``), so that a renderer never shows an internal name."""
    key = (family or "").lower()
    shown = (table or {}).get(key)
    if shown is None or shown.label.lower() == key:
        return None
    return shown


def shown_first(family: str | None, table: FamilyTable | None = None) -> bool:
    shown = (table or {}).get((family or "").lower())
    return shown is not None and shown.shown_first
