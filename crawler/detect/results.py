"""What the detector returns: a verdict on one text, or on one account and each of its parts.

``to_dict`` writes the stored/printed shape (`mimamori classify` prints it, detections
store its fields); the reasons inside are storage.findings.Reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from crawler.detect.score import Evidence
from storage.findings import PartRef, Reason


@dataclass(slots=True)
class TextResult:
    flagged: bool
    score: float
    people: list[str]
    minor_risk: bool
    reasons: list[Reason]
    evidence: Evidence = field(default_factory=lambda: Evidence({}, 0.0), repr=False)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "flagged": self.flagged,
            "score": self.score,
            "people": list(self.people),
            "minor_risk": self.minor_risk,
            "reasons": [r.to_stored() for r in self.reasons],
        }
        if self.error:
            data["error"] = self.error
        return data


@dataclass(slots=True)
class AccountResult(TextResult):
    """The account's verdict; ``parts`` holds each part's own (the judge stores the posts')."""

    parts: dict[PartRef, TextResult] = field(default_factory=dict)

    def post(self, index: int) -> TextResult | None:
        return self.parts.get(PartRef.post(index))
