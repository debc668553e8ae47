"""Symbols the key drops standing in for letters inside a name (normalize.py): T@n!sh@,
v@lentina oroz¢o, B!a. Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry
from crawler.detect.leetspeak import letters_read, symbols_as_letters

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


CYRILLIC_PEOPLE = [
    WatchlistEntry("Y03", "Милана Ворошилова", "", ("Мила Ворош",), "influencer"),
    WatchlistEntry("Y04", "渡部 玲央奈", "わたべ れおな", (), "announcer"),
]


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("М!ла В0р0ш — новые фейки 18+, кто понял, тот понял. Пишите в лс", "Y03"),
        ("Р3она Ват4бэ ИИ 18+, ссылка в профиле", "Y04"),  # a Japanese name in Cyrillic
    ],
)
def test_symbols_and_digits_inside_a_cyrillic_name_are_read_as_cyrillic(
    text: str, person: str
) -> None:
    assert person in Detector(CYRILLIC_PEOPLE).classify_text(text).people


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Р3она Ват4набэ", "Реона Ватанабэ"),
        ("М!ла, 500р, 18+", "Мила, 500р, 18+"),  # a price and an age stay as they are
    ],
)
def test_cyrillic_words_get_cyrillic_letters(text: str, expected: str) -> None:
    assert letters_read(text) == expected
