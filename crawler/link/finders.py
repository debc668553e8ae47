"""Edge finders: each compares the accounts a run touched against ALL stored accounts and
yields edges (`edge.Edge`). A finder is any callable of the `Finder` shape, so the image,
text and handle finders plug in beside these (docs/architecture.md, "Linking")."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from sqlalchemy.orm import Session

from crawler.link.declared import declared_edges
from crawler.link.edge import Edge
from crawler.link.id_data import never_ids
from crawler.link.id_rows import Held, chunks, held_by, holders
from crawler.link.identifiers import SHARED_KINDS
from crawler.link.similar_finders import handle_edges, image_edges, text_edges

Finder = Callable[[Session, Sequence[int]], Iterable[Edge]]


def identifier_edges(session: Session, account_ids: Sequence[int]) -> Iterator[Edge]:
    """An "identifier" edge for every payment or contact id one of `account_ids` shares with
    any other stored account (indexed look-up by (value_kind, value))."""
    cap = never_ids().max_accounts_per_value
    for part in chunks(sorted(set(account_ids))):
        members = set(part)
        mine = held_by(session, part, SHARED_KINDS)
        wanted: dict[str, set[str]] = {}
        for row in mine:
            wanted.setdefault(row.value_kind, set()).add(row.value)
        for value_kind, values in sorted(wanted.items()):
            by_value: dict[str, list[Held]] = {}
            for row in holders(session, value_kind, values, cap):
                by_value.setdefault(row.value, []).append(row)
            for rows in by_value.values():
                for own in rows:
                    if own.account_id not in members:
                        continue
                    for other in rows:
                        if other.account_id == own.account_id:
                            continue
                        yield Edge.between(
                            own.account_id,
                            other.account_id,
                            kind="identifier",
                            value_kind=value_kind,
                            value=own.value,
                            first_side=own.side(),
                            second_side=other.side(),
                        )


def default_finders() -> list[Finder]:
    """The finders a run uses: declared links and shared identifiers, re-used images,
    near-duplicate words and close handles (`similar_finders.py`)."""
    return [declared_edges, identifier_edges, image_edges, text_edges, handle_edges]
