"""Fit the learned layer: labelled rows in, a LearnedModel out (scikit-learn, imported here only).

Rows come from the labelled data shipped in crawler/detect/data/ (see its README: written apart
from the rules) and from reviewers' decisions in the store (crawler/flag/decisions.py). Each
row is featurised by a rules-only detector built with the watchlist that row was written for,
so the model learns "⊙ + undressing verb + price", not the spelling of one person's name.

The threshold is picked on out-of-fold probabilities for the decision mimamori actually makes
(the rules' flags, plus the learned layer's above the threshold): the lowest probability at
which the cross-validated precision still reaches ``min_precision``, which favours recall.
The folds leave one writer out at a time (each shipped split is one writer; reviewers'
decisions are one more), because what the threshold must hold on is text by someone the model
never read: random folds put every writer's habits on both sides and promised precision that
new writers' text did not give. The held-back split never takes part.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.detect.detector import Detector
from crawler.detect.features import NEGATION_FEATURE, training_features
from crawler.detect.learned import LearnedModel
from crawler.detect.watchlist import WatchlistEntry, load_watchlist_csv

DATA_DIR = Path(__file__).with_name("data")
# Splits that training reads: the shared dev split and every train*.jsonl (each written by
# its own writer, see data/README.md). holdout.jsonl is never read by training.
HOLDOUT_SPLIT = "holdout"
# An n-gram seen in fewer training rows than this is noise, not a phrase.
MIN_NGRAM_ROWS = 2
MIN_WEIGHT = 0.03
DEFAULT_C = 0.5
# The target is 0.97 on text nobody tuned on; leave-one-writer-out precision estimates it
# for a new writer, and a small margin covers that estimate's own noise.
DEFAULT_MIN_PRECISION = 0.975
CV_FOLDS = 5
# Below this many writers, folds are random (stratified) instead of one writer each.
MIN_WRITER_FOLDS = 3
SEED = 20261128


@dataclass(frozen=True, slots=True)
class LabelledRow:
    id: str
    text: str
    label: int
    people: tuple[str, ...] = ()
    minor: int = 0
    cls: str = ""
    source: str = ""
    weight: float = 1.0


@dataclass(slots=True)
class LabelledSet:
    """Rows and the watchlist their `people` ids refer to."""

    name: str
    rows: list[LabelledRow]
    watchlist: list[WatchlistEntry]


@dataclass(slots=True)
class CurvePoint:
    threshold: float
    precision: float
    recall: float


@dataclass(slots=True)
class TrainingReport:
    rows: int
    positives: int
    by_source: dict[str, int]
    features: int
    threshold: float
    cv_precision: float
    cv_recall: float
    curve: list[CurvePoint] = field(default_factory=list)


def read_jsonl(path: Path, source: str) -> list[LabelledRow]:
    rows: list[LabelledRow] = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            rows.append(
                LabelledRow(
                    id=str(raw["id"]),
                    text=str(raw["text"]),
                    label=int(raw["label"]),
                    people=tuple(raw.get("people") or ()),
                    minor=int(raw.get("minor") or 0),
                    cls=str(raw.get("class") or ""),
                    source=source,
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{line_no}: not a labelled row ({exc})") from exc
    return rows


def load_split(name: str, data_dir: Path = DATA_DIR) -> LabelledSet:
    """A shipped split: ``<name>.jsonl`` with ``<name>_watchlist.csv``."""
    path = data_dir / f"{name}.jsonl"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in data_dir.glob("*.jsonl")))
        raise FileNotFoundError(f"no such labelled split {name!r} (shipped splits: {known})")
    return LabelledSet(
        name, read_jsonl(path, name), load_watchlist_csv(data_dir / f"{name}_watchlist.csv")
    )


def featurise(
    sets: Iterable[LabelledSet],
) -> tuple[list[dict[str, float]], list[LabelledRow], list[bool]]:
    """Features of every row, and whether the word rules (with the minor floor) flag it
    already: the learned layer only adds flags, so its threshold is picked on the union."""
    rows_out: list[LabelledRow] = []
    features: list[dict[str, float]] = []
    rule_flags: list[bool] = []
    for labelled in sets:
        rules_only = Detector(labelled.watchlist, model=None)
        for row in labelled.rows:
            features.append(training_features(rules_only.model_input(row.text)))
            rule_flags.append(rules_only.classify_text(row.text).flagged)
            rows_out.append(row)
    return features, rows_out, rule_flags


def _prune_rare(features: list[dict[str, float]]) -> list[dict[str, float]]:
    counts = Counter(k for f in features for k in f if k.startswith("g:"))
    keep = {k for k, n in counts.items() if n >= MIN_NGRAM_ROWS}
    return [{k: v for k, v in f.items() if not k.startswith("g:") or k in keep} for f in features]


def _fit(
    features: list[dict[str, float]], labels: Sequence[int], weights: Sequence[float], c: float
):  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(features)
    classifier = LogisticRegression(C=c, class_weight="balanced", max_iter=5000, solver="lbfgs")
    classifier.fit(matrix, list(labels), sample_weight=list(weights))
    return vectorizer, classifier


def _drop_small_weights(classifier) -> None:  # type: ignore[no-untyped-def]
    """Zero the n-gram weights too small to matter: most of the vocabulary, whose lookups
    would cost every post time and add nothing an explanation could show."""
    coef = classifier.coef_
    coef[abs(coef) < MIN_WEIGHT] = 0.0


def _folds(labels: list[int], groups: list[str]):  # type: ignore[no-untyped-def]
    """Train/test index pairs: one writer held out per fold when there are enough writers."""
    from sklearn.model_selection import LeaveOneGroupOut, StratifiedKFold

    if len(set(groups)) >= MIN_WRITER_FOLDS:
        return LeaveOneGroupOut().split(labels, labels, groups)
    return StratifiedKFold(n_splits=CV_FOLDS, shuffle=True, random_state=SEED).split(
        labels, labels
    )


def _cross_validated(
    features: list[dict[str, float]],
    labels: list[int],
    weights: list[float],
    c: float,
    groups: list[str],
) -> list[float]:
    probabilities = [0.0] * len(labels)
    for train_idx, test_idx in _folds(labels, groups):
        vectorizer, classifier = _fit(
            _prune_rare([features[i] for i in train_idx]),
            [labels[i] for i in train_idx],
            [weights[i] for i in train_idx],
            c,
        )
        _drop_small_weights(classifier)
        predicted = classifier.predict_proba(vectorizer.transform([features[i] for i in test_idx]))
        for i, p in zip(test_idx, predicted[:, 1], strict=True):
            # Scored as LearnedModel.judge scores: damped by the rules' negative context.
            probabilities[i] = float(p) * (1.0 - features[i].get(NEGATION_FEATURE, 0.0))
    return probabilities


def precision_recall_curve(
    probabilities: list[float], labels: list[int], already_flagged: list[bool] | None = None
) -> list[CurvePoint]:
    """Precision and recall at every distinct probability used as the threshold; rows in
    ``already_flagged`` count as flagged whatever the threshold (the rules flagged them)."""
    always = already_flagged or [False] * len(labels)
    points: list[CurvePoint] = []
    total_pos = sum(labels)
    for threshold in sorted({round(p, 3) for p in probabilities}):
        tp = fp = 0
        for p, y, a in zip(probabilities, labels, always, strict=True):
            if a or p >= threshold:
                tp += y
                fp += not y
        points.append(
            CurvePoint(
                threshold, tp / (tp + fp) if tp + fp else 1.0, tp / total_pos if total_pos else 1.0
            )
        )
    return points


def pick_threshold(curve: list[CurvePoint], min_precision: float) -> CurvePoint:
    """The lowest threshold whose precision (and every higher one's) reaches min_precision;
    failing that, the point of best F1."""
    good = [p for p in curve if p.precision >= min_precision and 0.0 < p.threshold < 1.0]
    if good:
        stable = [
            p
            for p in good
            if all(q.precision >= min_precision for q in curve if q.threshold >= p.threshold)
        ]
        return min(stable or good, key=lambda p: p.threshold)

    def f1(p: CurvePoint) -> float:
        return (
            2 * p.precision * p.recall / (p.precision + p.recall) if p.precision + p.recall else 0.0
        )

    return max(curve, key=f1)


def train(
    sets: Sequence[LabelledSet],
    *,
    c: float = DEFAULT_C,
    min_precision: float = DEFAULT_MIN_PRECISION,
    signals_digest: str = "",
) -> tuple[LearnedModel, TrainingReport]:
    features, rows, rule_flags = featurise(sets)
    labels = [row.label for row in rows]
    weights = [row.weight for row in rows]
    if len(set(labels)) < 2 or min(Counter(labels).values()) < CV_FOLDS:
        raise ValueError(
            f"need at least {CV_FOLDS} positive and {CV_FOLDS} negative rows to train, "
            f"have {sum(labels)} and {len(labels) - sum(labels)}"
        )
    groups = [row.source or "unnamed" for row in rows]
    curve = precision_recall_curve(
        _cross_validated(features, labels, weights, c, groups), labels, rule_flags
    )
    chosen = pick_threshold(curve, min_precision)
    vectorizer, classifier = _fit(_prune_rare(features), labels, weights, c)
    _drop_small_weights(classifier)
    model_weights = {
        name: round(float(w), 5)
        for name, w in zip(vectorizer.get_feature_names_out(), classifier.coef_[0], strict=True)
        if w
    }
    by_source = dict(Counter(row.source for row in rows))
    trained = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "rows": len(rows),
        "positives": sum(labels),
        "by_source": by_source,
        "C": c,
        "min_precision": min_precision,
        "cv_precision": round(chosen.precision, 4),
        "cv_recall": round(chosen.recall, 4),
    }
    digest_source = json.dumps(
        [model_weights, float(classifier.intercept_[0]), chosen.threshold], sort_keys=True
    )
    meta: dict[str, Any] = {
        "digest": hashlib.sha256(digest_source.encode()).hexdigest()[:16],
        "signals_digest": signals_digest,
        "trained": trained,
    }
    model = LearnedModel(
        model_weights,
        round(float(classifier.intercept_[0]), 5),
        min(max(chosen.threshold, 0.01), 0.99),
        meta,
    )
    report = TrainingReport(
        rows=len(rows),
        positives=sum(labels),
        by_source=by_source,
        features=len(model_weights),
        threshold=model.threshold,
        cv_precision=chosen.precision,
        cv_recall=chosen.recall,
        curve=curve,
    )
    return model, report


def training_split_names(data_dir: Path = DATA_DIR) -> list[str]:
    names = sorted(p.stem for p in data_dir.glob("train*.jsonl"))
    if (data_dir / "dev.jsonl").exists():
        names.insert(0, "dev")
    return names


def shipped_sets(data_dir: Path = DATA_DIR) -> list[LabelledSet]:
    """The labelled splits shipped for training (never the held-back split)."""
    return [load_split(name, data_dir) for name in training_split_names(data_dir)]
