"""Everyday words of languages a Japanese-made tool rarely sees (Italian, Dutch, Polish,
Turkish, Tagalog, Malay, Hinglish, Arabic, Czech, Swedish, Russian, Ukrainian): offers,
minors and the harmless posts around them. Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry

PEOPLE = [WatchlistEntry("M01", "Giulia Ferrandi", "ジュリア・フェランディ", (), "streamer")]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    "text",
    [
        "Mandami una foto e te la restituisco spogliata, 10€ su PostePay",
        "Stuur een foto van je ex, ik maak haar naakt met AI, €10 via Tikkie",
        "Rozbiorę każdą fotkę, którą mi wyślesz. BLIK albo Revolut",
        "Hantar gambar sesiapa, saya buang baju guna AI, RM15, PM",
        "Skicka valfri bild så klär jag av personen med AI, Swisha 100 kr",
        "Svléknu jakoukoli fotku, co mi pošleš, 100 Kč",
    ],
)
def test_undressing_offers_in_more_languages_flag(detector: Detector, text: str) -> None:
    assert detector.classify_text(text).flagged


@pytest.mark.parametrize(
    "text",
    [
        "Foto di classe della terza media? Le trasformo in versioni spogliate, scrivimi",
        "Masz zdjęcia z wycieczki szkolnej po 8 klasie? Przerobię na rozbierane, pisz pw",
        "Gambar budak Tingkatan 3 pun boleh, saya edit jadi bogel. PM",
        "Skolfoton från åk 9 går bra, jag gör avklädda versioner. DMa",
    ],
)
def test_minor_offers_in_more_languages_flag_with_minor_risk(detector: Detector, text: str) -> None:
    result = detector.classify_text(text)
    assert result.flagged and result.minor_risk


@pytest.mark.parametrize(
    "text",
    [
        "Policja zatrzymała 22-latka, który sprzedawał fałszywe nagie zdjęcia streamerki",
        "Кіберполіція викрила жителя Львова, який продавав створені ШІ фейки",
        "Рисую 18+ арт, никаких реальных людей, только оригинальные персонажи, 300₽",
        "Prodám dětské oblečení po synovi, velikost 110, fotky v DM",
    ],
)
def test_news_fiction_and_shops_in_more_languages_do_not_flag(
    detector: Detector, text: str
) -> None:
    assert not detector.classify_text(text).flagged
