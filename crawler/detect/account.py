"""Judging one account from all its parts together: "requests open" in the bio plus a post
naming a person is a storefront even if no single part says it all."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from crawler.detect.results import AccountResult, TextResult
from crawler.detect.score import HEAVY_NEGATION, Evidence, decide
from storage.findings import AccountText, PartRef
from storage.findings.reasons import PLAN

MAX_ACCOUNT_REASONS = 1000
# What says whom or what the pictures show. A priced plan with none of it ("R18プラン 月額
# 3000円") is any adult creator's own tier: it flags no account on its own, though its words
# still count with the bio's and the posts' below.
_TARGET_FAMILIES = ("synthetic", "real_person", "minor")


def _flags_alone(ref: PartRef, result: TextResult) -> bool:
    if ref.kind != PLAN:
        return True
    strengths = result.evidence.strengths
    return bool(result.people) or any(strengths.get(f, 0.0) for f in _TARGET_FAMILIES)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def judge_account(
    account: AccountText, classify_text: Callable[[str], TextResult]
) -> AccountResult:
    """Each part classified on its own, then the strongest evidence of each family across
    parts decides, with the damping of the name and bio only."""
    parts: dict[PartRef, TextResult] = {ref: classify_text(text) for ref, text in account.parts()}
    combined: dict[str, float] = {}
    for result in parts.values():
        if result.evidence.negation >= HEAVY_NEGATION:
            continue  # a news quote or warning post says nothing about what the account sells
        for family, strength in result.evidence.strengths.items():
            combined[family] = max(combined.get(family, 0.0), strength)
    identity = [result for ref, result in parts.items() if ref.index is None]  # name, bio
    identity_negation = max(r.evidence.negation for r in identity)
    verdict = decide(Evidence(combined, identity_negation))
    alone = [result for ref, result in parts.items() if _flags_alone(ref, result)]
    score = max(verdict.score, max((r.score for r in alone), default=0.0))
    reasons = [r.in_part(ref) for ref, result in parts.items() for r in result.reasons]
    return AccountResult(
        flagged=verdict.flagged or any(r.flagged for r in alone),
        score=round(score, 4),
        people=_unique(p for r in parts.values() for p in r.people),
        minor_risk=verdict.minor_risk or any(r.minor_risk for r in parts.values()),
        reasons=reasons[:MAX_ACCOUNT_REASONS],
        evidence=Evidence(combined, identity_negation),
        parts=parts,
    )
