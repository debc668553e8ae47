"""A seller cluster as read-only values: its accounts, its joined pairs and their edges.

The review pages, the export and `mimamori links` read clusters through here, so they all
show the same accounts, pairs and evidence. Values are as stored (scraped text included):
whoever prints them escapes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.links.clusters import MAX_CLUSTER, chunks, cluster_of, minor_risk_accounts
from storage.models import Account, AccountLink, Capture, Flag, Media, Platform, SellerPair


@dataclass(frozen=True)
class Member:
    id: int
    platform_key: str
    platform_name: str
    handle: str | None
    display_name: str | None
    profile_url: str
    # The newest flag's status (None: never flagged) and whether the account is gone.
    status: str | None
    minor_risk: bool
    missing_since_at: datetime | None

    @property
    def label(self) -> str:
        """Platform and handle, as the CLI and the chart name an account."""
        return f"{self.platform_key} @{self.handle or self.id}"


@dataclass(frozen=True)
class EdgeSide:
    capture_ids: tuple[int, ...] = ()
    post_ids: tuple[int, ...] = ()
    media_ids: tuple[int, ...] = ()
    shown: str | None = None

    @classmethod
    def from_json(cls, value: Any) -> EdgeSide:
        side = value if isinstance(value, dict) else {}

        def ints(key: str) -> tuple[int, ...]:
            return tuple(int(v) for v in side.get(key) or [] if str(v).lstrip("-").isdigit())

        shown = side.get("shown")
        return cls(
            ints("capture_ids"), ints("post_ids"), ints("media_ids"), str(shown) if shown else None
        )


@dataclass(frozen=True)
class LinkEdge:
    id: int
    account_a_id: int
    account_b_id: int
    kind: str
    value_kind: str | None
    value: str
    similarity: float | None
    a: EdgeSide
    b: EdgeSide

    def side(self, account_id: int) -> EdgeSide:
        return self.a if account_id == self.account_a_id else self.b


@dataclass(frozen=True)
class Pair:
    account_a_id: int
    account_b_id: int
    score: float
    joined: bool
    explanation: dict[str, Any]
    rule_version: str
    edges: tuple[LinkEdge, ...] = ()

    def other(self, account_id: int) -> int:
        return self.account_b_id if account_id == self.account_a_id else self.account_a_id


@dataclass(frozen=True)
class Cluster:
    account_id: int
    members: tuple[Member, ...]
    pairs: tuple[Pair, ...] = field(default=())

    def member(self, account_id: int) -> Member | None:
        return next((m for m in self.members if m.id == account_id), None)


def ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _edge(row: AccountLink) -> LinkEdge:
    evidence = row.evidence if isinstance(row.evidence, dict) else {}
    return LinkEdge(
        id=row.id,
        account_a_id=row.account_a_id,
        account_b_id=row.account_b_id,
        kind=row.kind,
        value_kind=row.value_kind,
        value=row.value,
        similarity=row.similarity,
        a=EdgeSide.from_json(evidence.get("a")),
        b=EdgeSide.from_json(evidence.get("b")),
    )


def pair_edges(session: Session, a: int, b: int) -> list[LinkEdge]:
    """Every edge between two accounts (either order), strong kinds first."""
    low, high = ordered(a, b)
    rows = session.scalars(
        select(AccountLink)
        .where(AccountLink.account_a_id == low, AccountLink.account_b_id == high)
        .order_by(AccountLink.kind, AccountLink.value_kind, AccountLink.id)
    )
    return sorted((_edge(r) for r in rows), key=edge_order)


# Strong evidence first on every screen and in every export.
KIND_ORDER = {"declared": 0, "identifier": 1, "image": 2, "text": 3, "handle": 4}


def edge_order(edge: LinkEdge) -> tuple[int, str, int]:
    return (KIND_ORDER.get(edge.kind, 9), edge.value_kind or "", edge.id)


def members(session: Session, ids: Iterable[int]) -> list[Member]:
    """The accounts with their platform, newest flag status and minor risk, by id."""
    wanted = sorted(set(ids))
    minors = minor_risk_accounts(session, wanted)
    status: dict[int, tuple[datetime, int, str]] = {}
    out: list[Member] = []
    for part in chunks(wanted):
        for account_id, created, flag_id, flag_status in session.execute(
            select(Flag.account_id, Flag.created_at, Flag.id, Flag.status).where(
                Flag.account_id.in_(part)
            )
        ):
            if account_id not in status or (created, flag_id) > status[account_id][:2]:
                status[account_id] = (created, flag_id, flag_status)
        rows = session.execute(
            select(Account, Platform.key, Platform.display_name)
            .join(Platform, Platform.id == Account.platform_id)
            .where(Account.id.in_(part))
        )
        out.extend(
            Member(
                id=acc.id,
                platform_key=key,
                platform_name=name,
                handle=acc.handle,
                display_name=acc.display_name,
                profile_url=acc.profile_url,
                status=status[acc.id][2] if acc.id in status else None,
                minor_risk=acc.id in minors,
                missing_since_at=acc.missing_since_at,
            )
            for acc, key, name in rows
        )
    return sorted(out, key=lambda m: m.id)


def pairs_within(session: Session, ids: Sequence[int], *, joined_only: bool = True) -> list[Pair]:
    """The verdicts between accounts of `ids`, each with its edges."""
    inside = set(ids)
    verdicts: list[SellerPair] = []
    for part in chunks(sorted(inside)):
        query = select(SellerPair).where(SellerPair.account_a_id.in_(part))
        if joined_only:
            query = query.where(SellerPair.joined.is_(True))
        verdicts.extend(p for p in session.scalars(query) if p.account_b_id in inside)
    edges: dict[tuple[int, int], list[LinkEdge]] = {}
    for part in chunks(sorted(inside)):
        for row in session.scalars(select(AccountLink).where(AccountLink.account_a_id.in_(part))):
            if row.account_b_id in inside:
                edges.setdefault((row.account_a_id, row.account_b_id), []).append(_edge(row))
    return [
        Pair(
            account_a_id=p.account_a_id,
            account_b_id=p.account_b_id,
            score=p.score,
            joined=p.joined,
            explanation=p.explanation if isinstance(p.explanation, dict) else {},
            rule_version=p.rule_version,
            edges=tuple(sorted(edges.get((p.account_a_id, p.account_b_id), []), key=edge_order)),
        )
        for p in sorted(verdicts, key=lambda p: (p.account_a_id, p.account_b_id))
    ]


def load_cluster(
    session: Session, account_id: int, *, skip_minor: bool = False, limit: int = MAX_CLUSTER
) -> Cluster:
    """The account's seller cluster with its members and joined pairs (edges included)."""
    ids = cluster_of(session, account_id, limit=limit, skip_minor=skip_minor)
    return Cluster(
        account_id=account_id,
        members=tuple(members(session, ids)),
        pairs=tuple(pairs_within(session, ids)) if len(ids) > 1 else (),
    )


