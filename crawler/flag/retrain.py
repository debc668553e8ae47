"""Retrain the learned detection layer from reviewers' decisions, and install it only if it
is no worse than the model in use.

The candidate is fitted on the shipped labelled splits plus the store's confirmed and
dismissed accounts (decisions.py), then both it and the current model are scored on the
held-back splits that neither was fitted on (``HELD_BACK_SPLITS``, each by a writer of its
own).
Minor-recall, people-recall and F1 must not drop; otherwise the current model stays and
the caller is told why.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from crawler.detect.detector import Detector
from crawler.detect.evaluation import Evaluation, evaluate
from crawler.detect.learned import active_model, installed_model_path
from crawler.detect.training import (
    DEFAULT_MIN_PRECISION,
    HELD_BACK_SPLITS,
    TrainingReport,
    load_split,
    shipped_sets,
    train,
)
from crawler.flag.decisions import reviewed_set


@dataclass
class RetrainOutcome:
    installed: bool
    verdict: str
    report: TrainingReport
    review_rows: int
    candidate: Evaluation
    current: Evaluation
    current_source: str
    path: Path | None = None


def retrain(
    session: Session,
    data_dir: Path,
    *,
    min_precision: float = DEFAULT_MIN_PRECISION,
    dry_run: bool = False,
) -> RetrainOutcome:
    review = reviewed_set(session)
    sets = shipped_sets() + ([review] if review.rows else [])
    rules_only = Detector([], model=None)
    candidate, report = train(
        sets, min_precision=min_precision, signals_digest=rules_only.signals_digest
    )
    current, current_source = active_model(data_dir)
    current_eval, candidate_eval = Evaluation(), Evaluation()
    per_split: dict[str, dict[str, float]] = {}
    for name in HELD_BACK_SPLITS:
        held_back = load_split(name)
        over_its_people = rules_only.with_watchlist(held_back.watchlist)  # built once for both
        current_eval.absorb(evaluate(over_its_people.with_model(current), held_back.rows))
        split_eval = evaluate(over_its_people.with_model(candidate), held_back.rows)
        candidate_eval.absorb(split_eval)
        per_split[name] = split_eval.overall.summary()
    better, verdict = candidate_eval.no_worse_than(current_eval)
    outcome = RetrainOutcome(
        installed=False,
        verdict=verdict,
        report=report,
        review_rows=len(review.rows),
        candidate=candidate_eval,
        current=current_eval,
        current_source=current_source,
    )
    if not better or dry_run:
        return outcome
    candidate.meta["scores"] = {**per_split, "held_back": candidate_eval.overall.summary()}
    path = installed_model_path(data_dir)
    if path.exists():  # keep the previous model: an operator can put it back by hand
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        shutil.copy2(path, path.with_name(f"model-{stamp}.json"))
    candidate.save(path)
    outcome.installed, outcome.path = True, path
    return outcome


__all__ = ["RetrainOutcome", "retrain"]
