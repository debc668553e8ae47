"""Account reasons that refer to a post's detection instead of copying its matches.

An account's judgement lists every part's reasons, each with its ``part`` ("post[3]"), and
the judge also stores each post's own detection with exactly those reasons (without the
part). Stored twice, the post reasons were most of a database. So the judge stores, in
place of a post's block of reasons in the account's list, one reference::

    {"part": "post[3]", "reasons_of": 123}

where detection 123 holds that post's reasons. ``expand_reasons`` turns the references back
into the reasons they stand for, in the same place, so every reader sees the list the
detector produced (docs/architecture.md, "Detection contract"). A reference is written only
when the post detection holds exactly the same reasons, so expanding is exact; rows written
before references existed hold no references and read unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

REF_KEY = "reasons_of"


def reference_of(raw: object) -> int | None:
    """The detection id a stored reason refers to, or None for an ordinary reason."""
    if isinstance(raw, Mapping):
        target = raw.get(REF_KEY)
        if isinstance(target, int) and not isinstance(target, bool):
            return target
    return None


def referenced_ids(stored: Iterable[object] | None) -> set[int]:
    return {ref for ref in map(reference_of, stored or ()) if ref is not None}


def _in_part(reasons: Sequence[Any], part: str) -> list[Any]:
    return [{**raw, "part": part} for raw in reasons if isinstance(raw, Mapping)]


def expand_reasons(
    stored: Iterable[object] | None, reasons_by_detection: Mapping[int, Sequence[Any]]
) -> list[Any]:
    """The stored list with each reference replaced by the reasons it refers to. A reference
    whose detection is not given stays as it is (readers skip what is not a reason)."""
    out: list[Any] = []
    for raw in stored or ():
        target = reference_of(raw)
        if target is None or target not in reasons_by_detection:
            out.append(raw)
            continue
        assert isinstance(raw, Mapping)
        out.extend(_in_part(reasons_by_detection[target], str(raw.get("part"))))
    return out


def compact_reasons(
    reasons: Sequence[Any], post_detections: Mapping[str, tuple[int, Sequence[Any]]]
) -> list[Any]:
    """The account's reasons with each post part's block replaced by a reference to that
    post's detection (``post_detections``: part string -> (detection id, its stored
    reasons)), where the block is exactly those reasons with the part added."""
    out: list[Any] = []
    index = 0
    while index < len(reasons):
        raw = reasons[index]
        part = raw.get("part") if isinstance(raw, Mapping) else None
        end = index + 1
        while (
            part is not None
            and end < len(reasons)
            and isinstance(reasons[end], Mapping)
            and reasons[end].get("part") == part
        ):
            end += 1
        block = list(reasons[index:end])
        target = post_detections.get(part) if isinstance(part, str) else None
        if target is not None and _in_part(target[1], part) == block and target[1]:
            out.append({"part": part, REF_KEY: target[0]})
        else:
            out.extend(block)
        index = end
    return out
