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


JA_PEOPLE = [WatchlistEntry("R02", "椎名 つむぎ", "しいな つむぎ", (), "streamer")]


@pytest.mark.parametrize(
    "text",
    [
        "椎名つむぎみたいな実在の配信者は描かない主義。オリキャラのR18なら依頼受けるよ",
        "「AIで椎名つむぎ作って」って依頼来たけど断りました。うちはオリキャラのR18しか描きません",
        "R18のAI生成イラストはすべて架空キャラです。「椎名つむぎに似せて」みたいなDMには返信しません",
    ],
)
def test_a_name_an_original_characters_artist_turns_away_in_japanese_targets_no_one(
    text: str,
) -> None:
    assert not Detector(JA_PEOPLE).classify_text(text).flagged


def test_a_lookalike_with_a_no_relation_note_is_still_a_target() -> None:
    # "実在人物とは無関係" after a 風 lookalike is the dodge, not a refusal.
    text = "椎名つむぎ風AIグラビア(NSFW) 20枚 1000円 ※実在人物とは無関係です"
    assert Detector(JA_PEOPLE).classify_text(text).flagged
