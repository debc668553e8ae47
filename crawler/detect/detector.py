"""The detector: one object built per crawl, safe to call from threads."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.detect.normalize import Normalizer
from crawler.detect.score import HEAVY_NEGATION, Evidence, decide, noisy_or
from crawler.detect.signals import (
    SHIPPED_SIGNALS_DIR,
    SIGNAL_FAMILIES,
    SignalHit,
    SignalMatcher,
    TermSpec,
    load_signal_families,
    symbols_in_terms,
)
from crawler.detect.watchlist import WatchlistEntry, WatchlistMatcher

log = logging.getLogger(__name__)

# Bump when matching or scoring rules change, so stored detections say which rules made them.
DETECTOR_VERSION = "1.0.0"
PERSON_FAMILY = "person"
MAX_REASONS = 200
# A negative context cancels whole families only when it is unambiguous
# ("架空の人物", "no real people"), not on a weak word such as "イラスト".
SUPPRESS_MIN_STRENGTH = 0.8


@dataclass(slots=True)
class Reason:
    family: str
    term: str
    matched: str
    start: int
    end: int
    person_id: str | None = None
    part: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "family": self.family,
            "term": self.term,
            "matched": self.matched,
            "start": self.start,
            "end": self.end,
            "person_id": self.person_id,
        }
        if self.part is not None:
            data["part"] = self.part
        return data


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
            "reasons": [r.to_dict() for r in self.reasons],
        }
        if self.error:
            data["error"] = self.error
        return data


@dataclass(slots=True)
class AccountResult(TextResult):
    parts: dict[str, TextResult] = field(default_factory=dict)


class _Evidence:
    """Per family, the strongest weight of each distinct term: repeating a word
    ten times is not ten pieces of evidence."""

    def __init__(self) -> None:
        self._by_family: dict[str, dict[str, float]] = {}

    def add_weight(self, family: str, label: str, weight: float) -> None:
        terms = self._by_family.setdefault(family, {})
        if weight > terms.get(label, 0.0):
            terms[label] = weight

    def add(self, spec: TermSpec) -> None:
        self.add_weight(spec.family, spec.label, spec.weight)
        for implied, weight in spec.implies:
            self.add_weight(implied, f"{spec.family}:{spec.label}", weight)

    def strengths(self) -> dict[str, float]:
        return {f: noisy_or(t.values()) for f, t in self._by_family.items() if t}


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


class Detector:
    """Watchlist + signal automata, built once; ``classify_*`` never raise on str input."""

    def __init__(
        self, entries: Sequence[WatchlistEntry], signals_dir: str | Path | None = None
    ) -> None:
        directory = Path(signals_dir) if signals_dir is not None else SHIPPED_SIGNALS_DIR
        self.families = load_signal_families(directory)
        self.normalizer = Normalizer(keep_symbols=symbols_in_terms(self.families.values()))
        self.watchlist = WatchlistMatcher(entries, self.normalizer)
        self.signals = SignalMatcher(self.families, self.normalizer)
        self.entries = self.watchlist.entries
        self.signals_digest = _digest_dir(directory)

    # -- one text ------------------------------------------------------------
    def classify_text(self, text: str) -> TextResult:
        try:
            return self._classify(text if isinstance(text, str) else str(text or ""))
        except Exception as exc:  # the crawl must go on; the failure is logged and reported
            log.exception("detector failed on a text of %d chars", len(text or ""))
            return TextResult(False, 0.0, [], False, [], error=f"detector error: {exc!r}")

    def _classify(self, text: str) -> TextResult:
        norm = self.normalizer.normalize(text)
        original = norm.original
        name_hits = self.watchlist.find(norm)
        signal_hits = self.signals.find(norm)
        for view in self.normalizer.alternates(norm):
            name_hits += [
                h
                for h in self.watchlist.find(view)
                if not any(h.start < o.end and o.start < h.end for o in name_hits)
            ]
            seen = {(h.spec, h.start, h.end) for h in signal_hits}
            signal_hits += [
                h for h in self.signals.find(view) if (h.spec, h.start, h.end) not in seen
            ]
        signal_hits = self._cancel_overlapping(signal_hits)

        negative_strength: dict[str, float] = {}
        for hit in signal_hits:
            family = self.families[hit.spec.family]
            if family.kind == "negative":
                previous = negative_strength.get(family.name, 0.0)
                negative_strength[family.name] = max(previous, hit.spec.weight)

        # Suppression ("no real people") never cancels a name or a lookalike claim.
        hard_real = bool(name_hits) or any(
            h.spec.unsuppressible and h.spec.family == "real_person" for h in signal_hits
        )
        unsuppressed = _Evidence()
        for hit in signal_hits:
            if hit.spec.family in SIGNAL_FAMILIES:
                unsuppressed.add(hit.spec)
        raw_strength = unsuppressed.strengths()
        suppressed: set[str] = set()
        damping: list[float] = []
        for name, strength in negative_strength.items():
            family = self.families[name]
            if family.suppresses and "real_person" in family.suppresses and hard_real:
                continue
            if family.void_if and all(
                raw_strength.get(f, 0.0) >= level for f, level in family.void_if.items()
            ):
                continue  # "official" next to AI + R18 words is not official content
            if strength >= SUPPRESS_MIN_STRENGTH:
                suppressed.update(family.suppresses)
            damping.append(family.dampen * strength)

        weights = _Evidence()
        reasons: list[Reason] = []
        for hit in signal_hits:
            spec = hit.spec
            reasons.append(
                Reason(spec.family, spec.label, original[hit.start : hit.end], hit.start, hit.end)
            )
            if spec.family not in SIGNAL_FAMILIES:
                continue
            if spec.family in suppressed and not spec.unsuppressible:
                continue
            weights.add(spec)
        if name_hits:
            weights.add_weight("real_person", PERSON_FAMILY, 1.0)
        for hit in name_hits:
            reasons.append(
                Reason(
                    PERSON_FAMILY,
                    hit.pattern,
                    original[hit.start : hit.end],
                    hit.start,
                    hit.end,
                    person_id=hit.person_id,
                )
            )
        reasons.sort(key=lambda r: (r.start, r.end, r.family))
        evidence = Evidence(
            strengths=weights.strengths(),
            negation=min(noisy_or(damping), 0.95),
        )
        verdict = decide(evidence)
        return TextResult(
            flagged=verdict.flagged,
            score=verdict.score,
            people=_unique(h.person_id for h in name_hits),
            minor_risk=verdict.minor_risk,
            reasons=reasons[:MAX_REASONS],
            evidence=evidence,
        )

    def _cancel_overlapping(self, hits: list[SignalHit]) -> list[SignalHit]:
        """Drop signal hits inside a context that negates them in place
        (未成年閲覧禁止 is an age gate, not a minor)."""
        cancelling = [
            (h.start, h.end, self.families[h.spec.family].cancels)
            for h in hits
            if self.families[h.spec.family].cancels
        ]
        if not cancelling:
            return hits
        return [
            h
            for h in hits
            if not any(
                h.spec.family in families and h.start < end and start < h.end
                for start, end, families in cancelling
            )
        ]

    # -- one account ---------------------------------------------------------
    def classify_account(
        self,
        display_name: str = "",
        bio: str = "",
        plans: Sequence[str] = (),
        posts: Sequence[str] = (),
    ) -> AccountResult:
        """Judge bio, plans and posts together: "requests open" in the bio plus a
        post naming a person is a storefront even if no single part says it all."""
        labelled: list[tuple[str, str]] = [("display_name", display_name or ""), ("bio", bio or "")]
        labelled += [(f"plan[{i}]", p or "") for i, p in enumerate(plans or ())]
        labelled += [(f"post[{i}]", p or "") for i, p in enumerate(posts or ())]
        parts = {label: self.classify_text(text) for label, text in labelled}

        combined: dict[str, float] = {}
        for result in parts.values():
            if result.evidence.negation >= HEAVY_NEGATION:
                continue  # a news quote or warning post says nothing about what the account sells
            for family, strength in result.evidence.strengths.items():
                combined[family] = max(combined.get(family, 0.0), strength)
        identity_negation = max(
            parts["display_name"].evidence.negation, parts["bio"].evidence.negation
        )
        verdict = decide(Evidence(combined, identity_negation))
        best_part = max(r.score for r in parts.values())
        score = max(verdict.score, best_part)
        reasons = [
            Reason(r.family, r.term, r.matched, r.start, r.end, r.person_id, part=label)
            for label, result in parts.items()
            for r in result.reasons
        ]
        return AccountResult(
            flagged=verdict.flagged or any(r.flagged for r in parts.values()),
            score=round(score, 4),
            people=_unique(p for r in parts.values() for p in r.people),
            minor_risk=verdict.minor_risk or any(r.minor_risk for r in parts.values()),
            reasons=reasons[: MAX_REASONS * 5],
            evidence=Evidence(combined, identity_negation),
            parts=parts,
        )


def _digest_dir(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.y*ml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
