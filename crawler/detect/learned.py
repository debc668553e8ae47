"""The learned layer: a logistic regression over n-grams and rule evidence, scored in pure Python.

Training uses scikit-learn (crawler/detect/training.py); what it learns is written out as a
plain JSON table of feature weights, so classifying a text needs no scikit-learn, costs a few
dictionary lookups per character, and every decision can list the features that carried it.

A model file looks like::

    {"format": "mimamori-learned/1", "bias": -1.3, "threshold": 0.42,
     "weights": {"g:脱が": 1.1, "r:synthetic*sexual": 2.0, ...},
     "signals_digest": "...", "trained": {...}, "scores": {...}}

``threshold`` is the probability at which a text is flagged; ``score`` maps it to 0.5 so the
rest of mimamori (review queue, flags) keeps one meaning of "at or above 0.5 is flagged".
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from array import array
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

import ahocorasick

from crawler.detect.features import (
    NEGATION_FEATURE,
    NGRAM_PREFIX,
    RULE_PREFIX,
    ModelInput,
    first_offsets,
    ngrams,
)

MODEL_FORMAT = "mimamori-learned/1"
_TABLE_KEYS = frozenset({"weights", "bias", "threshold", "minor"})
_SECOND = itemgetter(1)
SHIPPED_MODEL_PATH = Path(__file__).with_name("model") / "shipped.json"
INSTALLED_MODEL_DIR = "detector"
# Features whose weight is smaller than this are left out of the explanation.
EXPLAIN_MIN_WEIGHT = 0.25
EXPLAIN_MAX_NGRAMS = 6


class ModelFileError(ValueError):
    """A model file cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True, slots=True)
class Contribution:
    feature: str  # "g:<n-gram>" or "r:<rule feature>"
    weight: float  # what it added to the log-odds
    key_offset: int = -1  # n-grams: where in the model key it first occurs


@dataclass(frozen=True, slots=True)
class LearnedVerdict:
    probability: float
    score: float  # threshold mapped to 0.5
    flagged: bool
    rules_logit: float = 0.0
    ngrams_logit: float = 0.0
    # The model's n-grams found in the text, as ids into the model's n-gram table.
    grams: frozenset[int] = frozenset()


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1.0 - p))


