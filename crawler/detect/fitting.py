"""Fitting one logistic regression over n-grams and rule evidence, and picking its threshold.

Shared by the learned layer (training.py: does a text advertise such imagery?) and its minor
check (training_minor.py: does a flagged text involve a minor?). scikit-learn is imported
only here, and only when fitting.

The threshold is picked on out-of-fold probabilities for the decision mimamori actually makes
(the rules' verdict, plus the model's above the threshold): the lowest probability at which
the cross-validated precision still reaches ``min_precision``, which favours recall. The
folds hold writers out (each shipped split is one writer; reviewers' decisions are one more),
because what the threshold must hold on is text by someone the model never read: random
folds put every writer's habits on both sides and promised precision that new writers' text
did not give. Up to eight writers each fold holds one out; beyond that the writers are
grouped into eight folds (a few writers each, whole), so training time stops growing with
every writer added while no writer's lines are ever on both sides.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

from crawler.detect.features import NEGATION_FEATURE, NGRAM_PREFIX

# An n-gram seen in fewer training rows than this is noise, not a phrase.
MIN_NGRAM_ROWS = 2
MIN_WEIGHT = 0.03
CV_FOLDS = 5
# Below this many writers, folds are random (stratified) instead of by writer.
MIN_WRITER_FOLDS = 3
# At most this many writer folds: more writers are grouped, each writer whole in one fold.
MAX_WRITER_FOLDS = 8
SEED = 20261128


@dataclass(slots=True)
class CurvePoint:
    threshold: float
    precision: float
    recall: float


@dataclass(slots=True)
class Fitted:
    """A fitted model's weights and the threshold cross-validation picked for it."""

    weights: dict[str, float]
    bias: float
    chosen: CurvePoint
    curve: list[CurvePoint]


class Vectorised:
    """Every row's features in one sparse matrix, made once: each fold and the final fit take
    rows and columns of it instead of vectorising the dicts again (that was two thirds of a
    training's time). A fold keeps the rule features and the n-grams seen in at least
    MIN_NGRAM_ROWS of its own training rows.

    The matrix is what scikit-learn's DictVectorizer makes (columns in sorted name order), built
    from flat arrays: DictVectorizer's per-value checks took 17 s of a 33,000-row training."""

    def __init__(self, features: list[dict[str, float]]) -> None:
        import numpy as np
        from scipy.sparse import csr_matrix

        column_of: dict[str, int] = {}
        first_seen = column_of.setdefault
        names_in_rows = list(chain.from_iterable(features))
        seen_order = np.fromiter(
            (first_seen(name, len(column_of)) for name in names_in_rows),
            dtype=np.int64,
            count=len(names_in_rows),
        )
        values = np.fromiter(
            chain.from_iterable(row.values() for row in features),
            dtype=np.float64,
            count=len(names_in_rows),
        )
        row_starts = np.zeros(len(features) + 1, dtype=np.int64)
        np.cumsum([len(row) for row in features], out=row_starts[1:])
        names = sorted(column_of)
        sorted_column = dict(zip(names, range(len(names)), strict=True))
        to_sorted = np.fromiter(
            (sorted_column[name] for name in column_of), dtype=np.int64, count=len(column_of)
        )
        self.matrix = csr_matrix(
            (values, to_sorted[seen_order], row_starts), shape=(len(features), len(names))
        )
        self.matrix.sort_indices()
        self.names = np.array(names, dtype=object)
        self._ngram = [name.startswith(NGRAM_PREFIX) for name in names]

    def columns_for(self, rows: Any) -> Any:
        import numpy as np

        seen_in = self.matrix[rows].getnnz(axis=0)
        ngram = np.array(self._ngram, dtype=bool)
        return np.flatnonzero(~ngram | (seen_in >= MIN_NGRAM_ROWS))


