"""From signal hits to evidence: per score family the strongest weight of each distinct term,
and the minor floor (a minor word next to a sexual, undressing or photo-request word always
flags; see score.py for the rest of the rule).

Hits are weighed by the score family their family ``counts_as`` (crawler/detect/families.py),
so a family declared in a signal file counts without code.
"""

from __future__ import annotations

from collections.abc import Sequence

from crawler.detect.families import TermSpec
from crawler.detect.score import Evidence, noisy_or
from crawler.detect.signals import SignalHit

# Families whose words, next to a minor word, make the minor floor hold (see score.py).
MINOR_FLOOR_FAMILIES = frozenset({"sexual", "synthetic"})
MINOR_FLOOR_REASON = (
    "a word about minors next to a sexual, undressing or photo-request word: always reviewed"
)


class FamilyWeights:
    """Per score family, the strongest weight of each distinct term: repeating a word
    ten times is not ten pieces of evidence."""

    def __init__(self) -> None:
        self._by_family: dict[str, dict[str, float]] = {}

    def add_weight(self, family: str, label: str, weight: float) -> None:
        terms = self._by_family.setdefault(family, {})
        if weight > terms.get(label, 0.0):
            terms[label] = weight

    def add(self, spec: TermSpec) -> None:
        """A positive term (``spec.counts_as`` set) and the families it implies."""
        self.add_weight(spec.counts_as or spec.family, spec.label, spec.weight)
        for implied, weight in spec.implies:
            self.add_weight(implied, f"{spec.family}:{spec.label}", weight)

    def strengths(self) -> dict[str, float]:
        return {f: noisy_or(t.values()) for f, t in self._by_family.items() if t}


def _floor_offer_word(spec: TermSpec) -> bool:
    """A sexual word, an undressing or face-swap word, or a photo request ("send her photo"),
    as opposed to a weak word such as "AI" or "加工" on its own."""
    counts_as = spec.counts_as
    if counts_as == "sexual":
        return spec.weight >= 0.5
    if counts_as == "synthetic":
        return spec.weight >= 0.8
    return counts_as != "minor" and any(f in MINOR_FLOOR_FAMILIES for f, _ in spec.implies)


def minor_floor(
    hits: Sequence[SignalHit], suppressed: set[str], *, photo_requests: bool = True
) -> bool:
    """A minor word together with a sexual, undressing or photo-request word of its own
    (制服 implying a little sexual weight is not enough on its own). With
    ``photo_requests=False`` only a sexual or undressing word holds it."""
    has_minor = has_offer = False
    for hit in hits:
        spec = hit.spec
        if spec.counts_as == "minor":
            has_minor = has_minor or spec.weight >= 0.6
        elif _floor_offer_word(spec) and (photo_requests or _sexual_or_undressing(spec)):
            has_offer = has_offer or spec.counts_as not in suppressed or spec.unsuppressible
        if has_minor and has_offer:
            return True
    return False


def _sexual_or_undressing(spec: TermSpec) -> bool:
    return spec.counts_as in MINOR_FLOOR_FAMILIES


def minor_edit_for_sale(evidence: Evidence) -> bool:
    """Edits of minors' photos offered for money ("taking edits of high school girls, DM"),
    even without a sexual word: a weaker floor, so any negative context lifts it."""
    s = evidence.strengths
    return (
        s.get("minor", 0.0) >= 0.8
        and s.get("synthetic", 0.0) >= 0.5
        and s.get("commerce", 0.0) >= 0.8
        and evidence.negation == 0.0
    )
