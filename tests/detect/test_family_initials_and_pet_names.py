"""Name forms and wordings met in the fifth round of writers' data: a family name with the given
name's initial (family_initials.py), English pet forms (latin_nicknames.py), romaji written
backwards inside Japanese with no hint, declared Chinese nicknames, Latin initials of a name
whose katakana starts otherwise; and the signal words that came with them (Italian and Russian
offers, court and school wordings that lift the minor floor, "in fantasy" that is no infant).
Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry
from crawler.detect.family_initials import FAMILY_INITIAL_MARK
from crawler.detect.latin_nicknames import latin_pet_names, pet_forms
from crawler.detect.normalize import Normalizer

PEOPLE = [
    WatchlistEntry("F01", "篠宮 レナ", "しのみや れな", (), "model"),
    WatchlistEntry("F02", "橘 千夏", "たちばな ちなつ", (), "announcer"),
    # Two 真鍋 with the same initial: 真鍋R names neither.
    WatchlistEntry("F03", "真鍋 りこ", "まなべ りこ", (), "idol"),
    WatchlistEntry("F04", "真鍋 理沙", "まなべ りさ", (), "idol"),
    WatchlistEntry("F05", "Madison Reeve", "マディソン・リーヴ", (), "influencer"),
    WatchlistEntry("F06", "Harper Quinlan", "ハーパー・クインラン", (), "singer"),
    WatchlistEntry("F07", "香月 澪", "かづき みお", (), "announcer"),
    WatchlistEntry("F08", "林語彤", "リン・ユートン", ("彤彤",), "influencer"),
    WatchlistEntry("F09", "Giulia Ferrandi", "ジュリア・フェランディ", (), "actress"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("篠宮R のアイコラ販売しています", "F01"),
        ("篠宮 R. のAI脱衣、1枚500円", "F01"),
        ("人気の篠宮RのAIヌード", "F01"),  # the longest family name before the letter
        ("橘C（朝の情報番組）のフェイク、1枚300円", "F02"),
        ("M.リーヴのAI裸、販売してます", "F05"),  # initial first, family name in katakana
    ],
)
def test_a_family_name_with_the_given_names_initial(
    detector: Detector, text: str, person: str
) -> None:
    assert detector.classify_text(text).people == [person]


def test_the_reason_says_a_letter_stood_for_the_given_name(detector: Detector) -> None:
    result = detector.classify_text("篠宮R のアイコラ販売しています")
    (reason,) = [r for r in result.reasons if r.person_id == "F01"]
    assert reason.term.startswith(FAMILY_INITIAL_MARK) and reason.matched == "篠宮R"


@pytest.mark.parametrize(
    "text",
    [
        "真鍋R のアイコラ販売",  # two watched 真鍋 have the initial R
        "篠宮Rのファンです",  # no signal word: a family name and a letter are anyone
        "篠宮K のアイコラ販売",  # the wrong initial
        "R AI nude set",  # a letter with no family name
        "篠宮AIのヌード",  # AI is a word, not an initial
    ],
)
def test_family_initials_name_no_one_out_of_place(detector: Detector, text: str) -> None:
    assert detector.classify_text(text).people == []


def test_pet_forms_close_the_first_syllable_and_double_its_consonant() -> None:
    assert pet_forms("madison") == ["maddie"]
    assert pet_forms("quinlan") == ["quinnie"]
    assert pet_forms("harper") == ["harrie"]  # never "harry": a name of its own
    assert pet_forms("lena") == []  # too short to shorten
    assert pet_forms("ayame") == []  # no consonant before the first vowel


def test_a_pet_form_two_people_share_points_at_neither() -> None:
    twins = [
        WatchlistEntry("P1", "Madison Reeve", "", (), "model"),
        WatchlistEntry("P2", "Madeline Cross", "", (), "model"),
        WatchlistEntry("P3", "Camila Soto", "", (), "model"),
    ]
    spelled = {"cammie": (1, "P9")}  # another person's spelling
    pets = latin_pet_names(twins, spelled, Normalizer().key)
    assert "maddie" not in pets and "cammie" not in pets
    assert pets["crossie"] == "P2"  # family names give pet forms too (Quinlan: Quinnie)


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("Maddie R. (the blonde from that morning show) nude AI for sale, DM", ["F05"]),
        ("Quinnie fakes back in stock, fifteen dollars each", ["F06"]),
        ("Maddie's cooking segment this morning", []),  # no signal word
        ("Harry AI nudes, DM", []),  # not a pet form of Harper
    ],
)
def test_pet_forms_name_their_person_in_a_text_about_fakes(
    detector: Detector, text: str, people: list[str]
) -> None:
    assert detector.classify_text(text).people == people


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("ikuzak oim のAI脱衣画像、わかる人だけDMで", ["F07"]),  # read backwards, no hint
        ("Custom AI nudes of かづき みお and any other celeb, DM me", ["F07"]),
        ("ikuzak oim nudes, DM", ["F07"]),  # English around it: read from the table
    ],
)
def test_romaji_written_backwards_inside_japanese(
    detector: Detector, text: str, people: list[str]
) -> None:
    assert detector.classify_text(text).people == people


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("冒用彤彤的照片賣AI私房照", ["F08"]),  # a declared nickname of Chinese shape
        ("彤彤的第一本寫真書開賣啦", []),  # no signal word
        ("G.F. (l'attrice di 'Notte a Trastevere') versione IA senza veli, 5€", ["F09"]),
    ],
)
def test_declared_chinese_nicknames_and_latin_initials(
    detector: Detector, text: str, people: list[str]
) -> None:
    assert detector.classify_text(text).people == people


@pytest.mark.parametrize(
    "text",
    [
        "Foto di classe delle medie trasformate in nudi con l'IA, scrivetemi per il listino",
        "Fotos da excursão da escola viram nudes de IA, me chama",
        "Раздеваю фото школьниц, пиши в лс",
    ],
)
def test_minor_offers_in_italian_portuguese_and_russian_flag_with_minor_risk(
    detector: Detector, text: str
) -> None:
    result = detector.classify_text(text)
    assert result.flagged and result.minor_risk


def test_russian_undressing_offer_flags(detector: Detector) -> None:
    result = detector.classify_text("Раздеваю любое фото за минуту, первые две бесплатно")
    assert result.flagged
    assert {r.family for r in result.reasons} >= {"synthetic", "commerce"}


@pytest.mark.parametrize(
    "text",
    [
        "Gericht verurteilt Betreiber einer Deepfake-Plattform – auch Schülerinnen unter den Opfern",
        "아이돌 딥페이크 제작·유포한 20대 구속…연습생 시절 사진도 악용",
        "Senator introduces bill to criminalize 'nudify' apps after students' photos were altered",
        "生徒の写真が無断でAI加工される事案が他校で発生しています。ご家庭でSNSの使い方をご確認ください",
        "Our high school now teaches a unit on deepfakes & 'nudify' apps and how to report them",
        "Layanan hapus konten deepfake, termasuk foto pelajar yang disalahgunakan",
    ],
)
def test_court_news_school_lessons_and_removal_lift_the_minor_floor(
    detector: Detector, text: str
) -> None:
    result = detector.classify_text(text)
    assert not result.flagged and not result.minor_risk


def test_a_two_letter_word_is_no_head_of_a_longer_term(detector: Detector) -> None:
    # "in fantasy" is no "infant*": the key has no spaces, so the term would match across them.
    result = detector.classify_text("AI-enhanced photos of myself in fantasy outfits, $6 tier")
    assert not result.minor_risk
    assert "minor" not in {r.family for r in result.reasons}
    infant = detector.classify_text("infant photos nude edit, DM")
    assert "minor" in {r.family for r in infant.reasons}
    # A term written with a two-letter first word still matches as written.
    ex = detector.classify_text("my ex nude edit from her photo, $20")
    assert any(r.matched.lower() == "my ex" for r in ex.reasons)


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("esses nudes da Bia que tão vendendo são fake de IA", ["S1"]),
        ("PSA: the account is selling AI fakes of Bri", ["S2"]),
        ("Bia", []),  # no signal word
        ("la mia AI nuda, scrivimi", []),  # Mia Ferr goes by Mia, but mia is a word
    ],
)
def test_the_short_first_name_of_a_declared_stage_name(text: str, people: list[str]) -> None:
    detector = Detector(
        [
            WatchlistEntry("S1", "Beatriz Tavares", "", ("Bia Tavares",), "singer"),
            WatchlistEntry("S2", "Brianna Kowalczyk", "", ("bri.kowal",), "streamer"),
            WatchlistEntry("S3", "Lucía Ferrándiz", "", ("Mia Ferr",), "model"),
        ]
    )
    assert detector.classify_text(text).people == people


@pytest.mark.parametrize(
    "text",
    [
        "3 slots open this week for 'wardrobe removal' commissions. paypal f&f",
        "Chinatsu Hamada volleyball pics with the jersey 'digitally removed'. Set of 8, inbox me",
        "send the insta @ and I'll do the no-clothes version, $15",
        "Turn any outfit into nothing 👀 upload, wait 10 sec, download. First one's free",
        "浜田選手のユニフォーム写真、生地を“消した”版あります。欲しい方はDMへ",
        "例のフィルター通しサービス、1枚500円。送られた写真から服が消えます",
        "接泳装去除，价格私聊",
    ],
)
def test_clothes_said_to_be_removed_are_an_undressing_offer(detector: Detector, text: str) -> None:
    result = detector.classify_text(text)
    assert result.flagged
    assert any(r.family == "synthetic" for r in result.reasons)


@pytest.mark.parametrize(
    ("text", "flagged", "minor"),
    [
        ("Mach aus Klassenfotos von der Realschule KI-Nacktbilder. Preis per DM.", True, True),
        ("大人向けボードゲーム（戦略系・対象年齢14歳以上）中古美品", False, False),  # an age rating
        (
            "Our school is holding an assembly on AI 'nudify' apps and online safety for Year 9",
            False,
            False,
        ),
    ],
)
def test_german_school_words_and_age_ratings(
    detector: Detector, text: str, flagged: bool, minor: bool
) -> None:
    result = detector.classify_text(text)
    assert (result.flagged, result.minor_risk) == (flagged, minor)


def test_a_name_run_together_backwards_in_a_hashtag(detector: Detector) -> None:
    result = detector.classify_text("#oimikuzak の脱衣フェイク作ってる人いたら買います")
    assert result.people == ["F07"]


def test_a_short_name_whose_ending_starts_a_signal_word_gives_way() -> None:
    # ノエミ is のえ for short, and のえっち would be her nickname: here it is の + えっち.
    detector = Detector([WatchlistEntry("N1", "Noemi Castellucci", "ノエミ・カステルッチ", (), "")])
    assert detector.classify_text("AIモデルのえっちな画像、毎日更新").people == []
    # Written as her nickname it is dropped too: the word wins, and her full name still counts.
    assert detector.classify_text("のえっちのAIコラ、1枚500円").people == []
    assert detector.classify_text("ノエミのAIコラ、1枚500円").people == ["N1"]


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("S*do A*i volleyball deepfake nudes, 10 for $30", ["M1"]),  # one mask in each part
        ("Sud* Ao* deepfake nudes", ["M1"]),
        ("S*d* A*i deepfake nudes", []),  # three of seven letters masked: anyone
    ],
)
def test_two_masked_letters_in_a_seven_letter_romaji_name(text: str, people: list[str]) -> None:
    detector = Detector([WatchlistEntry("M1", "須藤 葵", "すどう あおい", (), "athlete")])
    assert detector.classify_text(text).people == people


def test_chinese_for_pay_is_a_selling_word_and_lets_a_nickname_count(detector: Detector) -> None:
    result = detector.classify_text("小彤（林某）主播的“特别版”截图，有偿出，懂的来")
    assert result.people == ["F08"]
    assert "commerce" in {r.family for r in result.reasons}