def _fit(matrix: Any, labels: Sequence[int], weights: Sequence[float], c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    classifier = LogisticRegression(C=c, class_weight="balanced", max_iter=5000, solver="lbfgs")
    classifier.fit(matrix, list(labels), sample_weight=list(weights))
    # Zero the n-gram weights too small to matter: most of the vocabulary, whose lookups
    # would cost every post time and add nothing an explanation could show.
    coef = classifier.coef_
    coef[abs(coef) < MIN_WEIGHT] = 0.0
    return classifier


def folds(labels: list[int], groups: list[str]) -> Iterator[tuple[Any, Any]]:
    """Train/test index pairs that hold writers out, when there are enough writers: one per
    fold up to MAX_WRITER_FOLDS writers, whole writers grouped into that many folds beyond."""
    from sklearn.model_selection import GroupKFold, LeaveOneGroupOut, StratifiedKFold

    writers = len(set(groups))
    if writers > MAX_WRITER_FOLDS:
        return iter(GroupKFold(n_splits=MAX_WRITER_FOLDS).split(labels, labels, groups))
    if writers >= MIN_WRITER_FOLDS:
        return iter(LeaveOneGroupOut().split(labels, labels, groups))
    splitter = StratifiedKFold(n_splits=CV_FOLDS, shuffle=True, random_state=SEED)
    return iter(splitter.split(labels, labels))


def cross_validated(
    data: Vectorised,
    features: list[dict[str, float]],
    labels: list[int],
    weights: list[float],
    c: float,
    groups: list[str],
) -> list[float]:
    probabilities = [0.0] * len(labels)
    for train_idx, test_idx in folds(labels, groups):
        if len({labels[i] for i in train_idx}) < 2:
            continue  # a writer whose absence leaves one class: its rows stay at 0
        columns = data.columns_for(train_idx)
        classifier = _fit(
            data.matrix[train_idx][:, columns],
            [labels[i] for i in train_idx],
            [weights[i] for i in train_idx],
            c,
        )
        predicted = classifier.predict_proba(data.matrix[test_idx][:, columns])
        for i, p in zip(test_idx, predicted[:, 1], strict=True):
            # Scored as LearnedModel.judge scores: damped by the rules' negative context.
            probabilities[i] = float(p) * (1.0 - features[i].get(NEGATION_FEATURE, 0.0))
    return probabilities


def precision_recall_curve(
    probabilities: list[float], labels: list[int], already_flagged: list[bool] | None = None
) -> list[CurvePoint]:
    """Precision and recall at every distinct probability used as the threshold; rows in
    ``already_flagged`` count as flagged whatever the threshold (the rules flagged them)."""
    import numpy as np

    always = np.array(already_flagged or [False] * len(labels), dtype=bool)
    p = np.array(probabilities, dtype=np.float64)
    y = np.array(labels, dtype=np.int64)
    total_pos = int(y.sum())
    always_pos = int(y[always].sum())
    always_neg = int(always.sum()) - always_pos
    # Rows the threshold decides, by probability: at threshold t the flagged ones are those
    # with p >= t, counted from the end of the sorted order.
    order = np.argsort(p[~always], kind="stable")
    ranked_p, ranked_y = p[~always][order], y[~always][order]
    pos_from = np.concatenate((np.cumsum(ranked_y[::-1])[::-1], [0]))
    thresholds = sorted({round(v, 3) for v in probabilities})
    first = np.searchsorted(ranked_p, thresholds, side="left")
    points: list[CurvePoint] = []
    for threshold, start in zip(thresholds, first.tolist(), strict=True):
        tp = always_pos + int(pos_from[start])
        fp = always_neg + (len(ranked_p) - start) - int(pos_from[start])
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


def fit_and_pick(
    features: list[dict[str, float]],
    labels: list[int],
    weights: list[float],
    groups: list[str],
    already_flagged: list[bool],
    *,
    c: float,
    min_precision: float,
) -> Fitted:
    """Cross-validate to pick the threshold, then fit on every row."""
    data = Vectorised(features)
    curve = precision_recall_curve(
        cross_validated(data, features, labels, weights, c, groups), labels, already_flagged
    )
    chosen = pick_threshold(curve, min_precision)
    columns = data.columns_for(slice(None))
    classifier = _fit(data.matrix[:, columns], labels, weights, c)
    model_weights = {
        str(name): round(float(w), 5)
        for name, w in zip(data.names[columns], classifier.coef_[0], strict=True)
        if w
    }
    return Fitted(model_weights, round(float(classifier.intercept_[0]), 5), chosen, curve)
