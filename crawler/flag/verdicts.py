"""A judgement made ready to store: every field the detections take, in their stored shape.

Turning a judgement into rows (each result's stored dict, each post's text digest, its
reasons packed) and writing the posts' detections was most of what the run's end spent per
account. So it is done where the judgement is made: in the store process while the crawl
runs (crawler/flag/prejudge.py), which keeps only the small `ReadyDetection`, and at the end
itself only for accounts judged late (crawler/flag/judge.py). What is left for the end is
writing account detections and flags, a chunk of accounts per statement.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from crawler.detect.results import AccountResult
from storage.findings import PartRef
from storage.findings.reason_packing import pack_reasons
from storage.models import Post


@dataclass(frozen=True, slots=True)
class PostVerdict:
    post_id: int
    part: str  # "post[3]", as the account's reasons name it
    text_sha256: str
    flagged: bool
    score: float
    minor_risk: bool
    people: list[str]
    reasons: list[Any]  # stored shape, as the detector listed them
    packed: list[Any]  # the same, packed as the row stores them


@dataclass(frozen=True, slots=True)
class AccountJudgement:
    """An account's verdict on the text whose digest it names, as either form below has it."""

    account_id: int
    text_sha256: str
    flagged: bool
    score: float
    minor_risk: bool
    people: list[str]
    reasons: list[Any]


@dataclass(frozen=True, slots=True)
class AccountVerdict(AccountJudgement):
    """As judged: `reasons` in the stored shape, each post's block still in place (with its
    part), and each post's own verdict."""

    posts: tuple[PostVerdict, ...]


def post_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def account_verdict(
    account_id: int,
    text_sha: str,
    posts: list[Post],
    post_texts: tuple[str, ...],
    judgement: AccountResult,
) -> AccountVerdict:
    """`posts` and `post_texts` in the order the judged text lists them."""
    found = judgement.to_dict()
    verdicts = []
    for index, (post, text) in enumerate(zip(posts, post_texts, strict=True)):
        part = judgement.parts.get(PartRef.post(index))
        if part is None:
            continue
        result = part.to_dict()
        verdicts.append(
            PostVerdict(
                post_id=post.id,
                part=str(PartRef.post(index)),
                text_sha256=post_digest(text),
                flagged=bool(result["flagged"]),
                score=float(result["score"]),
                minor_risk=bool(result["minor_risk"]),
                people=list(result["people"]),
                reasons=result["reasons"],
                packed=pack_reasons(result["reasons"]),
            )
        )
    return AccountVerdict(
        account_id=account_id,
        text_sha256=text_sha,
        flagged=bool(found["flagged"]),
        score=float(found["score"]),
        minor_risk=bool(found["minor_risk"]),
        people=list(found["people"]),
        reasons=found["reasons"],
        posts=tuple(verdicts),
    )


@dataclass(frozen=True, slots=True)
class ReadyDetection(AccountJudgement):
    """An account's detection row but for its run and time: its posts' detections are
    written, and `reasons` refer to them (compacted) and are packed, as the row stores them.
    Small: this is what judging during the crawl keeps until the run's end."""
