"""Two forms fans give a name: a Korean name with the affectionate 이 written as it is said
(하리니 for 하린이, hangul.py and name_views.py), and Brazilian -zinha on a short name
(Larizinha, european_diminutives.py). Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry
from crawler.detect.hangul import spoken_name_undone

PEOPLE = [
    WatchlistEntry("K01", "도하린", "", ("Do Ha-rin", "하린"), "idol"),
    WatchlistEntry("K02", "남궁예린", "", ("Namgung Yerin",), "idol"),
    WatchlistEntry("K03", "서지민", "", ("Seo Jimin",), "singer"),
    WatchlistEntry("P01", "Larissa Quintanilha", "", ("Lari Quintanilha",), "influencer"),
    WatchlistEntry("P02", "Ana Beatriz Fontelles", "", ("Bia Fontelles",), "athlete"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


def test_the_spoken_syllables_are_read_back() -> None:
    assert spoken_name_undone("리", "니") == ("린", "이")
    assert spoken_name_undone("미", "니") == ("민", "이")
    assert spoken_name_undone("하", "이") is None  # 이 itself: nothing moved across
    assert spoken_name_undone("린", "이") is None  # already written apart
    assert spoken_name_undone("리", "나") is None  # only 이 takes a name's last consonant


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("하리니 딥페이크 새로 올림 ㅎㅎ 구독자만 열람 가능, 구독 월 만원", "K01"),
        ("예리니랑 다른 멤버 딥페 합성 들어옴, 장당 3천", "K02"),
        ("지미니가 나오는 AI 누드 합성 팝니다 텔레 문의", "K03"),
        ("Larizinha (the brazilian fitness girl) lewd AI set, 15 bucks, venmo me", "P01"),
        ("Pacote nudes IA da Biazinha 30 fotos, R$25 no pix", "P02"),
    ],
)
def test_the_fans_form_names_the_person(detector: Detector, text: str, person: str) -> None:
    assert detector.classify_text(text).people == [person]


@pytest.mark.parametrize(
    "text",
    [
        "비키니 딥페이크 합성 팝니다",  # a bikini, not 빅인 + 이
        "하리니까 딥페이크 합성 팝니다",  # 하리니까 ("since it does") goes on: no name ends there
        "Larizinha deixou o cachorro comigo hoje, que fofura",  # no word about fakes or selling
    ],
)
def test_words_that_only_look_so_name_no_one(detector: Detector, text: str) -> None:
    assert detector.classify_text(text).people == []
