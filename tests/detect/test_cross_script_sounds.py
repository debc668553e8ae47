"""A short Latin or Cyrillic name written in the other script (cross_script_names.py): too
few consonants to be matched by them alone, so matched by its sounds, vowels kept.
Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry
from crawler.detect.cross_script_names import cyrillic_sounds, latin_sounds

PEOPLE = [
    WatchlistEntry("S01", "Oliwia Brzezicka", "", ("oliwkaa_tv",), "streamer"),
    WatchlistEntry("S02", "Ирина Лисова", "", (), "model"),
    WatchlistEntry("S03", "Emma Kruger", "", (), "singer"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [("Oliwia", "Олівію"), ("Brzezicka", "Бжезицьку"), ("Wiesława", "Вєслава")],
)
def test_a_name_and_its_transcription_in_another_case_sound_alike(
    latin: str, cyrillic: str
) -> None:
    assert latin_sounds(latin) == cyrillic_sounds(cyrillic)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Дівчина, схожа на Олівію Бжезицьку (не вона) ШІ голі фото, 10 шт за 250 грн", "S01"),
        ("Sprzedam nagie fotki AI Iriny Lisowej, 20 zł za paczkę, pisz na priv", "S02"),
    ],
)
def test_a_short_name_in_the_other_script_names_the_person(
    detector: Detector, text: str, person: str
) -> None:
    assert detector.classify_text(text).people == [person]


@pytest.mark.parametrize(
    "text",
    [
        # Same consonants as Oliwia Brzezicka (lv bsk), other vowels: not her.
        "Продам фото: Алуев Бусак, коллекция, 10 шт за 250 грн",
        # Same consonants as Emma Kruger, and other vowels.
        "ШІ голі фото Ема Кругар, пиши",
    ],
)
def test_other_vowels_in_a_short_name_name_no_one(detector: Detector, text: str) -> None:
    assert detector.classify_text(text).people == []
