"""An artist of invented characters who refuses lookalikes too ("geen lookalikes",
"lookalike bhi nahi") makes no lookalike claim (refused_names.py). Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry

PEOPLE = [WatchlistEntry("R01", "Yasmina El Kassar", "", ("Yasmina",), "singer")]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    "text",
    [
        "18+ AI-illustraties met alleen eigen personages, geen echte mensen en geen lookalikes. "
        "Verzoekjes via Ko-fi, €5 per maand",
        "NSFW commissions sirf OCs ke, koi real insaan ya celebrity nahi, Yasmina jaisi "
        "lookalike bhi nahi",
        "R18-beställningar bara på egna karaktärer. Inga riktiga personer, inga kändisar – "
        "inte heller lookalikes",
    ],
)
def test_a_refused_lookalike_in_a_fiction_only_offer_is_not_flagged(
    detector: Detector, text: str
) -> None:
    assert not detector.classify_text(text).flagged


@pytest.mark.parametrize(
    "text",
    [
        # The lookalike is offered, not refused: still a target.
        "Yasmina lookalike AI nudes, not her just similar, 10 pics $15, DM",
        # A disclaimer that does not refuse the lookalike it sells is no disclaimer.
        "No real people 😉 just a Yasmina lookalike, AI nude set, $15 in DM",
    ],
)
def test_a_lookalike_on_offer_still_flags(detector: Detector, text: str) -> None:
    assert detector.classify_text(text).flagged
