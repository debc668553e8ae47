"""Declared links: an account's bio, links or posts point at another account we store —
its profile URL, a link on the account's link-in-bio page (followed one hop by the crawl,
kept in `Account.links` with `"via"`), or its `@handle` next to the platform's name.

Every account's own profile URL and handle are stored as identifiers too (`self_url`,
`self_handle`, written by `sources.py`), so a declared link is one indexed look-up in each
direction: the run's links against every stored account, and every stored account's links
against the run's accounts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy.orm import Session

from crawler.link.edge import Edge
from crawler.link.id_data import never_ids
from crawler.link.id_rows import Held, chunks, held_by, holders

# (kind of the pointing row, kind of the account's own row, the edge's value_kind)
POINTERS = (
    ("link", "self_url", "profile_url"),
    ("link_via", "self_url", "link_in_bio"),
    ("handle_mention", "self_handle", "handle_mention"),
)


def _edge(pointer: Held, target: Held, value_kind: str) -> Edge:
    return Edge.between(
        pointer.account_id,
        target.account_id,
        kind="declared",
        value_kind=value_kind,
        value=target.value,
        first_side=pointer.side(),
        second_side=target.side(),
    )


def declared_edges(session: Session, account_ids: Sequence[int]) -> Iterator[Edge]:
    """A "declared" edge for each link between one of `account_ids` and any stored account,
    in either direction. One link that names an account twice (its profile URL is also the
    page of its @handle) is one edge: the first pointer kind that matched keeps it."""
    seen: set[tuple[int, int, str | None]] = set()
    for pointer, target, value_kind in _matches(session, account_ids):
        key = (pointer.account_id, target.account_id, pointer.shown)
        if pointer.shown is not None and key in seen:
            continue
        seen.add(key)
        yield _edge(pointer, target, value_kind)


def _matches(session: Session, account_ids: Sequence[int]) -> Iterator[tuple[Held, Held, str]]:
    """(pointing row, the pointed-at account's own row, value_kind) for every match."""
    cap = never_ids().max_accounts_per_value
    for part in chunks(sorted(set(account_ids))):
        for pointer_kind, own_kind, value_kind in POINTERS:
            # This run's accounts pointing at any stored account.
            pointers = held_by(session, part, (pointer_kind,))
            targets = holders(session, own_kind, {p.value for p in pointers}, cap)
            by_value: dict[str, list[Held]] = {}
            for target in targets:
                by_value.setdefault(target.value, []).append(target)
            for pointer in pointers:
                for target in by_value.get(pointer.value, ()):
                    if target.account_id != pointer.account_id:
                        yield pointer, target, value_kind
            # Any stored account pointing at one of this run's accounts.
            owned = held_by(session, part, (own_kind,))
            linkers = holders(session, pointer_kind, {o.value for o in owned}, cap)
            by_owner: dict[str, list[Held]] = {}
            for target in owned:
                by_owner.setdefault(target.value, []).append(target)
            for pointer in linkers:
                for target in by_owner.get(pointer.value, ()):
                    if target.account_id != pointer.account_id:
                        yield pointer, target, value_kind
