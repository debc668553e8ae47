"""The rule's verdict on every pair that has edges, kept in `seller_pairs` (one row per
pair, re-judged whenever its edges or the rule change)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from crawler.link.id_rows import chunks
from crawler.link.rule import EdgeFacts, Rule
from crawler.link.store_edges import upsert_rows
from storage.models import AccountLink, SellerPair
from storage.models.base import utcnow

Pair = tuple[int, int]


@dataclass(frozen=True)
class Judged:
    pair: Pair
    joined: bool


def pairs_touching(session: Session, account_ids: Sequence[int]) -> set[Pair]:
    """Every pair with at least one edge where either side is one of `account_ids`."""
    pairs: set[Pair] = set()
    for part in chunks(sorted(set(account_ids))):
        ids = list(part)
        pairs.update(
            session.execute(
                select(AccountLink.account_a_id, AccountLink.account_b_id)
                .where(or_(AccountLink.account_a_id.in_(ids), AccountLink.account_b_id.in_(ids)))
                .distinct()
            )
        )
    return pairs


def all_pairs(session: Session) -> set[Pair]:
    return set(
        session.execute(select(AccountLink.account_a_id, AccountLink.account_b_id).distinct())
    )


def _edges_of(session: Session, pairs: Sequence[Pair]) -> dict[Pair, list[EdgeFacts]]:
    wanted = set(pairs)
    edges: dict[Pair, list[EdgeFacts]] = {pair: [] for pair in pairs}
    rows = session.execute(
        select(
            AccountLink.id,
            AccountLink.account_a_id,
            AccountLink.account_b_id,
            AccountLink.kind,
            AccountLink.value_kind,
        )
        .where(AccountLink.account_a_id.in_(sorted({a for a, _ in pairs})))
        .order_by(AccountLink.id)
    )
    for link_id, a, b, kind, value_kind in rows:
        if (a, b) in wanted:
            edges[(a, b)].append(EdgeFacts(kind=kind, value_kind=value_kind, link_id=link_id))
    return edges


def judge_pairs(session: Session, pairs: set[Pair], rule: Rule) -> list[Judged]:
    """Judge each pair on all its stored edges and upsert its `seller_pairs` row."""
    judged: list[Judged] = []
    now = utcnow()
    for part in chunks(sorted(pairs)):
        rows = []
        for pair, edges in _edges_of(session, part).items():
            verdict = rule.judge(edges)
            judged.append(Judged(pair, verdict.joined))
            rows.append(
                {
                    "account_a_id": pair[0],
                    "account_b_id": pair[1],
                    "score": verdict.score,
                    "joined": verdict.joined,
                    "explanation": verdict.explanation,
                    "rule_version": rule.version,
                    "updated_at": now,
                }
            )
        if rows:
            upsert_rows(
                session,
                SellerPair.__table__,  # type: ignore[arg-type]
                rows,
                ("account_a_id", "account_b_id"),
                ("score", "joined", "explanation", "rule_version", "updated_at"),
            )
    return judged


def drop_pairs_without_edges(session: Session) -> int:
    """After a rebuild removed edges: a pair with no edge left has no verdict."""
    linked = select(AccountLink.id).where(
        AccountLink.account_a_id == SellerPair.account_a_id,
        AccountLink.account_b_id == SellerPair.account_b_id,
    )
    result = session.execute(delete(SellerPair).where(~linked.exists()))
    return int(getattr(result, "rowcount", 0) or 0)
