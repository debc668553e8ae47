"""How good a detector is on labelled rows: the four numbers mimamori reports, per class too.

* precision and recall of `flagged` against `label`;
* people-recall: of all watched people the rows name (negatives included), how many found;
* minor-recall: of the rows marked `minor`, how many came out with `minor_risk`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from crawler.detect.detector import Detector


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


@dataclass(slots=True)
class Tally:
    rows: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    people_gold: int = 0
    people_found: int = 0
    people_extra: int = 0
    minor_gold: int = 0
    minor_found: int = 0
    minor_false: int = 0

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def people_recall(self) -> float:
        return _ratio(self.people_found, self.people_gold)

    @property
    def minor_recall(self) -> float:
        return _ratio(self.minor_found, self.minor_gold)

    @property
    def accuracy(self) -> float:
        return _ratio(self.tp + self.tn, self.rows)

    def summary(self) -> dict[str, float]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "people_recall": round(self.people_recall, 4),
            "minor_recall": round(self.minor_recall, 4),
        }


def _add_tally(total: Tally, part: Tally) -> None:
    for item in fields(Tally):
        setattr(total, item.name, getattr(total, item.name) + getattr(part, item.name))


@dataclass(slots=True)
class Evaluation:
    overall: Tally = field(default_factory=Tally)
    by_class: dict[str, Tally] = field(default_factory=dict)
    mistakes: list[str] = field(default_factory=list)

    def absorb(self, other: Evaluation) -> None:
        """Add another split's counts (each split has its own watchlist, so its own run)."""
        _add_tally(self.overall, other.overall)
        for name, tally in other.by_class.items():
            _add_tally(self.by_class.setdefault(name, Tally()), tally)
        self.mistakes += other.mistakes

    def no_worse_than(self, other: Evaluation) -> tuple[bool, str]:
        """May this detector replace `other`? Minor-recall never drops; F1 and people-recall
        do not drop either."""
        mine, theirs = self.overall, other.overall
        if mine.minor_recall < theirs.minor_recall:
            return (
                False,
                f"minor-recall would drop ({theirs.minor_recall:.3f} -> {mine.minor_recall:.3f})",
            )
        if mine.people_recall < theirs.people_recall:
            return (
                False,
                f"people-recall would drop ({theirs.people_recall:.3f} -> {mine.people_recall:.3f})",
            )
        if mine.f1 < theirs.f1:
            return False, (
                f"precision/recall would be worse (F1 {theirs.f1:.3f} -> {mine.f1:.3f}: "
                f"precision {mine.precision:.3f}, recall {mine.recall:.3f})"
            )
        return True, "no worse on any measure"


def _tally(tally: Tally, row: Any, flagged: bool, people: set[str], minor_risk: bool) -> None:
    gold = bool(row.label)
    tally.rows += 1
    tally.tp += flagged and gold
    tally.fp += flagged and not gold
    tally.fn += gold and not flagged
    tally.tn += not gold and not flagged
    gold_people = set(row.people)
    tally.people_gold += len(gold_people)
    tally.people_found += len(gold_people & people)
    tally.people_extra += len(people - gold_people)
    if row.minor:
        tally.minor_gold += 1
        tally.minor_found += minor_risk
    else:
        tally.minor_false += minor_risk


def evaluate(detector: Detector, rows: Iterable[Any]) -> Evaluation:
    """``rows``: objects with id, text, label, people, minor and cls (LabelledRow)."""
    result = Evaluation()
    for row in rows:
        verdict = detector.classify_text(row.text)
        people = set(verdict.people)
        _tally(result.overall, row, verdict.flagged, people, verdict.minor_risk)
        if row.cls:
            _tally(
                result.by_class.setdefault(row.cls, Tally()),
                row,
                verdict.flagged,
                people,
                verdict.minor_risk,
            )
        if (
            verdict.flagged != bool(row.label)
            or set(row.people) != people
            or bool(row.minor) != verdict.minor_risk
        ):
            result.mistakes.append(
                f"{row.id} [{row.cls}] gold={row.label} people={sorted(row.people)} minor={row.minor}"
                f" -> flagged={int(verdict.flagged)} score={verdict.score} people={sorted(people)}"
                f" minor={int(verdict.minor_risk)} :: {row.text}"
            )
    return result
