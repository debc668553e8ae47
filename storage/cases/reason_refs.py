"""Reading stored reasons as the detector gave them: packed lists unpacked
(storage.findings.reason_packing) and account reasons that refer to post detections
expanded (storage.findings.reason_refs), for many lists at once in one query: a queue page
and a case alike."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.findings.reason_packing import unpack_reasons
from storage.findings.reason_refs import expand_reasons, referenced_ids
from storage.models import Detection

K = TypeVar("K")


def expand_stored_reasons(session: Session, stored: Mapping[K, list[Any]]) -> dict[K, list[Any]]:
    """Each stored reasons list unpacked, with its references replaced by the reasons they
    refer to."""
    unpacked = {key: unpack_reasons(reasons) for key, reasons in stored.items()}
    wanted: set[int] = set()
    for reasons in unpacked.values():
        wanted |= referenced_ids(reasons)
    if not wanted:
        return unpacked
    found = _reasons_by_id(session, wanted)
    return {key: expand_reasons(reasons, found) for key, reasons in unpacked.items()}


def _reasons_by_id(session: Session, ids: Iterable[int]) -> dict[int, list[Any]]:
    rows = session.execute(
        select(Detection.id, Detection.reasons).where(Detection.id.in_(sorted(ids)))
    )
    return {detection_id: unpack_reasons(reasons) for detection_id, reasons in rows}