class LearnedModel:
    def __init__(
        self,
        weights: dict[str, float],
        bias: float,
        threshold: float,
        meta: dict[str, Any] | None = None,
        minor: LearnedModel | None = None,
    ) -> None:
        """``minor``: the minor check (training_minor.py), a model of its own scored on the
        same input, which only adds minor risk to flagged texts."""
        if not 0.0 < threshold < 1.0:
            raise ModelFileError(f"threshold must be between 0 and 1, not {threshold}")
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
        self.meta = dict(meta or {})
        self.minor = minor
        self._threshold_logit = _logit(threshold)
        self._rule_weights = {k: v for k, v in weights.items() if k.startswith(RULE_PREFIX)}
        # Scoring finds the model's n-grams in one pass of an Aho-Corasick automaton (C code)
        # instead of slicing and hashing every n-gram of the text.
        self._ngram_weights = {
            k[len(NGRAM_PREFIX) :]: v for k, v in weights.items() if k.startswith(NGRAM_PREFIX)
        }
        # The minor check's n-grams share the automaton, so a flagged text is scanned once
        # for both. Payloads are small ints: a set of them hashes faster than of tuples.
        minor_weights = minor._ngram_weights if minor is not None else {}
        table = sorted(self._ngram_weights.keys() | minor_weights.keys())
        # Flat arrays of doubles, not lists of float objects: a text's n-grams are spread
        # over the whole table, and between two texts the rest of the detector pushes it out
        # of the CPU cache; one contiguous block misses far less (about 8% of classify).
        self._gram_weight = array("d", [self._ngram_weights.get(g, 0.0) for g in table])
        self._gram_minor_weight = array("d", [minor_weights.get(g, 0.0) for g in table])
        self._automaton = ahocorasick.Automaton()
        for index, gram in enumerate(table):
            self._automaton.add_word(gram, index)
        self._automaton_empty = not (self._ngram_weights or minor_weights)
        if not self._automaton_empty:
            self._automaton.make_automaton()

    # -- files ---------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path) -> LearnedModel:
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelFileError(f"{path}: cannot read the model file: {exc}") from exc
        if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
            raise ModelFileError(f"{path}: not a mimamori model (format {MODEL_FORMAT} expected)")
        minor = data.get("minor")
        if minor is not None and not isinstance(minor, dict):
            raise ModelFileError(f"{path}: `minor` must be a model table")
        return cls.from_dict(data, path, minor=cls.from_dict(minor, path) if minor else None)

    @classmethod
    def from_dict(
        cls, data: dict[str, Any], path: str | Path = "model", minor: LearnedModel | None = None
    ) -> LearnedModel:
        """A model table without a file of its own (the minor check inside a model file)."""
        weights = data.get("weights")
        if not isinstance(weights, dict) or not all(
            isinstance(k, str) and isinstance(v, int | float) for k, v in weights.items()
        ):
            raise ModelFileError(f"{path}: `weights` must map feature names to numbers")
        try:
            bias, threshold = float(data["bias"]), float(data["threshold"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelFileError(f"{path}: `bias` and `threshold` must be numbers") from exc
        meta = {k: v for k, v in data.items() if k not in _TABLE_KEYS}
        return cls({k: float(v) for k, v in weights.items()}, bias, threshold, meta, minor)

    def to_dict(self) -> dict[str, Any]:
        table = {
            **self.meta,
            "format": MODEL_FORMAT,
            "bias": self.bias,
            "threshold": self.threshold,
            "weights": dict(sorted(self.weights.items())),
        }
        if self.minor is not None:
            table["minor"] = self.minor.to_dict()
        return table

    def save(self, path: str | Path) -> None:
        """Write atomically: a crawl starting meanwhile reads the old file or the new one."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".model-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(self.to_dict(), handle, ensure_ascii=False, indent=0, sort_keys=False)
        os.replace(tmp, path)

    @property
    def digest(self) -> str:
        return str(self.meta.get("digest") or "")

    # -- scoring -------------------------------------------------------------
    def judge(self, model_input: ModelInput) -> LearnedVerdict:
        """The probability; contributions are worked out only by ``explain``, for flags."""
        found: frozenset[int] = frozenset()
        if not self._automaton_empty and model_input.key:
            # Binary features: an n-gram counts once however often it occurs.
            found = frozenset(map(_SECOND, self._automaton.iter(model_input.key)))
        return self._verdict(model_input, sum(map(self._gram_weight.__getitem__, found)), found)

    def judge_minor(self, model_input: ModelInput, judged: LearnedVerdict) -> LearnedVerdict | None:
        """The minor check's verdict on a text this model judged (None without a check)."""
        if self.minor is None:
            return None
        minor_logit = sum(map(self._gram_minor_weight.__getitem__, judged.grams))
        return self.minor._verdict(model_input, minor_logit, judged.grams)

    def _verdict(
        self,
        model_input: ModelInput,
        ngrams_logit: float,
        grams: frozenset[int],
    ) -> LearnedVerdict:
        rule_weights = self._rule_weights
        rules_logit = 0.0
        for name, value in model_input.rules.items():
            weight = rule_weights.get(name)
            if weight is not None:
                rules_logit += weight * value
        logit = self.bias + ngrams_logit + rules_logit
        probability = _sigmoid(logit)
        negation = model_input.rules.get(NEGATION_FEATURE, 0.0)
        if negation:
            # A news report or warning damps the learned layer as it damps the rules: the
            # phrases of an advert quoted in a warning are still the phrases of an advert.
            probability *= 1.0 - negation
            logit = _logit(probability)
        # Positional: a dataclass __init__ called with keywords costs about 1 us more here.
        return LearnedVerdict(
            probability,  # probability
            _sigmoid(logit - self._threshold_logit),  # score
            probability >= self.threshold,  # flagged
            rules_logit,
            ngrams_logit,
            grams,
        )

    def explain(self, model_input: ModelInput) -> list[Contribution]:
        """Every feature of this text that has a weight, and where each n-gram first occurs."""
        weights = self._ngram_weights
        found = [g for g in ngrams(model_input.key) if g in weights]
        contributions = [
            Contribution(NGRAM_PREFIX + g, weights[g], offset)
            for g, offset in first_offsets(model_input.key, found).items()
        ]
        for name, value in model_input.rules.items():
            weight = self._rule_weights.get(name)
            if weight is not None and value:
                contributions.append(Contribution(name, weight * value))
        return contributions


def top_ngrams(contributions: list[Contribution], positive: bool = True) -> list[Contribution]:
    """The n-grams that pushed hardest towards (or, with positive=False, away from) a flag."""
    sign = 1.0 if positive else -1.0
    chosen = [
        c for c in contributions if c.key_offset >= 0 and sign * c.weight >= EXPLAIN_MIN_WEIGHT
    ]
    # Ties in weight are common (gir, girl): broken by place and length, not by the order
    # of a set of strings, which changes from one process to the next.
    chosen.sort(key=lambda c: (-sign * c.weight, c.key_offset, -len(c.feature), c.feature))
    return chosen[:EXPLAIN_MAX_NGRAMS]


def load_model(path: str | Path | None) -> LearnedModel:
    return LearnedModel.load(path if path is not None else SHIPPED_MODEL_PATH)


def installed_model_path(data_dir: str | Path) -> Path:
    """Where `mimamori detector retrain` installs a model for one data dir."""
    return Path(data_dir) / INSTALLED_MODEL_DIR / "model.json"


def active_model(data_dir: str | Path | None) -> tuple[LearnedModel, str]:
    """The model a data dir uses (the one `retrain` installed, else the shipped one), and
    where it came from."""
    if data_dir is not None:
        path = installed_model_path(data_dir)
        if path.exists():
            return load_model(path), str(path)
    return load_model(None), "shipped"
