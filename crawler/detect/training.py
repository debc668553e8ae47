"""Fit the learned layer: labelled rows in, a LearnedModel out.

Rows come from the labelled data shipped in crawler/detect/data/ (see its README: written apart
from the rules) and from reviewers' decisions in the store (crawler/flag/decisions.py). Each
row is featurised by a rules-only detector built with the watchlist that row was written for,
so the model learns "⊙ + undressing verb + price", not the spelling of one person's name.
Fitting and the threshold (picked with one writer left out per fold) are in fitting.py; the
model's minor check is trained beside it (training_minor.py). The held-back split never
takes part.
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
from crawler.detect.features import training_features
from crawler.detect.fitting import CV_FOLDS, CurvePoint, fit_and_pick
from crawler.detect.learned import LearnedModel
from crawler.detect.training_minor import train_minor
from crawler.detect.watchlist import WatchlistEntry, load_watchlist_csv

DATA_DIR = Path(__file__).with_name("data")
# Splits that training reads: the shared dev split and every train*.jsonl (each written by
# its own writer, see data/README.md). The held-back splits are never read by training.
HOLDOUT_SPLIT = "holdout"
# Every held-back split, each by a writer of its own: retraining is judged on all of them.
HELD_BACK_SPLITS = (
    HOLDOUT_SPLIT,
    "holdout2",
    "holdout3",
    "holdout4",
    "holdout5",
    "holdout6",
    "holdout7",
    "holdout8",
    "holdout9",
    "holdout10",
    "holdout11",
    "holdout12",
    "holdout13",
    "holdout14",
    "holdout15",
    "holdout16",
    "holdout17",
    "holdout18",
    "holdout19",
    "holdout20",
    "holdout21",
    "holdout22",
    "holdout23",
    "holdout24",
    "holdout25",
)
DEFAULT_C = 0.5
# The target is 0.97 on text nobody tuned on; leave-one-writer-out precision estimates it
# for a new writer, and a margin covers that estimate's own noise: at 0.975 the 4,800-line
# model flagged a dry cleaner's 制服 offer with minor risk, and at 0.98 the 6,760-line one a
# lone "AI生成のR18画像を毎週更新しています" that names no one (docs/benchmarks.md).
DEFAULT_MIN_PRECISION = 0.9825


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
class TrainingReport:
    rows: int
    positives: int
    by_source: dict[str, int]
    features: int
    threshold: float
    cv_precision: float
    cv_recall: float
    curve: list[CurvePoint] = field(default_factory=list)
    minor_threshold: float | None = None
    minor_cv_recall: float | None = None


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


@dataclass(slots=True)
class Featurised:
    """Every row's features and what the word rules (with the minor floor) say of it: the
    learned layer and its minor check only add to the rules, so thresholds are picked on
    the union."""

    features: list[dict[str, float]]
    rows: list[LabelledRow]
    rule_flags: list[bool]
    rule_minor: list[bool]


def featurise(sets: Iterable[LabelledSet]) -> Featurised:
    out = Featurised([], [], [], [])
    signals_only = Detector([], model=None)
    for labelled in sets:
        rules_only = signals_only.with_watchlist(labelled.watchlist)
        for row in labelled.rows:
            outcome = rules_only.rules_outcome(row.text)
            out.features.append(training_features(outcome.model_input))
            out.rule_flags.append(outcome.flagged)
            out.rule_minor.append(outcome.minor_risk)
            out.rows.append(row)
    return out


def train(
    sets: Sequence[LabelledSet],
    *,
    c: float = DEFAULT_C,
    min_precision: float = DEFAULT_MIN_PRECISION,
    signals_digest: str = "",
) -> tuple[LearnedModel, TrainingReport]:
    data = featurise(sets)
    rows = data.rows
    labels = [row.label for row in rows]
    if len(set(labels)) < 2 or min(Counter(labels).values()) < CV_FOLDS:
        raise ValueError(
            f"need at least {CV_FOLDS} positive and {CV_FOLDS} negative rows to train, "
            f"have {sum(labels)} and {len(labels) - sum(labels)}"
        )
    fitted = fit_and_pick(
        data.features,
        labels,
        [row.weight for row in rows],
        [row.source or "unnamed" for row in rows],
        data.rule_flags,
        c=c,
        min_precision=min_precision,
    )
    chosen = fitted.chosen
    minor = train_minor(data.features, rows, data.rule_minor, c=c)
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
        [fitted.weights, fitted.bias, chosen.threshold, minor.to_dict() if minor else None],
        sort_keys=True,
    )
    meta: dict[str, Any] = {
        "digest": hashlib.sha256(digest_source.encode()).hexdigest()[:16],
        "signals_digest": signals_digest,
        "trained": trained,
    }
    model = LearnedModel(
        fitted.weights, fitted.bias, min(max(chosen.threshold, 0.01), 0.99), meta, minor=minor
    )
    report = TrainingReport(
        rows=len(rows),
        positives=sum(labels),
        by_source=by_source,
        features=len(fitted.weights),
        threshold=model.threshold,
        cv_precision=chosen.precision,
        cv_recall=chosen.recall,
        curve=fitted.curve,
        minor_threshold=minor.threshold if minor else None,
        minor_cv_recall=float(minor.meta.get("cv_recall", 0.0)) if minor else None,
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
