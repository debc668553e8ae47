"""Japanese names written in Thai script, matched by a sound skeleton in which vowel length,
aspiration, voicing and tone marks do not count. Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry
from crawler.detect.thai_names import romaji_skeleton, thai_skeleton

PEOPLE = [
    WatchlistEntry("H01", "髙橋 芹奈", "たかはし せりな", (), "idol"),
    WatchlistEntry("H02", "神田 ちづる", "かんだ ちづる", (), "model"),
    WatchlistEntry("H03", "柚木 沙耶", "ゆずき さや", (), "model"),
    WatchlistEntry("H04", "朝比奈 澪", "あさひな みお", (), "streamer"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("ขายรูป AI เปลือย ทาคาฮาชิ เซรินะ ไอดอลญี่ปุ่น ชุดละ 150 บาท ทักแชท", "H01"),
        ("ขายคลิป deepfake 18+ นางแบบ คันดะ ชิซุรุ ราคา 200 บาท", "H02"),
        ("ขายรูป AI โป๊ ซายะ ยูซึกิ นางแบบญี่ปุ่น ทักแชท", "H03"),  # given name first
        ("รับทำรูปตัดต่อ 18+ มิโอะ อาซาฮินะ ด้วย AI ราคาคุยกันได้", "H04"),
        ("ภาพ AI ทาคาฮาชิเซรินะ 18+", "H01"),  # no space between the parts
        ("ภาพ AI ทะคะฮะชิ เซริน่า 18+", "H01"),  # short vowels, a tone mark
    ],
)
def test_a_japanese_name_in_thai_script_is_matched(
    detector: Detector, text: str, person: str
) -> None:
    result = detector.classify_text(text)
    assert person in result.people
    hit = next(r for r in result.reasons if r.person_id == person)
    assert text[hit.start : hit.end] == hit.matched


@pytest.mark.parametrize("offset", [0, 10])
def test_a_name_must_start_and_end_where_thai_syllables_do(offset: int) -> None:
    skeleton, starts, ends = thai_skeleton("คันดะ", offset)
    assert skeleton == "kanta"
    assert starts == [offset] * 3 + [offset + 3] * 2  # the final n closes the first syllable
    assert ends[-1] == offset + 5


def test_thai_and_romaji_meet_in_one_skeleton() -> None:
    assert thai_skeleton("ยูซุฮะ คิริทานิ")[0] == romaji_skeleton("yuzuha kiritani".replace(" ", ""))


def test_thai_text_without_a_watched_name_names_no_one(detector: Detector) -> None:
    text = "เตือนภัย: มีเพจรับแต่งรูปนักเรียน แต่จริงๆ ทำภาพโป๊ปลอม ช่วยกันรีพอร์ตด้วย"
    assert detector.classify_text(text).people == []
