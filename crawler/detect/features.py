"""What the learned layer sees of one text.

Two kinds of feature, both cheap to compute from what the rule layer already built:

* ``g:<n-gram>`` — character 1- to 4-grams of the normalised key (lowercase, hiragana, no
  spaces or punctuation), with every watched name replaced by one placeholder character, so
  the model learns "⊙ちゃんの脱衣" and not the spelling of one person's name;
* ``r:<name>`` — the rule layer's evidence: family strengths, negative-context strengths,
  whether a watched name was found, and the rule score.

An n-gram that carried a decision is found again in the key (first_offsets), so it can be
shown on the original text like any other reason.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from crawler.detect.normalize import NormalizedText

NAME_PLACEHOLDER = "⊙"
NGRAM_SIZES = (1, 2, 3, 4)
# Texts longer than this contribute only their first part: the model sees posts, and a
# 200 kB page body must not cost 600,000 dictionary lookups.
MAX_MODEL_KEY_CHARS = 4_000
RULE_PREFIX = "r:"
NGRAM_PREFIX = "g:"
NEGATION_FEATURE = "r:negation"


@dataclass(frozen=True, slots=True)
class ModelInput:
    """The key the n-grams come from, where each key character came from, and rule features."""

    key: str
    key_index: tuple[int, ...]  # position in the key -> position in the NormalizedText key
    rules: Mapping[str, float]


def masked_key(
    norm: NormalizedText, name_spans: Iterable[tuple[int, int]]
) -> tuple[str, list[int]]:
    """The key with each watched-name span (original offsets) folded into one placeholder,
    and for each of its characters the position in the full key it came from."""
    key = norm.key[:MAX_MODEL_KEY_CHARS]
    spans = sorted(name_spans)
    if not spans:
        return key, list(range(len(key)))
    starts = norm.starts
    limit = len(key)
    pieces: list[str] = []
    index: list[int] = []
    cursor = 0
    for start, end in spans:
        # Key characters whose original offset lies inside [start, end) form one name.
        first = max(bisect_left(starts, start, 0, limit), cursor)
        last = bisect_left(starts, end, 0, limit)
        if first >= last:
            continue
        pieces.append(key[cursor:first])
        index.extend(range(cursor, first))
        pieces.append(NAME_PLACEHOLDER)
        index.append(first)
        cursor = last
    pieces.append(key[cursor:])
    index.extend(range(cursor, limit))
    return "".join(pieces), index


def ngrams(key: str) -> set[str]:
    """Each distinct 1- to 4-gram of the key (without the feature prefix)."""
    length = len(key)
    return {key[i : i + n] for n in NGRAM_SIZES for i in range(length - n + 1)}


def first_offsets(key: str, grams: Iterable[str]) -> dict[str, int]:
    """Where each of ``grams`` first occurs in ``key`` (for explaining a decision)."""
    return {gram: key.find(gram) for gram in grams}


def rule_features(
    strengths: Mapping[str, float],
    negative_strength: Mapping[str, float],
    *,
    has_name: bool,
    rule_score: float,
    negation: float,
) -> dict[str, float]:
    features: dict[str, float] = {
        f"{RULE_PREFIX}{family}": value for family, value in strengths.items() if value
    }
    features.update(
        {
            f"{RULE_PREFIX}neg:{family}": value
            for family, value in negative_strength.items()
            if value
        }
    )
    synthetic = strengths.get("synthetic", 0.0)
    sexual = strengths.get("sexual", 0.0)
    real = strengths.get("real_person", 0.0)
    commerce = strengths.get("commerce", 0.0)
    pairs = {
        "synthetic*sexual": synthetic * sexual,
        "synthetic*real": synthetic * real,
        "sexual*real": sexual * real,
        "sexual*commerce": sexual * commerce,
        "synthetic*commerce": synthetic * commerce,
    }
    features.update({f"{RULE_PREFIX}{k}": v for k, v in pairs.items() if v})
    if has_name:
        features[f"{RULE_PREFIX}name"] = 1.0
    if rule_score:
        features[f"{RULE_PREFIX}score"] = rule_score
    if negation:
        features[NEGATION_FEATURE] = negation
    return features


def training_features(model_input: ModelInput) -> dict[str, float]:
    """The sparse feature dict one text contributes to training (binary n-grams + rules)."""
    features: dict[str, float] = {NGRAM_PREFIX + g: 1.0 for g in ngrams(model_input.key)}
    features.update(model_input.rules)
    return features
