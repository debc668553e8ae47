"""Signal words from the DX and DY writers' splits: Romanian and Greek undressing offers,
nude as a colour in more languages, and a weak news cue that no longer lifts the minor
floor. Fictional text only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector([])


@pytest.mark.parametrize(
    "text",
    [
        "Scot hainele de pe orice poză, rezultat realist. 15 lei/poză, scrie-mi",
        "Bot de dezbrăcat poze: trimiți poza, o primești înapoi în câteva secunde. 5 lei",
        "Ξεγύμνωμα φωτογραφιών με AI, στείλε τη φωτό, 10€ η μία",
    ],
)
def test_an_undressing_offer_in_romanian_or_greek_flags(detector: Detector, text: str) -> None:
    assert detector.classify_text(text).flagged


@pytest.mark.parametrize(
    "text",
    [
        "Batom nude da nova coleção chegou, R$39,90",
        "Son màu nude này đẹp quá, giá 250k",
        "누드톤 립 추천해 주세요, 만원 이하로",
    ],
)
def test_nude_as_a_colour_is_no_sexual_word(detector: Detector, text: str) -> None:
    verdict = detector.classify_text(text)
    assert not any(r.family == "sexual" for r in verdict.reasons)


def test_a_district_in_a_request_does_not_lift_the_minor_floor(detector: Detector) -> None:
    verdict = detector.classify_text(
        "Class of 2027 girls from our district, who can do deepnude style edits? will pay"
    )
    assert verdict.flagged and verdict.minor_risk
