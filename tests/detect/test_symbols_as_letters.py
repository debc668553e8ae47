"""Symbols the key drops standing in for letters inside a name (normalize.py): T@n!sh@,
v@lentina oroz¢o, B!a. Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry
from crawler.detect.leetspeak import symbols_as_letters

PEOPLE = [
    WatchlistEntry("Y01", "Tamsin Rhodewell", "", (), "model"),
    WatchlistEntry("Y02", "Valeska Orozmendi", "", (), "actress"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("T@ms!n 🔞 AI edits, samajhne wale samajh gaye 😉 DM", "Y01"),
        ("v@leska oroz¢endi deepfake xxx, pedidos por privado", "Y02"),
        ("T@msin Rh0d3w3ll nude AI set, $10", "Y01"),
    ],
)
def test_a_name_with_symbols_for_letters_names_her(
    detector: Detector, text: str, person: str
) -> None:
    assert person in detector.classify_text(text).people


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("T@n!sh@ wow!", "Tanisha wow!"),
        ("@tamsin follow me!", "@tamsin follow me!"),  # a handle, an exclamation
        ("r18 $20 set", "r18 $20 set"),
    ],
)
def test_only_symbols_between_letters_are_read(text: str, expected: str) -> None:
    assert symbols_as_letters(text) == expected


def test_the_view_keeps_the_texts_offsets(detector: Detector) -> None:
    text = "new: T@ms!n AI nude set"
    verdict = detector.classify_text(text)
    person = next(r for r in verdict.reasons if r.person_id == "Y01")
    assert text[person.start : person.end] == "T@ms!n"
