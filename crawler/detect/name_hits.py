"""A name found in a text, as the matcher and every finder of its own (initials, Thai,
backwards, fuzzy) report names: the span in the original text and the key characters it
covers."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from crawler.detect.normalize import NormalizedText


@dataclass(frozen=True, slots=True)
class NameHit:
    person_id: str
    pattern: str
    key_start: int
    key_end: int  # exclusive, honorific included
    start: int  # original offsets
    end: int


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
