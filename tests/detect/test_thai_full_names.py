"""Thai names in Latin letters (thai_romanised.py, east_asian_spellings.py): the Thai
spelling rules long names need (a bare consonant before a closed syllable, ศร read as Sri,
รร as an, เ-ย as oei, ว starting a syllable), and a whole name of two words in either
order. Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry
from crawler.detect.thai_romanised import thai_nickname_spellings


@pytest.mark.parametrize(
    ("thai", "latin"),
    [
        ("พิมพ์ชนก", "phimchanok"),  # ชนก: cha-nok
        ("ศรีวงศ์", "sriwong"),  # ศร as sr; ว opens วงศ์
        ("ศรีสุข", "sisuk"),  # ... or as s, as RTGS says it
        ("สุวรรณ", "suwan"),  # รร as an
        ("ใบเตย", "baitoey"),  # เ-ย as oei
        ("ปวีณา", "paweena"),  # ปว is no cluster; ี written ee
        ("แพรว", "praew"),  # the old rules still hold
        ("น้ำหวาน", "namwan"),
    ],
)
def test_thai_spelling_rules(thai: str, latin: str) -> None:
    assert latin in thai_nickname_spellings(thai)


PEOPLE = [
    WatchlistEntry("T01", "พิมพ์ชนก ศรีวงศ์", "", ("พิมพ์",), "actress"),
    WatchlistEntry("T02", "ธนพร แก้วมณี", "", ("ใบเตย",), "actress"),
    WatchlistEntry("T03", "ปวีณา สุวรรณ", "", (), "model"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("face-swap nsfw of Phimchanok Sriwong available now, commissions open", "T01"),
        ("Sriwong Phimchanok AI nude set, 20 pics $15, DM", "T01"),
        ("Baitoey fakes, uncensored, the Thai actress. DM for samples", "T02"),
        ("Paweena Suwan deepfake pack, 30 pics, $12 via USDT", "T03"),
    ],
)
def test_a_thai_name_in_latin_letters_names_the_person(
    detector: Detector, text: str, person: str
) -> None:
    assert detector.classify_text(text).people == [person]


def test_other_latin_words_name_no_thai_person(detector: Detector) -> None:
    assert detector.classify_text("Sri Lanka nude beach photos, $5").people == []
