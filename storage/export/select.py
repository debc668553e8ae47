"""Step 1: which accounts, which captures, and which images must stay out of the bundle."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from storage.models import Account, Capture, Detection, EvidenceLink, Flag, Media, Platform

# Captures that are pictures: withheld for minor-risk accounts and posts (design safety rule).
IMAGE_KINDS = frozenset({"screenshot", "media"})
_CHUNK = 500


class SelectionError(ValueError):
    """The request selects nothing, or names accounts that do not exist."""


@dataclass
class EvidenceSelection:
    account_ids: list[int]
    capture_ids: list[int]
    minor_accounts: set[int] = field(default_factory=set)
    minor_posts: set[int] = field(default_factory=set)
    # capture id -> why its picture is not in the bundle
    withheld_captures: dict[int, str] = field(default_factory=dict)

    def media_withheld(self, media: Media) -> str | None:
        if media.withheld_reason:
            return media.withheld_reason
        if media.account_id in self.minor_accounts:
            return "minor_risk"
        if media.post_id is not None and media.post_id in self.minor_posts:
            return "minor_risk"
        return None


def select_accounts(
    session: Session,
    *,
    account_ids: Sequence[int] = (),
    status: str | None = None,
    since: datetime | None = None,
    platform: str | None = None,
) -> list[int]:
    """Account ids named explicitly, or those whose review flag has `status`."""
    if account_ids:
        wanted = sorted(set(account_ids))
        found = set(session.scalars(select(Account.id).where(Account.id.in_(wanted))))
        missing = [i for i in wanted if i not in found]
        if missing:
            raise SelectionError(f"no account with id {', '.join(map(str, missing))}")
        return wanted
    if not status:
        raise SelectionError("choose accounts with --account ID or --status STATUS")
    query = select(Flag.account_id).where(Flag.status == status)
    if since is not None:
        query = query.where(Flag.updated_at >= since)
    if platform:
        query = (
            query.join(Account, Account.id == Flag.account_id)
            .join(Platform, Platform.id == Account.platform_id)
            .where(or_(Platform.key == platform, Platform.display_name == platform))
        )
    ids = sorted(set(session.scalars(query)))
    if not ids:
        raise SelectionError(
            f"no account has a flag with status {status!r}"
            + (f" since {since.date()}" if since else "")
            + (f" on platform {platform!r}" if platform else "")
        )
    return ids


def build_selection(session: Session, account_ids: list[int]) -> EvidenceSelection:
    selection = EvidenceSelection(account_ids=account_ids, capture_ids=[])
    selection.minor_accounts = set(
        session.scalars(
            select(Detection.account_id).where(
                Detection.account_id.in_(account_ids),
                Detection.minor_risk.is_(True),
                Detection.post_id.is_(None),
            )
        )
    ) | set(
        session.scalars(
            select(Flag.account_id).where(
                Flag.account_id.in_(account_ids), Flag.minor_risk.is_(True)
            )
        )
    )
    selection.minor_posts = set(
        session.scalars(
            select(Detection.post_id).where(
                Detection.account_id.in_(account_ids),
                Detection.minor_risk.is_(True),
                Detection.post_id.is_not(None),
            )
        )
    )
    links = session.execute(
        select(EvidenceLink.capture_id, EvidenceLink.account_id, EvidenceLink.post_id).where(
            EvidenceLink.account_id.in_(account_ids)
        )
    ).all()
    capture_ids = {link.capture_id for link in links}
    minor_linked = {
        link.capture_id
        for link in links
        if link.account_id in selection.minor_accounts or link.post_id in selection.minor_posts
    }
    # A revisit only replays together with the capture it points at.
    for chunk in _chunks(sorted(capture_ids)):
        for capture_id, refers_to in session.execute(
            select(Capture.id, Capture.refers_to_capture_id).where(Capture.id.in_(chunk))
        ):
            if refers_to is not None:
                capture_ids.add(refers_to)
                if capture_id in minor_linked:
                    minor_linked.add(refers_to)
    selection.capture_ids = sorted(capture_ids)
    for chunk in _chunks(sorted(minor_linked)):
        for capture_id, kind in session.execute(
            select(Capture.id, Capture.kind).where(Capture.id.in_(chunk))
        ):
            if kind in IMAGE_KINDS:
                selection.withheld_captures[capture_id] = "minor_risk"
    return selection


def iter_captures(session: Session, capture_ids: list[int]) -> Iterator[Capture]:
    """Captures in id (= chain) order, loaded a chunk at a time to keep memory flat."""
    for chunk in _chunks(capture_ids):
        rows = session.scalars(select(Capture).where(Capture.id.in_(chunk)).order_by(Capture.id))
        yield from rows


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]
