"""Typed reasons and part references: what a detection says, and where in an account.

A reason is stored as a JSON object in ``detections.reasons`` and in evidence bundles:
``{"family", "term", "matched", "start", "end", "person_id"}`` plus ``"part"`` when it came
from one part of an account ("bio", "plan[0]", "post[3]"). ``Reason.to_stored`` writes exactly
that shape and ``Reason.from_stored`` reads it back (also the partial shapes older rows and
hand-made fixtures hold), so existing databases and bundles read unchanged.

``Reason`` is a NamedTuple rather than a frozen dataclass: the detector builds one per match,
and a frozen dataclass costs several times as much to construct (docs/architecture.md,
"Detection contract").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

# The kinds of account part the detector judges (Detector.classify_account).
DISPLAY_NAME = "display_name"
BIO = "bio"
PLAN = "plan"
POST = "post"

_INDEXED = re.compile(r"([a-z_]+)\[(\d+)\]\Z")


@dataclass(frozen=True, slots=True)
class PartRef:
    """One part of an account: ``PartRef("bio")``, ``PartRef("post", 3)``.

    Its stored form is the string the detector has always written ("post[3]"); any other
    string read from storage (a fixture's "text") is kept as a kind of its own.
    """

    kind: str
    index: int | None = None

    @classmethod
    def parse(cls, stored: str) -> PartRef:
        found = _INDEXED.match(stored)
        if found:
            return cls(found.group(1), int(found.group(2)))
        return cls(stored)

    @classmethod
    def post(cls, index: int) -> PartRef:
        return cls(POST, index)

    @classmethod
    def plan(cls, index: int) -> PartRef:
        return cls(PLAN, index)

    def __str__(self) -> str:
        return self.kind if self.index is None else f"{self.kind}[{self.index}]"

    @property
    def place(self) -> str:
        """Where a reviewer is told it was found: "post" for any post, "display name"."""
        return self.kind.replace("_", " ")


class Reason(NamedTuple):
    """One piece of evidence: a matched word of a signal family, a watched name
    (``family == "person"``, with ``person_id``), the learned layer's phrase or a decision
    note (``"decision"``, no offsets). ``start``/``end`` index the text it was found in;
    ``None`` when a stored reason carried no usable offsets."""

    family: str
    term: str
    matched: str
    start: int | None
    end: int | None
    person_id: str | None = None
    part: PartRef | None = None

    def in_part(self, part: PartRef) -> Reason:
        return self._replace(part=part)

    def to_stored(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "family": self.family,
            "term": self.term,
            "matched": self.matched,
            "start": self.start,
            "end": self.end,
            "person_id": self.person_id,
        }
        if self.part is not None:
            data["part"] = str(self.part)
        return data

    @classmethod
    def from_stored(cls, raw: object) -> Reason | None:
        """The reason a stored object describes, or None when it is not one (stored JSON is
        read as it is: a hostile or broken row must not break a page)."""
        if not isinstance(raw, Mapping):
            return None
        start, end = raw.get("start"), raw.get("end")
        part = raw.get("part")
        person = raw.get("person_id")
        return cls(
            family=str(raw.get("family") or "other"),
            term=str(raw.get("term") or ""),
            matched=str(raw.get("matched") or ""),
            start=start if isinstance(start, int) else None,
            end=end if isinstance(end, int) else None,
            person_id=str(person) if person else None,
            part=PartRef.parse(str(part)) if part else None,
        )


def reasons_from_stored(stored: Iterable[object] | None) -> list[Reason]:
    """Every readable reason of a stored list, in order; anything else is skipped."""
    found = (Reason.from_stored(raw) for raw in stored or ())
    return [reason for reason in found if reason is not None]


def as_reasons(reasons: Iterable[Reason | Mapping[str, Any]]) -> list[Reason]:
    """Reasons as given, or read from their stored form."""
    out: list[Reason] = []
    for reason in reasons:
        if isinstance(reason, Reason):
            out.append(reason)
        else:
            read = Reason.from_stored(reason)
            if read is not None:
                out.append(read)
    return out


def reasons_to_stored(reasons: Iterable[Reason]) -> list[dict[str, Any]]:
    return [reason.to_stored() for reason in reasons]
