"""Which captures show an account's page or post, for the evidence sides of an edge."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import EvidenceLink

# SQLite allows 32,766 bound parameters per statement; stay well under it.
_CHUNK = 5000


class Captures:
    """Capture ids per (account, post); post None is the account's own (profile) pages."""

    def __init__(self, by_key: dict[tuple[int, int | None], list[int]]) -> None:
        self._by_key = by_key

    @classmethod
    def load(cls, session: Session, account_ids: Iterable[int]) -> Captures:
        ids = sorted(set(account_ids))
        by_key: dict[tuple[int, int | None], list[int]] = defaultdict(list)
        for start in range(0, len(ids), _CHUNK):
            rows = session.execute(
                select(EvidenceLink.account_id, EvidenceLink.post_id, EvidenceLink.capture_id)
                .where(EvidenceLink.account_id.in_(ids[start : start + _CHUNK]))
                .order_by(EvidenceLink.capture_id)
            )
            for account_id, post_id, capture_id in rows:
                by_key[(account_id, post_id)].append(capture_id)
        return cls(dict(by_key))

    def of(self, account_id: int, post_id: int | None) -> tuple[int, ...]:
        """Captures of the post, or of the profile when the post has none recorded (an
        image shown on the profile, or a post listed only on the profile page)."""
        found = self._by_key.get((account_id, post_id))
        if not found and post_id is not None:
            found = self._by_key.get((account_id, None))
        return tuple(sorted(set(found or ())))
