"""Reasons stored packed: one entry per matched word, with the places it matched.

A text that says the same words ten times gave ten reasons that differ only in ``start``
and ``end``, each repeating family, term and match. Stored packed, they are one entry::

    {"family": "commerce", "term": "受付中", "matched": "受付中", "person_id": null,
     "at": [[0, 19, 22], [4, 57, 60]]}

where each place is ``[position in the list, start, end]``. ``unpack_reasons`` rebuilds the
detector's list exactly, order included: packed places go back to their positions and the
entries that are not packed (references to post detections, anything unusual) fill the
other positions in the order they were stored. Lists written before packing have no ``at``
and read unchanged (docs/architecture.md, "Detection contract").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

PLACES_KEY = "at"
_OFFSETS = ("start", "end")
_REQUIRED = frozenset({"family", "term", "matched", "person_id", *_OFFSETS})
_PACKABLE = _REQUIRED | {"part"}


def _packable(raw: object) -> bool:
    return (
        isinstance(raw, Mapping)
        and _REQUIRED <= set(raw) <= _PACKABLE
        and all(raw[key] is None or type(raw[key]) is int for key in _OFFSETS)
    )


def pack_reasons(reasons: Sequence[Any]) -> list[Any]:
    """The list packed: one entry per reason that differs in more than its offsets."""
    groups: dict[tuple[tuple[str, Any], ...], dict[str, Any]] = {}
    others: list[Any] = []
    for position, raw in enumerate(reasons):
        if not _packable(raw):
            others.append(raw)
            continue
        fields = tuple((key, value) for key, value in raw.items() if key not in _OFFSETS)
        entry = groups.setdefault(fields, {**dict(fields), PLACES_KEY: []})
        entry[PLACES_KEY].append([position, raw["start"], raw["end"]])
    return [*groups.values(), *others]


def _is_packed(raw: object) -> bool:
    return isinstance(raw, Mapping) and isinstance(raw.get(PLACES_KEY), list)


def _unpacked(entry: Mapping[str, Any], start: Any, end: Any) -> dict[str, Any]:
    # Keys in the order Reason.to_stored writes them, so a row reads as it was judged.
    out = {key: entry.get(key) for key in ("family", "term", "matched")}
    out.update(start=start, end=end, person_id=entry.get("person_id"))
    if "part" in entry:
        out["part"] = entry["part"]
    return out


def unpack_reasons(stored: Iterable[object] | None) -> list[Any]:
    """The detector's list again from a packed (or never packed) stored list."""
    stored = list(stored or ())
    if not any(_is_packed(raw) for raw in stored):
        return stored
    placed: dict[int, Any] = {}
    others = []
    for raw in stored:
        if not _is_packed(raw):
            others.append(raw)
            continue
        assert isinstance(raw, Mapping)
        for place in raw[PLACES_KEY]:
            if isinstance(place, list) and len(place) == 3 and type(place[0]) is int:
                placed[place[0]] = _unpacked(raw, place[1], place[2])
    rest = iter(others)
    size = len(placed) + len(others)
    out = [placed[i] if i in placed else next(rest, None) for i in range(size)]
    return [raw for raw in out if raw is not None] + list(rest)
