"""A given name cut short with the family initial (cut_given_names.py): Cami N., Xime C.
Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry

PEOPLE = [
    WatchlistEntry("G01", "Camila Nogueira", "", (), "model"),
    WatchlistEntry("G02", "Ximena Cárdenas", "", (), "announcer"),
    WatchlistEntry("G03", "Maëlys Garnier-Rouet", "", ("Maëlys Garnier",), "influencer"),
    WatchlistEntry("G04", "Anastasia Moreau", "", (), "singer"),
    WatchlistEntry("G05", "Camille Navarro", "", (), "actress"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Xime C. (the weather girl) deepfake request, $30, need it by friday", "G02"),
        ("Deepfakes nus de Maë G. (l'influenceuse), sur commande, paiement en crypto", "G03"),
        ("alguém faz nude com IA da Camil N.? pago no pix", None),  # Camila and Camille
    ],
)
def test_a_cut_given_name_with_the_family_initial(
    detector: Detector, text: str, person: str | None
) -> None:
    assert detector.classify_text(text).people == ([person] if person else [])


@pytest.mark.parametrize(
    "text",
    [
        "Ana M. deepfake nudes, DM",  # Ana is a name of its own, not a cut of Anastasia
        "Xime C deepfake request, $30",  # no dot: not written as an initial
        "Xime C. is my cat, she loves her old toys",  # no word about fakes or selling
    ],
)
def test_other_cuts_name_no_one(detector: Detector, text: str) -> None:
    assert detector.classify_text(text).people == []
