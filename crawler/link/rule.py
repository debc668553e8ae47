"""The linking rule: edges between two accounts in, a same-seller verdict out.

The weights, caps and threshold are data (`rule.yaml`); this module only adds them up and
says why, in plain English (`why`) and as a stable key with parameters (`why_key`,
`why_params`) a screen translates. One thing is not data: weak kinds (`edge.WEAK_KINDS`:
near-duplicate text, close handles) never count as strong, so weak edges alone never join
two accounts whatever the file says.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from crawler.link.edge import STRONG_KINDS, WEAK_KINDS

RULE_FILE = Path(__file__).resolve().parent / "rule.yaml"

# English names of kinds for `why`; screens translate `why_key` + `why_params` instead.
KIND_WORDS = {
    "declared": "declared link",
    "identifier": "shared id",
    "image": "same image",
    "text": "near-identical text",
    "handle": "similar handle",
}


@dataclass(frozen=True)
class KindRule:
    weight: float
    max_count: int
    value_kinds: dict[str, float] = field(default_factory=dict)

    def weight_for(self, value_kind: str | None) -> float:
        if value_kind is not None and value_kind in self.value_kinds:
            return self.value_kinds[value_kind]
        return self.weight


@dataclass(frozen=True)
class EdgeFacts:
    """What the rule reads of one stored edge."""

    kind: str
    value_kind: str | None = None
    link_id: int | None = None


@dataclass(frozen=True)
class Verdict:
    score: float
    joined: bool
    explanation: dict[str, Any]


def _token(kind: str, value_kind: str | None) -> str:
    return f"{kind}:{value_kind}" if value_kind else kind


def _words(tokens: list[str]) -> str:
    out = []
    for token in tokens:
        kind, _, value_kind = token.partition(":")
        word = KIND_WORDS.get(kind, kind)
        out.append(f"{word} ({value_kind})" if value_kind else word)
    return ", ".join(out)


@dataclass(frozen=True)
class Rule:
    threshold: float
    strong_needed: int
    kinds: dict[str, KindRule]
    version: str

    @classmethod
    def from_text(cls, text: str) -> Rule:
        data = yaml.safe_load(text)
        kinds: dict[str, KindRule] = {}
        for name, spec in (data.get("kinds") or {}).items():
            if name not in STRONG_KINDS | WEAK_KINDS:
                raise ValueError(f"rule: unknown edge kind {name!r}")
            kinds[name] = KindRule(
                weight=float(spec.get("weight", 0.0)),
                max_count=max(1, int(spec.get("max_count", 1))),
                value_kinds={str(k): float(v) for k, v in (spec.get("value_kinds") or {}).items()},
            )
        return cls(
            threshold=float(data["threshold"]),
            strong_needed=max(1, int(data.get("strong_needed", 1))),
            kinds=kinds,
            version=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        )

    def judge(self, edges: Iterable[EdgeFacts]) -> Verdict:
        """The verdict on one pair from all its edges."""
        groups: dict[tuple[str, str | None], list[EdgeFacts]] = {}
        for edge in edges:
            groups.setdefault((edge.kind, edge.value_kind), []).append(edge)
        rows: list[dict[str, Any]] = []
        for (kind, value_kind), members in sorted(
            groups.items(), key=lambda g: (g[0][0], g[0][1] or "")
        ):
            kind_rule = self.kinds.get(kind, KindRule(weight=0.0, max_count=1))
            weight = kind_rule.weight_for(value_kind)
            counted = min(len(members), kind_rule.max_count)
            rows.append(
                {
                    "kind": kind,
                    "value_kind": value_kind,
                    "weight": weight,
                    "count": len(members),
                    "counted": counted,
                    "points": round(weight * counted, 4),
                    "strong": kind in STRONG_KINDS and weight > 0,
                    "link_ids": sorted(e.link_id for e in members if e.link_id is not None),
                }
            )
        score = round(sum(r["points"] for r in rows), 4)
        strong_count = sum(r["count"] for r in rows if r["strong"])
        joined = score >= self.threshold and strong_count >= self.strong_needed
        explanation = {
            "threshold": self.threshold,
            "strong_needed": self.strong_needed,
            "score": score,
            "edges": rows,
            **self._why(rows, score, strong_count, joined),
        }
        return Verdict(score=score, joined=joined, explanation=explanation)

    def _why(
        self, rows: list[dict[str, Any]], score: float, strong_count: int, joined: bool
    ) -> dict[str, Any]:
        strong = [_token(r["kind"], r["value_kind"]) for r in rows if r["strong"]]
        weak = [_token(r["kind"], r["value_kind"]) for r in rows if not r["strong"]]
        params: dict[str, Any] = {
            "score": score,
            "threshold": self.threshold,
            "strong_count": strong_count,
            "strong_needed": self.strong_needed,
            "strong_kinds": strong,
            "weak_kinds": weak,
        }
        if joined:
            key = "joined"
            why = (
                f"Probably the same seller: {strong_count} strong piece(s) of evidence "
                f"({_words(strong)}); the evidence scores {score:g} of the {self.threshold:g} "
                "needed."
            )
        elif not rows:
            key, why = "no_edges", "Not joined: no evidence links these accounts."
        elif strong_count == 0:
            key = "weak_only"
            why = (
                f"Not joined: only weak evidence ({_words(weak)}). Similar words or handles "
                "alone never make two accounts one seller."
            )
        elif strong_count < self.strong_needed:
            key = "too_few_strong"
            why = (
                f"Not joined: {strong_count} strong piece(s) of evidence, "
                f"{self.strong_needed} needed."
            )
        else:
            key = "below_threshold"
            why = (
                f"Not joined: the evidence ({_words(strong + weak)}) scores {score:g}, "
                f"below the {self.threshold:g} needed."
            )
        return {"why": why, "why_key": key, "why_params": params}


def load_rule(path: Path = RULE_FILE) -> Rule:
    return Rule.from_text(path.read_text(encoding="utf-8"))


@cache
def shipped_rule() -> Rule:
    """The rule file shipped in the package (read once per process)."""
    return load_rule()
