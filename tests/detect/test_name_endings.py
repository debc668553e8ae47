"""A Latin name part with another ending (name_endings.py): cases, possessives and pet
suffixes of the languages posts are written in. Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry
from crawler.detect.name_endings import fits

PEOPLE = [
    WatchlistEntry("E01", "Giulia Ferrandi", "", (), "actress"),
    WatchlistEntry("E02", "Klára Voříšková", "", (), "athlete"),
    WatchlistEntry("E03", "Zofia Wierzbięta", "", (), "singer"),
    WatchlistEntry("E04", "Defne Akbaşoğlu", "", (), "actress"),
    WatchlistEntry("E05", "Femke van Oosterhout", "", (), "singer"),
    WatchlistEntry("E06", "Lena Bitten", "", (), "presenter"),
    WatchlistEntry("E07", "Maria Sandoval", "", (), "model"),
    WatchlistEntry("E08", "Mariana Quiroga", "", (), "model"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("novità 🔥 la 'Ferrandina' spogliate dall'AI, solo per abbonati premium", "E01"),
        (">>34 má někdo ty AI fotky K. Voriskovy? ty tenistky, koupim", "E02"),
        ("Robię AI nagie fotki Zosi Wierzbięty na zamówienie, 30 zł sztuka", "E03"),
        ("akbasoglunun deepfake ciplak videosu elimde, ozelden yazin", "E04"),
    ],
)
def test_a_name_part_with_its_languages_ending_names_the_person(
    detector: Detector, text: str, person: str
) -> None:
    assert detector.classify_text(text).people == [person]


@pytest.mark.parametrize(
    "text",
    [
        "Ferrandina è una bella città, ci torno a Pasqua",  # no signal word
        "Die Nacktbilder sind KI-Fakes. Bitte melden statt teilen!",  # Bitte: Bitten cut short
        "Mariann AI nudes, dm",  # fits Maria and Mariana: two people, so neither
    ],
)
def test_other_words_and_shared_stems_name_no_one(detector: Detector, text: str) -> None:
    assert detector.classify_text(text).people == []


def test_what_fits() -> None:
    assert fits("wierzbiety", "wierzbieta")  # the last letter changed
    assert fits("akbasoglunun", "akbasoglu")  # three letters added
    assert not fits("bitte", "bitten")  # shorter than the part
    assert not fits("mendoncas", "mendonca")  # a plural or genitive -s: a family
    assert not fits("tessalina", "tessa")  # four letters after the whole part: a name
    assert not fits("sandovalerianos", "sandoval")  # seven letters added
    assert not fits("sandwich", "sandoval")  # only three letters kept


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Соломійка 🎤 але вже 18+ (нейромережа), пак готовий, пишіть", "Соломія Ткачук"),
        (">>41 так, маю й Вершиніну, ту стрімерку. фейки без одягу по 40 грн", "Алиса Вершинина"),
    ],
)
def test_a_cyrillic_name_with_another_ending_and_ukrainian_letters(text: str, name: str) -> None:
    detector = Detector([WatchlistEntry("C01", name, "", (), "singer")])
    assert detector.classify_text(text).people == ["C01"]
    assert (
        Detector([WatchlistEntry("C01", name, "", (), "singer")])
        .classify_text("Соломійка і Вершиніну")
        .people
        == []
    )  # no signal word
