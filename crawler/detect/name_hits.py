"""A name found by a finder of its own (initials, Thai, backwards), as the matcher reports
names: the span in the original text and the key characters it covers."""

from __future__ import annotations

from bisect import bisect_left

from crawler.detect.name_matcher import NameHit
from crawler.detect.normalize import NormalizedText


def add_hit_at(
    norm: NormalizedText, found: list[NameHit], person: str, mark: str, start: int, end: int
) -> None:
    """Append the hit on text[start:end]; its pattern is ``mark`` and the key it covers, so
    the reasons say which finder read it (# an initial, ~ Thai, ⇄ backwards)."""
    key_start = bisect_left(norm.starts, start)
    key_end = bisect_left(norm.starts, end)
    if key_start < key_end:
        found.append(
            NameHit(person, mark + norm.key[key_start:key_end], key_start, key_end, start, end)
        )