@dataclass(frozen=True)
class CaptureRef:
    id: int
    kind: str
    url: str
    captured_at: datetime
    has_screenshot: bool
    has_warc: bool


@dataclass(frozen=True)
class MediaRef:
    id: int
    account_id: int
    url: str
    has_thumbnail: bool
    withheld_reason: str | None


def captures_by_id(session: Session, ids: Iterable[int]) -> dict[int, CaptureRef]:
    found: dict[int, CaptureRef] = {}
    for part in chunks(sorted(set(ids))):
        for row in session.execute(
            select(Capture.id, Capture.kind, Capture.url, Capture.captured_at,
                   Capture.blob_sha256, Capture.warc_file)
            .where(Capture.id.in_(part))
        ):  # fmt: skip
            found[row[0]] = CaptureRef(
                row[0],
                row[1],
                row[2],
                row[3],
                bool(row[4]) and row[1] == "screenshot",
                bool(row[5]),
            )
    return found


def media_by_id(session: Session, ids: Iterable[int]) -> dict[int, MediaRef]:
    found: dict[int, MediaRef] = {}
    for part in chunks(sorted(set(ids))):
        for row in session.execute(
            select(Media.id, Media.account_id, Media.url, Media.thumb_blob, Media.withheld_reason)
            .where(Media.id.in_(part))
        ):  # fmt: skip
            found[row[0]] = MediaRef(row[0], row[1], row[2], bool(row[3]), row[4])
    return found
