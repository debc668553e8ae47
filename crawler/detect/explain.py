"""The learned layer's part of a flag, as reasons a reviewer can read: its probability against
the threshold, how much the word rules and the phrases each added, and the phrases themselves
marked on the original text."""

from __future__ import annotations

from crawler.detect.features import ModelInput
from crawler.detect.learned import LearnedModel, LearnedVerdict, top_ngrams
from crawler.detect.normalize import NormalizedText
from storage.findings import Reason

# Learned phrases shorter than this are left out of a flag's explanation.
MIN_PHRASE_CHARS = 3
# What each check's summary reason says it decided.
LEARNED_FLAG = ("learned check", "flags from")
LEARNED_MINOR = ("learned minor check", "may involve a minor from")
LEARNED_VETO = ("learned check", "overrules the word rules below")


def _phrase_spans(
    model: LearnedModel, model_input: ModelInput, positive: bool = True
) -> list[tuple[int, int, float]]:
    """Key spans of the heaviest n-grams (towards a flag, or with positive=False away from
    it); overlapping ones (脱が, 脱がせ, がせま) read as one phrase on the page, with their
    weights added."""
    spans: list[list[float]] = []
    chosen = top_ngrams(model.explain(model_input), positive)
    for c in sorted(chosen, key=lambda c: c.key_offset):
        start, end = c.key_offset, c.key_offset + len(c.feature) - 2
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
            spans[-1][2] += c.weight
        else:
            spans.append([start, end, c.weight])
    return [(int(start), int(end), weight) for start, end, weight in spans]


def learned_reasons(
    model: LearnedModel,
    norm: NormalizedText,
    model_input: ModelInput,
    learned: LearnedVerdict,
    check: tuple[str, str] = LEARNED_FLAG,
    positive: bool = True,
    cut: float | None = None,
) -> list[Reason]:
    """``cut``: the probability the check is weighed against, if not the model's threshold
    (the overrule's 0.05)."""
    name, decides = check
    cut = model.threshold if cut is None else cut
    reasons = [
        Reason(
            "decision",
            f"{name} {learned.probability:.2f}, {decides} {cut:.2f} "
            f"(word rules {learned.rules_logit:+.1f}, phrases {learned.ngrams_logit:+.1f})",
            "",
            0,
            0,
        )
    ]
    index, original = model_input.key_index, norm.original
    for start, end, weight in _phrase_spans(model, model_input, positive):
        if end - start < MIN_PHRASE_CHARS:
            continue  # "だけ", "ok": true to the model, no help to a reviewer
        o_start, o_end = norm.starts[index[start]], norm.ends[index[end - 1]]
        matched = original[o_start:o_end]
        reasons.append(Reason("learned", f"{matched} ({weight:+.1f})", matched, o_start, o_end))
    return reasons


def overrule_reasons(
    model: LearnedModel,
    norm: NormalizedText,
    model_input: ModelInput,
    learned: LearnedVerdict,
    cut: float,
) -> list[Reason]:
    """Why the learned layer overruled a word-rule flag: its probability below ``cut``, and
    the phrases that weighed against a flag."""
    return learned_reasons(model, norm, model_input, learned, LEARNED_VETO, False, cut)
