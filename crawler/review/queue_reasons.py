"""What a queue page says about each row's reasons: the top families and the people named.

A page of the queue is a few keyset index scans (crawler/review/queue.py); this adds two
queries for the whole page, never one per row: the reasons of every row's flagging
detection (``flags.detection_id``) by primary key, and the watchlist names of every person
any row names (storage.cases.person_names).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.review.reasons import Chip, reason_groups, top_chips
from storage.cases import person_ids, person_names
from storage.findings import Reason, reasons_from_stored
from storage.models import Detection

PEOPLE_SHOWN = 3


@dataclass
class RowReasons:
    """One row's top reason families and the watchlist names of the people it names (the
    first few; ``people_count`` counts every name known)."""

    chips: list[Chip] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    people_count: int = 0


def _detection_reasons(session: Session, detection_ids: set[int]) -> dict[int, list[Reason]]:
    """Each detection's reasons, read from their stored form once."""
    if not detection_ids:
        return {}
    rows = session.execute(
        select(Detection.id, Detection.reasons).where(Detection.id.in_(sorted(detection_ids)))
    )
    return {detection_id: reasons_from_stored(reasons) for detection_id, reasons in rows}


def load_row_reasons(
    session: Session, flags: Sequence[tuple[int, int | None, list[Any] | None]]
) -> dict[int, RowReasons]:
    """(flag id, detection id, the flag's stored people) per row -> what the row shows."""
    reasons = _detection_reasons(session, {d for _, d, _ in flags if d is not None})
    no_reasons: list[Reason] = []
    ids_by_flag = {
        flag_id: person_ids(people)
        | {r.person_id for r in reasons.get(detection_id or -1, no_reasons) if r.person_id}
        for flag_id, detection_id, people in flags
    }
    names = person_names(session, set().union(*ids_by_flag.values()))
    shown = {}
    for flag_id, detection_id, _people in flags:
        known = sorted(names[pid] for pid in ids_by_flag[flag_id] if pid in names)
        groups = reason_groups([("profile", reasons.get(detection_id or -1, no_reasons))])
        shown[flag_id] = RowReasons(
            chips=top_chips(groups), people=known[:PEOPLE_SHOWN], people_count=len(known)
        )
    return shown
