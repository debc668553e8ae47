"""An account's captures and evidence links: read by id a chunk at a time, never all at once.

An account can have hundreds of thousands of captures, so they are not part of
`AccountCase`; the export streams them (`iter_captures`) and the review app lists the
newest few (`recent_captures`). See docs/architecture.md, "Case loader".
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.cases.loader import columns
from storage.cases.types import CaseCapture, CaseLink
from storage.models import Capture, EvidenceLink

CHUNK = 500


def chunks(ids: Sequence[int], size: int | None = None) -> Iterator[Sequence[int]]:
    size = size or CHUNK
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def iter_captures(session: Session, capture_ids: Sequence[int]) -> Iterator[CaseCapture]:
    """Captures in id (= chain) order, loaded a chunk at a time to keep memory flat.
    `capture_ids` must be sorted."""
    fields_ = columns(Capture, CaseCapture)
    for chunk in chunks(capture_ids):
        query = select(*fields_).where(Capture.id.in_(chunk)).order_by(Capture.id)
        for row in session.execute(query):
            yield CaseCapture(*row)


def recent_captures(session: Session, account_id: int, limit: int) -> list[CaseCapture]:
    """The account's newest linked captures, newest first."""
    linked = select(EvidenceLink.capture_id).where(EvidenceLink.account_id == account_id)
    query = (
        select(*columns(Capture, CaseCapture))
        .where(Capture.id.in_(linked))
        .order_by(Capture.captured_at.desc(), Capture.id.desc())
        .limit(limit)
    )
    return [CaseCapture(*row) for row in session.execute(query)]


def count_linked_captures(session: Session, account_id: int) -> int:
    query = (
        select(func.count()).select_from(EvidenceLink).where(EvidenceLink.account_id == account_id)
    )
    return session.scalar(query) or 0


def evidence_links(session: Session, account_ids: Sequence[int]) -> list[CaseLink]:
    """Every capture–account(–post) link of these accounts (three small ints a link)."""
    query = select(EvidenceLink.capture_id, EvidenceLink.account_id, EvidenceLink.post_id).where(
        EvidenceLink.account_id.in_(account_ids)
    )
    return [CaseLink(*row) for row in session.execute(query)]


def revisit_targets(session: Session, capture_ids: Sequence[int]) -> Iterator[tuple[int, int]]:
    """(revisit capture id, the capture it points at) among `capture_ids` (sorted)."""
    for chunk in chunks(capture_ids):
        query = select(Capture.id, Capture.refers_to_capture_id).where(
            Capture.id.in_(chunk), Capture.refers_to_capture_id.is_not(None)
        )
        yield from session.execute(query)


def capture_kinds(session: Session, capture_ids: Sequence[int]) -> Iterator[tuple[int, str]]:
    for chunk in chunks(capture_ids):
        query = select(Capture.id, Capture.kind).where(Capture.id.in_(chunk))
        yield from session.execute(query)
