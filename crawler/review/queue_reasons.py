"""What a queue page says about each row's reasons: the top families and the people named.

A page of the queue is a few keyset index scans (crawler/review/queue.py); this adds two
queries for the whole page, never one per row: the reasons of every row's flagging
detection (``flags.detection_id``) by primary key, and the watchlist names of every person
any row names (storage.cases.person_names).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.review.reasons import Chip, top_chips
from storage.cases import expand_stored_reasons, person_ids, person_names
from storage.models import Detection

PEOPLE_SHOWN = 3


@dataclass
class RowReasons:
    """One row's top reason families and the watchlist names of the people it names (the
    first few; ``people_count`` counts every name known)."""

    chips: list[Chip] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    people_count: int = 0


def _detection_reasons(session: Session, detection_ids: set[int]) -> dict[int, list[Any]]:
    """Each detection's reasons as stored (read as they are: counting needs no parsing)."""
    if not detection_ids:
        return {}
    rows = session.execute(
        select(Detection.id, Detection.reasons).where(Detection.id.in_(sorted(detection_ids)))
    )
    # Account reasons may refer to post detections (docs/architecture.md, "Detection
    # contract"): expanded in one more query for the whole page.
    return expand_stored_reasons(
        session, {detection_id: list(reasons or []) for detection_id, reasons in rows}
    )


def _reason_people(reasons: list[Any]) -> set[str]:
    return {str(r["person_id"]) for r in reasons if isinstance(r, Mapping) and r.get("person_id")}


def load_row_reasons(
    session: Session, flags: Sequence[tuple[int, int | None, list[Any] | None]]
) -> dict[int, RowReasons]:
    """(flag id, detection id, the flag's stored people) per row -> what the row shows."""
    reasons = _detection_reasons(session, {d for _, d, _ in flags if d is not None})
    ids_by_flag = {
        flag_id: person_ids(people) | _reason_people(reasons.get(detection_id or -1, []))
        for flag_id, detection_id, people in flags
    }
    names = person_names(session, set().union(*ids_by_flag.values()))
    shown = {}
    for flag_id, detection_id, _people in flags:
        known = sorted(names[pid] for pid in ids_by_flag[flag_id] if pid in names)
        shown[flag_id] = RowReasons(
            chips=top_chips(reasons.get(detection_id or -1, [])),
            people=known[:PEOPLE_SHOWN],
            people_count=len(known),
        )
    return shown
