"""Seller clusters: connected components of joined seller pairs, read from the store.

A cluster is walked breadth first, one query per ring of neighbours (chunked IN lists on
the two indexed pair columns), never by recursion and never by loading every pair, so an
account inside a giant component costs at most `limit` accounts of work and then stops
with a `ClusterTooLarge` that says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Account, Flag, SellerPair

# More than this many accounts in one "seller" is no longer a seller but a data problem
# (a shared value the rule should have ignored): the walk stops and says so.
MAX_CLUSTER = 500
# Bound parameters per IN list: well under SQLite's and PostgreSQL's limits.
CHUNK = 500


class ClusterTooLarge(ValueError):
    """The component grew past the cap while it was walked."""

    def __init__(self, account_id: int, limit: int) -> None:
        super().__init__(
            f"the seller cluster of account {account_id} has more than {limit} accounts; "
            "a shared value probably joins unrelated accounts: check the linking rule "
            "(crawler/link/rule.yaml) and run `mimamori links rebuild`"
        )
        self.account_id = account_id
        self.limit = limit


class UnknownAccount(LookupError):
    """No account has this id."""

    def __init__(self, account_id: int) -> None:
        super().__init__(f"no account with id {account_id}")
        self.account_id = account_id


def chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def minor_risk_accounts(session: Session, ids: Iterable[int]) -> set[int]:
    """Accounts with a minor-risk flag: the same test as the review app's access check
    (storage.cases.account_has_minor_risk), for many accounts at once."""
    found: set[int] = set()
    for part in chunks(sorted(set(ids))):
        found.update(
            session.scalars(
                select(Flag.account_id)
                .where(Flag.account_id.in_(part), Flag.minor_risk.is_(True))
                .distinct()
            )
        )
    return found


def joined_neighbours(session: Session, ids: Sequence[int]) -> set[tuple[int, int]]:
    """Every joined pair (a, b) touching one of `ids`."""
    pairs: set[tuple[int, int]] = set()
    for part in chunks(sorted(set(ids))):
        for column in (SellerPair.account_a_id, SellerPair.account_b_id):
            rows = session.execute(
                select(SellerPair.account_a_id, SellerPair.account_b_id).where(
                    SellerPair.joined.is_(True), column.in_(part)
                )
            )
            pairs.update((a, b) for a, b in rows)
    return pairs


def cluster_of(
    session: Session,
    account_id: int,
    *,
    limit: int = MAX_CLUSTER,
    skip_minor: bool = False,
) -> list[int]:
    """The account and every account joined to it, directly or through others, sorted.

    `skip_minor` walks as a volunteer sees the store: minor-risk accounts are neither in
    the cluster nor a bridge to anyone, so nothing reached only through one shows up.
    """
    if session.get(Account, account_id) is None:
        raise UnknownAccount(account_id)
    seen = {account_id}
    frontier = [account_id]
    while frontier:
        ring: set[int] = set()
        for a, b in joined_neighbours(session, frontier):
            ring.update((a, b))
        ring -= seen
        if skip_minor:
            ring -= minor_risk_accounts(session, ring)
        seen |= ring
        if len(seen) > limit:
            raise ClusterTooLarge(account_id, limit)
        frontier = sorted(ring)
    return sorted(seen)


def all_clusters(session: Session, *, min_size: int = 2) -> list[list[int]]:
    """Every cluster of the store (union-find over the joined pairs, streamed), largest
    first. Memory is one entry per account that is in some joined pair."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    rows = session.execute(
        select(SellerPair.account_a_id, SellerPair.account_b_id)
        .where(SellerPair.joined.is_(True))
        .execution_options(yield_per=5000)
    )
    for a, b in rows:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for account in parent:
        groups.setdefault(root(account), []).append(account)
    found = [sorted(members) for members in groups.values() if len(members) >= min_size]
    return sorted(found, key=lambda members: (-len(members), members[0]))
