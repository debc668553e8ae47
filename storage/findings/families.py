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
    """A family in a reviewer's words; ``shown_first`` families (who is targeted, minors)
    lead a summary of reasons."""

    label: str
    shown_first: bool = False


FamilyTable = Mapping[str, FamilyDisplay]


def family_label(family: str | None, table: FamilyTable | None = None) -> str:
    shown = (table or {}).get((family or "").lower())
    return shown.label if shown is not None else (family or OTHER)


def shown_first(family: str | None, table: FamilyTable | None = None) -> bool:
    shown = (table or {}).get((family or "").lower())
    return shown is not None and shown.shown_first
