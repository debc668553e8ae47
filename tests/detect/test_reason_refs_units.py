"""Account reasons referring to post detections: compacting and expanding are exact."""

from __future__ import annotations

from storage.findings.reason_refs import (
    REF_KEY,
    compact_reasons,
    expand_reasons,
    referenced_ids,
)


def _reason(term: str, part: str | None = None) -> dict[str, object]:
    raw: dict[str, object] = {
        "family": "selling",
        "term": term,
        "matched": term,
        "start": 0,
        "end": len(term),
        "person_id": None,
    }
    if part is not None:
        raw["part"] = part
    return raw


POST0 = [_reason("リクエスト"), _reason("有料")]
POST1 = [_reason("販売")]
ACCOUNT = [
    _reason("AIコラ", "bio"),
    *(dict(r, part="post[0]") for r in POST0),
    *(dict(r, part="post[1]") for r in POST1),
]


def test_each_post_block_becomes_one_reference_and_expands_back_exactly():
    posts = {"post[0]": (10, POST0), "post[1]": (11, POST1)}
    compact = compact_reasons(ACCOUNT, posts)
    assert compact == [
        _reason("AIコラ", "bio"),
        {"part": "post[0]", REF_KEY: 10},
        {"part": "post[1]", REF_KEY: 11},
    ]
    assert referenced_ids(compact) == {10, 11}
    assert expand_reasons(compact, {10: POST0, 11: POST1}) == ACCOUNT


def test_a_post_detection_that_says_something_else_is_not_referred_to():
    # The post's stored detection is older (another detector version): its reasons differ,
    # so the account keeps its own copy.
    posts = {"post[0]": (10, POST0[:1]), "post[1]": (11, POST1)}
    compact = compact_reasons(ACCOUNT, posts)
    assert compact[:3] == ACCOUNT[:3]
    assert compact[3] == {"part": "post[1]", REF_KEY: 11}


def test_a_post_without_reasons_and_a_missing_target_change_nothing():
    assert compact_reasons(ACCOUNT, {"post[0]": (10, [])}) == ACCOUNT
    dangling = [{"part": "post[0]", REF_KEY: 99}]
    assert expand_reasons(dangling, {}) == dangling
    assert expand_reasons(ACCOUNT, {}) == ACCOUNT
