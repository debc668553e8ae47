"""From matched signals to a score, a flag and the minor-risk bit.

The rule is deliberately simple enough to explain to a volunteer:

* a target needs all three of *synthetic* imagery, *sexual* content and a
  *real person* (a watchlist name or a real-person word); minors count as a
  real person in that context (school photos are of real children);
* *commerce* (prices, plans, paid requests, "new set, rest on my FANBOX")
  lifts the score from 0.45 to 1, and a text with no commerce signal at all is
  never flagged on its own: the target is advertising, selling or taking
  requests (account-level judgement adds commerce from the bio and plans);
* minor indicators add severity;
* negative contexts (news, warnings, removal services, patrol reports,
  official content, fictional or all-ages offers) damp the score.

Within one family, evidence combines as a noisy-or of the term weights.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# The evidence the rule below weighs. Every positive signal family counts as one of these
# (its file's ``counts_as``, see crawler/detect/families.py).
SCORE_FAMILIES = ("commerce", "synthetic", "sexual", "real_person", "minor")
FLAG_THRESHOLD = 0.5
# Two of synthetic / sexual / real person at this strength or more, and an offer, flag.
STRONG = 0.85
TWO_OF_THREE = 0.8
NO_COMMERCE_CAP = 0.45
MINOR_SEVERITY = 0.2
# A text whose negative context damps it by at least this much is not a
# minor-risk case unless it is still flagged.
HEAVY_NEGATION = 0.5
# The minor floor: a minor word next to a sexual, undressing or photo-request word is
# always flagged, with this score at least, whatever the rest of the text says about money
# (crawler/detect/detector.py applies it; news and school notices are heavy negations).
MINOR_FLOOR_SCORE = 0.75


@dataclass(frozen=True, slots=True)
class Evidence:
    """Family strengths (0..1) after suppression, and the damping to apply."""

    strengths: Mapping[str, float]
    negation: float  # 0 = no negative context, 1 = fully cancelled


@dataclass(frozen=True, slots=True)
class Verdict:
    flagged: bool
    score: float
    minor_risk: bool


def noisy_or(weights: Iterable[float]) -> float:
    remaining = 1.0
    for w in weights:
        remaining *= 1.0 - min(max(w, 0.0), 1.0)
    return 1.0 - remaining


def decide(evidence: Evidence) -> Verdict:
    s = evidence.strengths
    synthetic = s.get("synthetic", 0.0)
    sexual = s.get("sexual", 0.0)
    minor = s.get("minor", 0.0)
    commerce = s.get("commerce", 0.0)
    real = s.get("real_person", 0.0)
    if synthetic > 0 and sexual > 0:
        real = max(real, 0.9 * minor)
    core = (synthetic * sexual * real) ** (1.0 / 3.0) if synthetic and sexual and real else 0.0
    # A strong real person (a name, "your ex's photo") with a strong synthetic *or* sexual
    # word is most of the pattern: "Natalia Voss face-swapped, for Gold members".
    edit_or_sex = max(synthetic, sexual)
    if edit_or_sex >= STRONG and real >= STRONG:
        core = max(core, TWO_OF_THREE * (edit_or_sex * real) ** 0.5)
    raw = core * (NO_COMMERCE_CAP + (1.0 - NO_COMMERCE_CAP) * commerce)
    if core > 0 and minor > 0:
        raw = min(1.0, raw + MINOR_SEVERITY * minor)
    score = raw * (1.0 - evidence.negation)
    flagged = score >= FLAG_THRESHOLD and commerce > 0
    # Positional (flagged, score, minor_risk): keyword calls of a dataclass __init__ cost
    # about 1 us more, and every text is decided.
    return Verdict(flagged, round(score, 4), minor_risk_of(evidence, flagged))


def minor_risk_of(evidence: Evidence, flagged: bool) -> bool:
    """Minor words in a flagged text, or in sexual-synthetic text that is not news or a
    warning: no image of it may be kept."""
    s = evidence.strengths
    if s.get("minor", 0.0) <= 0:
        return False
    sexual_synthetic = s.get("synthetic", 0.0) > 0 and s.get("sexual", 0.0) > 0
    return flagged or (sexual_synthetic and evidence.negation < HEAVY_NEGATION)
