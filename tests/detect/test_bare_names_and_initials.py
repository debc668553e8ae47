"""A watched person named by one name part alone (bare_names.py) or by initials and a role
(initials.py), only in a text about what is watched; and the near-misses that must name no
one. Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry
from crawler.detect.bare_names import BARE_MARK
from crawler.detect.initials import INITIALS_MARK, person_initials

PEOPLE = [
    WatchlistEntry("B01", "Tessa Lindgard", "", (), "streamer"),
    WatchlistEntry("B02", "柚木 紗良", "ゆずき さら", (), "model"),
    WatchlistEntry("B03", "早乙女 ちなつ", "さおとめ ちなつ", (), "singer"),
    WatchlistEntry("B04", "渡邊 美月", "わたなべ みづき", ("渡辺美月",), "announcer"),
    WatchlistEntry("B05", "Kristel Dizon", "", (), "athlete"),
    # Two people share the given name ひなの: it alone names neither.
    WatchlistEntry("B06", "森 ひなの", "もり ひなの", (), "idol"),
    WatchlistEntry("B07", "桐生 ひなの", "きりゅう ひなの", (), "idol"),
    # Same initials as B04 (W.M) in another category.
    WatchlistEntry("B08", "Wren Maddox", "", (), "singer"),
    WatchlistEntry("B09", "Thaís Moreira Lins", "", (), "model"),
    WatchlistEntry("B10", "Hana Sato", "", (), ""),  # no category: never by initials
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Tessa's AI nude set is back, $10, DM", "B01"),
        ("tessa set, 18+ edits, $8, paypal", "B01"),
        ("紗良とのAIヌード 5枚 1000円", "B02"),
        ("紗良 合成🔞 ワンコイン", "B02"),
        ("ちなつ🔞コラ ¥500〜", "B03"),
        ("ちなつのエロコラ作ったから欲しい人DM", "B03"),
        ("Dizon AI hubad edits, ₱150 each via GCash", "B05"),  # a family name alone
        ("≫15 早乙女のは3枚千円でどう？", "B03"),
    ],
)
def test_a_name_part_alone_names_its_person_in_a_text_about_fakes(
    detector: Detector, text: str, person: str
) -> None:
    result = detector.classify_text(text)
    assert result.people == [person]
    person_reasons = [r for r in result.reasons if r.person_id == person]
    assert person_reasons and person_reasons[0].term.startswith(BARE_MARK)


@pytest.mark.parametrize(
    "text",
    [
        "Tessa",  # no signal word: a given name alone is anyone
        "ひなの のAIヌード",  # two watched people are called ひなの
        "杉紗良のコラ",  # another family name before it: someone else
        "紗良子のコラ",  # a longer given name
        "Tessalina AI nude set",  # part of a longer word
        "ちなつきのエロコラ",  # the head of a longer kana name
    ],
)
def test_a_name_part_alone_names_no_one_out_of_place(detector: Detector, text: str) -> None:
    people = detector.classify_text(text).people
    assert "B01" not in people and "B02" not in people and "B03" not in people
    assert "B06" not in people and "B07" not in people


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("女子アナ W.M（朝の情報番組）エロコラ 1枚300円", "B04"),  # family-first initials
        ("M.W.アナの脱衣コラ、欲しい人は#受付へ", "B04"),  # given-first
        ("W・Mさん(アナウンサー)のディープフェイク依頼", "B04"),
        ("W.M. (the singer, you know who) AI nude set", "B08"),  # same letters, a singer
        ("T.M.L (a modelo da capa) fotos IA sem roupa", "B09"),  # three initials
        ("K.D. the volleyball player, AI nude pack $20", "B05"),
    ],
)
def test_initials_with_a_role_name_the_one_person_they_fit(
    detector: Detector, text: str, person: str
) -> None:
    result = detector.classify_text(text)
    assert result.people == [person]
    assert any(r.term.startswith(INITIALS_MARK) for r in result.reasons if r.person_id)


@pytest.mark.parametrize(
    "text",
    [
        "W.M AI nude set, DM",  # no role: an announcer and a singer have these initials
        "W.M. (the singer and announcer) AI nude set",  # both roles: still two people
        "H.S. (the streamer) AI nude set",  # B10 has no category
        "W.M.アナ、明日の天気は晴れ",  # initials and a role, but nothing about fakes
        "DM me for the AI nude set, anchor tier",  # DM is a word, not initials
    ],
)
def test_initials_name_no_one_when_they_do_not_narrow(detector: Detector, text: str) -> None:
    assert detector.classify_text(text).people == []


def test_initials_come_from_the_reading_in_both_orders() -> None:
    assert person_initials(PEOPLE[3]) == {"wm", "mw"}
    assert person_initials(PEOPLE[8]) == {"tml", "lmt"}
    assert person_initials(WatchlistEntry("X", "マドンナ", "まどんな", (), "singer")) == set()


def test_a_name_part_is_one_word_as_written() -> None:
    detector = Detector([WatchlistEntry("I01", "Isadora Vilela", "", ("Isa",), "talent")])
    assert detector.classify_text("anyone selling AI nudes of me is a scammer").people == []
    assert detector.classify_text("Isa V nudes (AI), full pack in channel").people == ["I01"]


def test_initials_of_accented_names_and_a_talent_hinted_as_an_actress() -> None:
    people = [
        WatchlistEntry("E01", "Élodie Fauvel", "", (), "model"),
        WatchlistEntry("E02", "Ayu Kartikasari", "", (), "talent"),
    ]
    detector = Detector(people)
    assert detector.classify_text("E.F. (french model) AI nudes available, DM").people == ["E01"]
    assert detector.classify_text("A.K. (sinetron actress) nude AI pics").people == ["E02"]


def test_a_katakana_name_drawn_out_with_a_long_vowel_mark_still_names_her() -> None:
    people = [WatchlistEntry("B11", "Odile Fauveau", "オディル・フォヴォー", (), "influencer")]
    detector = Detector(people)
    assert "B11" in detector.classify_text("オディルーのAIヌード作ります、1枚500円").people
    # A longer katakana word that starts with her name is another word.
    assert "B11" not in detector.classify_text("オディルーカのAIヌード作ります、1枚500円").people


def test_a_katakana_name_right_after_a_kanji_word_is_set_apart_by_the_script() -> None:
    detector = Detector([WatchlistEntry("B12", "Greer Hollowell", "", (), "athlete")])
    assert "B12" in detector.classify_text("ドイツの選手グリアのAIヌード 作ります").people


def test_a_hiragana_name_right_after_kanji_is_no_word_of_its_own(detector: Detector) -> None:
    assert "B03" not in detector.classify_text("真夏ちなつのAIヌード 1枚500円").people


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("ちなつ新作できた 🔞 3まい千円", True),
        ("月額¥1,980で見放題（ちなつ追加済）🔞", True),
        ("ちなつ脱衣AI 3枚＝1000円", True),
        # Still one word as written on the other side: the kana before it is a longer word.
        ("おちなつ新作できた 🔞 3まい千円", False),
        # Kanji right after a kanji name is the same word going on (紗良子 is someone else).
        ("紗良子新作できた 🔞 3まい千円", False),
    ],
)
def test_a_kana_name_right_before_a_kanji_word_is_set_apart_by_the_script(
    detector: Detector, text: str, named: bool
) -> None:
    people = detector.classify_text(text).people
    assert ("B03" in people or "B02" in people) is named


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("T e s s a 😏 AI nude set, $10, DM", True),
        ("new: t e s s a AI nude set, $10, DM", True),
        # More letters spelled out on a side: the name is only part of a longer word.
        ("T e s s a s AI nude set, $10, DM", False),
        ("x T e s s a AI nude set, $10, DM", False),
    ],
)
def test_a_name_spelled_out_letter_by_letter_names_her(
    detector: Detector, text: str, named: bool
) -> None:
    assert ("B01" in detector.classify_text(text).people) is named


def test_a_long_middle_name_alone_names_her_as_a_spanish_family_name_does() -> None:
    detector = Detector(
        [
            WatchlistEntry("B13", "Ximena Arreola Quiroz", "", (), "actress"),
            WatchlistEntry("B14", "Rhea Mae Dumalagan", "", (), "actress"),
        ]
    )
    assert detector.classify_text("Doble IA de la Arreola 🔥 fotos hot, 5 USD").people == ["B13"]
    assert detector.classify_text("arreola-alike AI model, nsfw pack in #store").people == ["B13"]
    # A short middle part is too often a word or half of a given name.
    assert detector.classify_text("Mae AI nude set, $10, DM").people == []
