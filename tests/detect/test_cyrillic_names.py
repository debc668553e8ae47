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
    WatchlistEntry("C05", "高橋 ひより", "たかはし ひより", (), "idol"),
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
        ("Ню-фейки Такахасі Хійорі, пак 300 грн", "C05"),  # Ukrainian йо for よ
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


RUSSIAN = [
    WatchlistEntry("R01", "Анна Соколова", "アンナ・ソコロワ", (), "model"),
    WatchlistEntry("R02", "Анастасия Харитонова", "", (), "athlete"),
    WatchlistEntry("R03", "Илья Петров", "", (), "streamer"),
]


@pytest.fixture(scope="module")
def russian() -> Detector:
    return Detector(RUSSIAN)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Vendo pack de deepfake +18 da Anna Sokolova, chama no pv", "R01"),
        ("Selling AI explicit images of Sokolova Anna, custom requests", "R01"),
        ("Anastasia Haritonova deepfake nudes, dm", "R02"),  # the English habit
        ("Anastasiya Kharitonova AI nudes, paypal", "R02"),  # BGN/PCGN
        ("Суд оштрафовал мужчину, продававшего дипфейки с моделью Анной Соколовой", "R01"),
        ("Видели Анну Соколову на Неделе моды?", "R01"),
        ("Продаю ню-дипфейки фігуристки Анастасії Харитонової, 300 грн", "R02"),  # Ukrainian
        ("Можу фан-арт з Анною Соколовою, тільки SFW", "R01"),
        ("Дипфейки с Ильёй Петровым? нет, с Ильей Петровым", "R03"),
        ("Фото Ильи Петрова, дипфейк 18+", "R03"),
    ],
)
def test_a_name_in_cyrillic_is_matched_in_latin_letters_and_in_every_case(
    russian: Detector, text: str, person: str
) -> None:
    assert person in russian.classify_text(text).people


def test_a_reading_inside_a_cyrillic_word_names_no_one() -> None:
    # "роздягання" read as romaji holds "annya", the nickname あんにゃ.
    detector = Detector([WatchlistEntry("N01", "小野寺 杏奈", "おのでら あんな", ("あんにゃ",))])
    text = "Безкоштовна допомога жертвам ШІ-«роздягання»: видалення фото"
    assert detector.classify_text(text).people == []


def test_small_capitals_of_fancy_text_read_as_letters(detector: Detector) -> None:
    assert "C02" in detector.classify_text("ᴏɴᴏ ʀɪɴᴋᴀ ai nudes, taking orders").people


def test_a_given_name_in_ina_is_not_taken_for_the_family_name() -> None:
    detector = Detector([WatchlistEntry("R04", "Дарина Ковальчук", "", (), "athlete")])
    text = "Продаю ШІ-нюдси Дарини Ковальчук, 1 фото — 100 грн"  # Ukrainian genitive
    assert detector.classify_text(text).people == ["R04"]
