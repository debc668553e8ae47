"""One piece of evidence that two accounts are one seller, before it is stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Kinds that may join two accounts on their own weight; the rule file decides how much
# each weighs, but `text` and `handle` edges never join a pair without a strong one.
STRONG_KINDS = frozenset({"declared", "identifier", "image"})
WEAK_KINDS = frozenset({"text", "handle"})


@dataclass(frozen=True)
class EdgeSide:
    """Where one account shows the matched value: captures, posts, media, the text as scraped."""

    capture_ids: tuple[int, ...] = ()
    post_ids: tuple[int, ...] = ()
    media_ids: tuple[int, ...] = ()
    shown: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "capture_ids": list(self.capture_ids),
            "post_ids": list(self.post_ids),
            "media_ids": list(self.media_ids),
            "shown": self.shown,
        }


@dataclass(frozen=True)
class Edge:
    """An edge between two accounts; `account_a_id` < `account_b_id` always (use `between`)."""

    account_a_id: int
    account_b_id: int
    kind: str
    value: str
    value_kind: str | None = None
    similarity: float | None = None
    a: EdgeSide = field(default_factory=EdgeSide)
    b: EdgeSide = field(default_factory=EdgeSide)

    @classmethod
    def between(
        cls,
        first: int,
        second: int,
        *,
        kind: str,
        value: str,
        value_kind: str | None = None,
        similarity: float | None = None,
        first_side: EdgeSide | None = None,
        second_side: EdgeSide | None = None,
    ) -> Edge:
        """Build the edge in either order; the smaller account id becomes side `a`."""
        if first == second:
            raise ValueError("an edge joins two different accounts")
        sides = (first_side or EdgeSide(), second_side or EdgeSide())
        if first > second:
            first, second = second, first
            sides = (sides[1], sides[0])
        return cls(first, second, kind, value, value_kind, similarity, sides[0], sides[1])

    @property
    def strong(self) -> bool:
        return self.kind in STRONG_KINDS

    def evidence_json(self) -> dict[str, Any]:
        return {"a": self.a.as_json(), "b": self.b.as_json()}
