"""Minors in other languages and in birth years, and the birth years that must not age."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from crawler.detect import Detector
from crawler.detect.birth_years import expand_birth_years, minor_birth_years


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector([])


def test_birth_years_follow_the_calendar() -> None:
    in_2026 = re.compile(expand_birth_years("(MINOR_BIRTH_YEAR)年生", dt.date(2026, 11, 29)))
    in_2030 = re.compile(expand_birth_years("(MINOR_BIRTH_YEAR)年生", dt.date(2030, 1, 1)))
    assert in_2026.fullmatch("2010年生") and in_2026.fullmatch("2008年生")
    assert not in_2026.fullmatch("2007年生")
    assert not in_2030.fullmatch("2010年生")  # 20 in 2030
    assert list(minor_birth_years(dt.date(2026, 6, 1))) == list(range(2008, 2027))


def test_japanese_eras_and_two_digit_years() -> None:
    today = dt.date(2026, 11, 29)
    heisei = re.compile(expand_birth_years("平成(MINOR_HEISEI)年", today))
    reiwa = re.compile(expand_birth_years("令和(MINOR_REIWA)年", today))
    short = re.compile(expand_birth_years("born(MINOR_BIRTH_YY)", today))
    assert heisei.fullmatch("平成22年") and heisei.fullmatch("平成31年")
    assert not heisei.fullmatch("平成19年")  # 2007
    assert reiwa.fullmatch("令和元年") and reiwa.fullmatch("令和3年")
    assert short.fullmatch("born09") and not short.fullmatch("born99")


@pytest.mark.parametrize(
    "text",
    [
        "tengo fotos de mi prima de 14, quien me hace un desnudo con IA",
        "alguém faz nude com IA de uma menina do 9º ano? mando a foto",
        "qqn peut faire une photo nue IA d'une fille de 4e ? j'ai son insta",
        "Schülerin, 16, Foto vorhanden, brauche Ausziehen-Edit per KI",
        "여고생 교복 사진 AI 누드 합성 의뢰받습니다",
        "รับทำภาพ AI ถอดเสื้อผ้า เด็ก ม.2 ส่งรูปมาทาง DM",
        "ょぅι゛ょの写真 AIで脱がし 依頼こちら",
    ],
)
def test_minor_wordings_of_other_languages_flag_with_minor_risk(detector, text) -> None:
    result = detector.classify_text(text)
    assert result.flagged and result.minor_risk, result.reasons


def test_a_birth_year_under_eighteen_flags_with_minor_risk(detector) -> None:
    year = dt.date.today().year
    young = detector.classify_text(f"{year - 13}年生まれの子の写真、AIで脱がし加工できる人")
    adult = detector.classify_text(f"{year - 30}年生まれの子の写真、AIで脱がし加工できる人")
    assert young.flagged and young.minor_risk
    born = "born under 18 years ago"
    assert any(r.term == born for r in young.reasons)
    # The word rule knows the adult's year is no minor (the learned check may still
    # weigh "の子" on its own).
    assert adult.flagged and not any(r.term == born for r in adult.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "servicio de eliminación de deepfakes, también para menores de edad",
        "Elternbrief: Bitte sprechen Sie mit Ihren Kindern über Deepfake-Nacktbilder in Klassenchats.",
        "○○中学校より：生成AIによる画像加工トラブルについての説明会を開催します",
        "tarif 3e par photo, retouche de portrait",
    ],
)
def test_protective_and_school_contexts_do_not_flag(detector, text) -> None:
    assert not detector.classify_text(text).flagged
