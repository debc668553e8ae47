"""Japanese fan nicknames cut from the family name (さくぴ for 桜庭, ゆぎぴ for 柚木原), the
two-plus-two-kana nickname written in romaji (onosaki for 小野寺 紗季), and ちゃん written
cchan after a cut given name (Chinacchan); and the words such cuts must not be read in.
Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry

PEOPLE = [
    WatchlistEntry("E01", "桜庭 ひより", "さくらば ひより", ("ひよりん",), "idol"),
    WatchlistEntry("E02", "柚木原 凛", "ゆぎはら りん", (), "streamer"),
    WatchlistEntry("E03", "小野寺 紗季", "おのでら さき", (), "singer"),
    WatchlistEntry("E04", "朝比奈 凛華", "あさひな りんか", (), "model"),
    WatchlistEntry("E05", "早瀬 千夏", "はやせ ちなつ", (), "announcer"),
    WatchlistEntry("E06", "東雲 澄花", "しののめ すみか", (), "actress"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        # The family name cut to two kana before a nickname ending.
        ("さくぴのAIヌード、高画質で作りました。1枚500円", "E01"),
        ("ゆぎぴの生成えっち画像を毎週更新中。月額500円", "E02"),
        # Two kana of each part, in romaji.
        ("Kamukha ni Onosaki 😏 AI nude set, ₱250", "E03"),
        ("Asarin deepnude set, €10 BTC", "E04"),
        # ちゃん as cchan after the given name cut to two kana.
        ("Chinacchan (announcer) ki nayi AI nangi set ready hai, DM for link", "E05"),
    ],
)
def test_fan_nicknames_name_the_person(detector: Detector, text: str, person: str) -> None:
    assert person in detector.classify_text(text).people


@pytest.mark.parametrize(
    "text",
    [
        # しの of しののめ inside 推しの, before 似顔絵: a word, not a lookalike of her.
        "推しの似顔絵もOK（非公式・非商用）、AIで描きます 1枚1000円",
        # さく inside a word, not before an ending.
        "さくらんぼのAI画像を作りました",
    ],
)
def test_cut_names_are_not_read_inside_words(detector: Detector, text: str) -> None:
    assert detector.classify_text(text).people == []


def test_a_cut_two_watched_people_share_names_neither() -> None:
    both = Detector([*PEOPLE, WatchlistEntry("E07", "佐久間 ゆい", "さくま ゆい", (), "idol")])
    assert both.classify_text("さくぴのAIヌード、1枚500円").people == []
