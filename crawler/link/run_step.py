"""Linking as a step of a run, after judging (docs/architecture.md, "Linking"):

identifiers of the run's accounts → finders (each against all stored accounts) → edges
→ the rule's verdict on every pair those accounts have edges in → comeback flags.

`link_after_run` is what the run's end calls (crawler/extensions.py and
crawler/distributed/lifecycle.py): inside a savepoint, so a failure in linking is logged
and rolled back without losing the run's judgement. `relink_all` rebuilds everything
(after a change to the rule or the data files; the `mimamori links` command calls it).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from crawler.link.comeback import flag_comebacks
from crawler.link.finders import Finder, default_finders
from crawler.link.id_rows import chunks
from crawler.link.rule import Rule, shipped_rule
from crawler.link.sources import refresh_identifiers
from crawler.link.store_edges import store_edges, unique_edges
from crawler.link.verdicts import all_pairs, drop_pairs_without_edges, judge_pairs, pairs_touching
from storage.models import Account, AccountIdentifier, AccountLink

logger = logging.getLogger(__name__)


def link_accounts(
    session: Session,
    account_ids: Sequence[int],
    run_id: int | None,
    finders: Sequence[Finder] | None = None,
    rule: Rule | None = None,
) -> dict[str, Any]:
    """Link the accounts a run touched; returns counts for the run's summary."""
    started = time.perf_counter()
    rule = rule or shipped_rule()
    ids = sorted(set(account_ids))
    identifiers = refresh_identifiers(session, ids, run_id)
    edges = unique_edges(
        edge
        for finder in (finders if finders is not None else default_finders())
        for edge in finder(session, ids)
    )
    store_edges(session, edges, run_id)
    judged = judge_pairs(session, pairs_touching(session, ids), rule)
    joined = [j.pair for j in judged if j.joined]
    comebacks = flag_comebacks(session, joined, run_id)
    return {
        "accounts": len(ids),
        "identifiers": identifiers,
        "edges": len(edges),
        "pairs": len(judged),
        "joined": len(joined),
        "comebacks": len(comebacks),
        "comeback_flags": comebacks,
        "rule_version": rule.version,
        "seconds": round(time.perf_counter() - started, 3),
    }


def link_after_run(
    session: Session, account_ids: Sequence[int], run_id: int | None
) -> dict[str, Any]:
    """`link_accounts` for the end of a run: never lets linking undo the run's judgement."""
    try:
        with session.begin_nested():
            return link_accounts(session, account_ids, run_id)
    except Exception as exc:  # linking is an addition to the run, not a condition of it
        logger.exception("linking the run's accounts failed")
        return {"error": f"{type(exc).__name__}: {exc}"}


def relink_all(
    session: Session,
    run_id: int | None = None,
    finders: Sequence[Finder] | None = None,
    rule: Rule | None = None,
) -> dict[str, Any]:
    """Rebuild all link evidence and verdicts from what is stored: identifiers extracted
    again (so a value newly listed in never_ids.yaml is gone), every finder over every
    account, edges no finder finds any more removed, every pair re-judged."""
    started = time.perf_counter()
    rule = rule or shipped_rule()
    ids = list(session.scalars(select(Account.id).order_by(Account.id)))
    session.execute(delete(AccountIdentifier))
    identifiers = refresh_identifiers(session, ids, run_id)
    edges = unique_edges(
        edge
        for finder in (finders if finders is not None else default_finders())
        for edge in finder(session, ids)
    )
    store_edges(session, edges, run_id)
    removed = _remove_edges_not_in(
        session, {(e.account_a_id, e.account_b_id, e.kind, e.value) for e in edges}
    )
    dropped = drop_pairs_without_edges(session)
    judged = judge_pairs(session, all_pairs(session), rule)
    joined = [j.pair for j in judged if j.joined]
    comebacks = flag_comebacks(session, joined, run_id)
    return {
        "accounts": len(ids),
        "identifiers": identifiers,
        "edges": len(edges),
        "edges_removed": removed,
        "pairs": len(judged),
        "pairs_removed": dropped,
        "joined": len(joined),
        "comebacks": len(comebacks),
        "comeback_flags": comebacks,
        "rule_version": rule.version,
        "seconds": round(time.perf_counter() - started, 3),
    }


def _remove_edges_not_in(session: Session, found: set[tuple[int, int, str, str]]) -> int:
    rows = session.execute(
        select(
            AccountLink.id,
            AccountLink.account_a_id,
            AccountLink.account_b_id,
            AccountLink.kind,
            AccountLink.value,
        )
    )
    stale = [link_id for link_id, a, b, kind, value in rows if (a, b, kind, value) not in found]
    for part in chunks(stale):
        session.execute(delete(AccountLink).where(AccountLink.id.in_(list(part))))
    return len(stale)
