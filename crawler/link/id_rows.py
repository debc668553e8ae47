"""Indexed look-ups of stored identifiers, shared by the finders: which accounts hold a
value (one query per chunk of values on the `(value_kind, value)` index, never a scan of
all pairs), and the edge side an identifier row shows."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crawler.link.edge import EdgeSide
from storage.models import AccountIdentifier

CHUNK = 500
T = TypeVar("T")


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(frozen=True)
class Held:
    """One account's identifier row, as a finder reads it."""

    account_id: int
    value_kind: str
    value: str
    shown: str | None
    post_id: int | None
    capture_ids: tuple[int, ...]

    def side(self) -> EdgeSide:
        return EdgeSide(
            capture_ids=self.capture_ids,
            post_ids=(self.post_id,) if self.post_id is not None else (),
            shown=self.shown,
        )


_COLUMNS = (
    AccountIdentifier.account_id,
    AccountIdentifier.value_kind,
    AccountIdentifier.value,
    AccountIdentifier.shown,
    AccountIdentifier.post_id,
    AccountIdentifier.capture_ids,
)


def _held(row: Any) -> Held:
    account_id, value_kind, value, shown, post_id, capture_ids = row
    return Held(account_id, value_kind, value, shown, post_id, tuple(capture_ids or ()))


def held_by(session: Session, account_ids: Sequence[int], kinds: Iterable[str]) -> list[Held]:
    """The identifier rows of these accounts, of these kinds."""
    rows = session.execute(
        select(*_COLUMNS).where(
            AccountIdentifier.account_id.in_(list(account_ids)),
            AccountIdentifier.value_kind.in_(list(kinds)),
        )
    )
    return [_held(row) for row in rows]


def holders(session: Session, value_kind: str, values: Iterable[str], cap: int) -> list[Held]:
    """Every account's row holding one of `values` as `value_kind`, leaving out values held
    by more than `cap` accounts (a ubiquitous value is nobody's identifier)."""
    found: list[Held] = []
    for part in chunks(sorted(set(values))):
        counts = session.execute(
            select(AccountIdentifier.value, func.count())
            .where(AccountIdentifier.value_kind == value_kind, AccountIdentifier.value.in_(part))
            .group_by(AccountIdentifier.value)
        )
        kept = [value for value, count in counts if count <= cap]
        if not kept:
            continue
        rows = session.execute(
            select(*_COLUMNS)
            .where(AccountIdentifier.value_kind == value_kind, AccountIdentifier.value.in_(kept))
            .order_by(AccountIdentifier.value, AccountIdentifier.account_id)
        )
        found.extend(_held(row) for row in rows)
    return found
