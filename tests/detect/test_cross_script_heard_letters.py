"""Latin letters other scripts do not hear (cross_script_names.py): an English W a Russian
or Arabic writer hears as a vowel, a French name's silent last consonant. Fictional people
only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry

PEOPLE = [
    WatchlistEntry("H01", "Delphine Whitmore", "", (), "streamer"),
    WatchlistEntry("H02", "Margaux Delacroix", "", (), "actress"),
    WatchlistEntry("H03", "Wanda Kowalczyk", "", (), "athlete"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Дельфина Уитмор 🔞 нейросеть раздела, 200 р/кадр, в лс", "H01"),
        ("Дельфина Витмор 🔞 нейросеть раздела, 200 р/кадр, в лс", "H01"),
        ("مارغو ديلاكروا صور +18 بالذكاء الاصطناعي للبيع", "H02"),
        ("Марго Делакруа без одежды, ИИ фото, 10 шт за 300 р", "H02"),
        ("Ванда Ковальчик ШІ голі фото, 10 шт за 250 грн", "H03"),
    ],
)
def test_a_name_is_found_as_other_scripts_hear_it(
    detector: Detector, text: str, person: str
) -> None:
    assert person in detector.classify_text(text).people


def test_the_heard_family_name_alone_with_another_given_name_names_no_one(
    detector: Detector,
) -> None:
    # The variants are of the whole name: the family name as heard, beside a different
    # given name, is someone else.
    verdict = detector.classify_text("Ирина Уитмор 🔞 нейросеть раздела, 200 р/кадр")
    assert "H01" not in verdict.people
