"""Step 1: which accounts, which captures, and which images must stay out of the bundle."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from storage.cases import MINOR_RISK, evidence_links
from storage.cases.captures import capture_kinds, revisit_targets
from storage.models import Account, Detection, Flag, Platform

# Captures that are pictures: withheld for minor-risk accounts and posts (the safety rules
# in docs/architecture.md); pictures of posts and profiles follow AccountCase.media_withheld.
IMAGE_KINDS = frozenset({"screenshot", "media"})


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
    links = evidence_links(session, account_ids)
    capture_ids = {link.capture_id for link in links}
    minor_linked = {
        link.capture_id
        for link in links
        if link.account_id in selection.minor_accounts or link.post_id in selection.minor_posts
    }
    # A revisit only replays together with the capture it points at.
    for capture_id, refers_to in revisit_targets(session, sorted(capture_ids)):
        capture_ids.add(refers_to)
        if capture_id in minor_linked:
            minor_linked.add(refers_to)
    selection.capture_ids = sorted(capture_ids)
    for capture_id, kind in capture_kinds(session, sorted(minor_linked)):
        if kind in IMAGE_KINDS:
            selection.withheld_captures[capture_id] = MINOR_RISK
    return selection
