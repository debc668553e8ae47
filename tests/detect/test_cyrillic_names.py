"""Japanese names written in Cyrillic by Russian and Ukrainian posts, in Polivanov's system
and the popular one, declined as a sentence needs. Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry

PEOPLE = [
    WatchlistEntry("C01", "髙橋 芹奈", "たかはし せりな", (), "idol"),
    WatchlistEntry("C02", "大野 凛花", "おおの りんか", (), "streamer"),
    WatchlistEntry("C03", "西園寺 透子", "さいおんじ とうこ", (), "actress"),
    WatchlistEntry("C04", "津田 絢音", "つだ あやね", (), "streamer"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Продаю дипфейк-ню стримерши Оно Ринка, пак 30 фото — 500 ₽", "C02"),
        ("Дипфейк Сайондзи Токо 18+, пишите в лс", "C03"),
        ("Ню-дипфейки Такахаши Серины, 300 ₽", "C01"),  # popular ш, genitive
        ("Новый архив с Такахаси Сериной, дипфейки 18+, оплата картой", "C01"),  # instrumental
        ("Продаю роздягнені фото стримерки Цуда Аяне, 300 грн", "C04"),  # Ukrainian
        ("Сайондзи Токо, Оно Ринка: дипфейк ню, 500 ₽", "C02"),
    ],
)
def test_a_japanese_name_in_cyrillic_is_matched(detector: Detector, text: str, person: str) -> None:
    assert person in detector.classify_text(text).people


def test_a_russian_word_that_reads_like_a_given_name_is_no_name(detector: Detector) -> None:
    # рынка ("of the market") read letter by letter is rynka, not Rinka.
    assert detector.classify_text("Продаю дипфейки с рынка, 300 ₽").people == []


def test_the_cyrillic_name_is_shown_where_it_stands(detector: Detector) -> None:
    text = "Дипфейк Сайондзи Токо 18+, пишите в лс"
    hits = [r for r in detector.classify_text(text).reasons if r.person_id == "C03"]
    assert hits and text[hits[0].start : hits[0].end] == hits[0].matched
    assert hits[0].matched.startswith("Сайондзи")
