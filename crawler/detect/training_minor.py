"""The learned layer's minor check: does a flagged text involve a minor?

The word rules know many ways of writing a minor (minor.yaml, minor_school.yaml), but unseen
writers keep finding others ("a sophomore from my school's swim team", "塾の生徒の写真").
A minor-implying account must go to analysts only and keep no image, so a miss is the costly
mistake: this check, fitted on the flagged (label 1) rows with their `minor` column, only ever
adds minor risk to what the rules said, never takes it away.

Reviewers' decisions carry the detector's own minor-risk verdict, not a reviewer's judgement,
so they are left out here: training on them would teach the check its own past answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from crawler.detect.features import NGRAM_PREFIX
from crawler.detect.fitting import CV_FOLDS, fit_and_pick
from crawler.detect.learned import LearnedModel


class LabelledRow(Protocol):  # training.LabelledRow, which imports this module
    label: int
    minor: int
    source: str
    weight: float


# Of the texts the check adds minor risk to, this share must involve a minor (cross-validated,
# one writer left out per fold). Minors are a fifth of the labelled adverts but far fewer in a
# real crawl, where a lower bar marked ordinary storefronts ("AIコラ依頼所") as minor risk and
# hid them from volunteers; a missed minor is still caught by the minor words and the floor.
MINOR_MIN_PRECISION = 0.95
SOURCES_NOT_TRAINED_ON = frozenset({"review"})


def _without_single_characters(features: dict[str, float]) -> dict[str, float]:
    return {k: v for k, v in features.items() if not _is_single_character(k)}


def _is_single_character(feature: str) -> bool:
    return feature.startswith(NGRAM_PREFIX) and len(feature) == len(NGRAM_PREFIX) + 1


def train_minor(
    features: list[dict[str, float]],
    rows: Sequence[LabelledRow],
    rule_minor: list[bool],
    *,
    c: float,
) -> LearnedModel | None:
    """The minor check, or None when the data has too few minor rows to fit one."""
    chosen = [
        i
        for i, row in enumerate(rows)
        if row.label == 1 and row.source not in SOURCES_NOT_TRAINED_ON
    ]
    labels = [int(bool(rows[i].minor)) for i in chosen]
    if min(sum(labels), len(labels) - sum(labels)) < CV_FOLDS:
        return None
    fitted = fit_and_pick(
        [_without_single_characters(features[i]) for i in chosen],
        labels,
        [rows[i].weight for i in chosen],
        [rows[i].source or "unnamed" for i in chosen],
        [rule_minor[i] for i in chosen],
        c=c,
        min_precision=MINOR_MIN_PRECISION,
    )
    meta = {
        "rows": len(chosen),
        "minor_rows": sum(labels),
        "min_precision": MINOR_MIN_PRECISION,
        "cv_precision": round(fitted.chosen.precision, 4),
        "cv_recall": round(fitted.chosen.recall, 4),
    }
    return LearnedModel(
        fitted.weights, fitted.bias, min(max(fitted.chosen.threshold, 0.01), 0.99), meta
    )
