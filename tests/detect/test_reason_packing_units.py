"""Packed reasons: one entry per word with its places, unpacked to the very same list."""

from __future__ import annotations

from storage.findings.reason_packing import PLACES_KEY, pack_reasons, unpack_reasons


def _reason(term: str, start: int | None, part: str | None = None) -> dict[str, object]:
    raw: dict[str, object] = {
        "family": "fictional",
        "term": term,
        "matched": term,
        "start": start,
        "end": None if start is None else start + len(term),
        "person_id": None,
    }
    if part is not None:
        raw["part"] = part
    return raw


# Two words repeated and interleaved, a reference and a partial hand-made reason among them.
STORED = [
    _reason("オリジナルキャラ", 15, "bio"),
    _reason("イラスト", 27, "bio"),
    {"part": "post[0]", "reasons_of": 7},
    _reason("オリジナルキャラ", 40, "bio"),
    {"family": "other", "term": "x"},
    _reason("イラスト", 52, "bio"),
    _reason("イラスト", None),
]


def test_repeated_words_are_stored_once_and_unpack_to_the_same_list_in_order():
    packed = pack_reasons(STORED)
    entries = [e for e in packed if PLACES_KEY in e]
    assert [(e["term"], len(e[PLACES_KEY])) for e in entries] == [
        ("オリジナルキャラ", 2),
        ("イラスト", 2),
        ("イラスト", 1),
    ]
    assert len(packed) == 5
    assert unpack_reasons(packed) == STORED
    assert len(str(packed)) < len(str(STORED))


def test_lists_stored_before_packing_read_unchanged():
    assert unpack_reasons(STORED) == STORED
    assert unpack_reasons(None) == []
    assert pack_reasons([]) == []
