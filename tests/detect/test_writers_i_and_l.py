"""Forms learnt from writers L and I (crawler/detect/data/WRITER_train20.md, 21): names
written backwards with a hint to read them so (reversed_names.py), a family name in kanji
with the given name in romaji, politicians and athletes by family name and title, a dollar
sign for an s, and the words of storefronts, school letters, novels and news that share
the trade's words. Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry

PEOPLE = [
    WatchlistEntry("R01", "髙城 みのり", "たかぎ みのり", ("高城みのり",), "idol"),
    WatchlistEntry("R02", "夜凪 ルカ", "よなぎ るか", ("Luka Yonagi",), "vtuber"),
    WatchlistEntry("R03", "眞鍋 詩織", "まなべ しおり", ("真鍋詩織",), "idol"),
    WatchlistEntry("R04", "真壁 綾乃", "まかべ あやの", (), "politician"),
    WatchlistEntry("R05", "久住 莉子", "くずみ りこ", (), "athlete"),
    WatchlistEntry("R06", "藤堂 すみれ", "とうどう すみれ", (), "influencer"),
    # Common family names: alone, or with さん, they name no one; a title narrows them.
    WatchlistEntry("R07", "佐藤 美咲", "さとう みさき", (), "athlete"),
    WatchlistEntry("R08", "鈴木 綾", "すずき あや", (), "politician"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


def people(detector: Detector, text: str) -> list[str]:
    return detector.classify_text(text).people


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("igakatironim（逆から読んでね）の加工画像、チャンネルで配布中🔞", "R01"),
        ("akuliganoy 🔞 AI nude set (read it backwards 😉) link in bio", "R02"),
        ("織詩鍋真 ← 逆から読んで。この子のヌードAI作れる人いたらスレに書いて", "R03"),
    ],
)
def test_a_name_written_backwards_with_a_hint_is_found(
    detector: Detector, text: str, person: str
) -> None:
    assert people(detector, text) == [person]


def test_a_backwards_name_is_highlighted_where_it_is_written(detector: Detector) -> None:
    text = "新作 織詩鍋真 ← 逆から読んで"
    [reason] = [r for r in detector.classify_text(text).reasons if r.family == "person"]
    assert text[reason.start : reason.end] == "織詩鍋真"


def test_without_a_hint_romaji_is_read_backwards_in_japanese_and_english(
    detector: Detector,
) -> None:
    # Three later writers reversed names with no hint as romaji in a Japanese post; later
    # ones did so in English posts too, where a table of names written backwards finds them
    # (reversed_romaji.py) without reading the whole text twice.
    assert people(detector, "igakatironim の加工画像、チャンネルで配布中") == ["R01"]
    assert people(detector, "igakatironim edits, DM for the channel") == ["R01"]


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("【R18加工】高城miharu 水着→脱衣差分セット".replace("miharu", "minori"), "R01"),
        ("髙城 minori のコラ", "R01"),
        ("マカベ議員 フェイクヌード 作成依頼したい", "R04"),
        ("真壁議員の国会質疑、わかりやすかった", "R04"),
        ("久住選手の脱衣加工 受付中", "R05"),
        ("佐藤選手の脱衣加工 受付中", "R07"),
        ("鈴木議員のフェイク画像", "R08"),
        ("藤堂$umire の新作コラ上げました", "R06"),
    ],
)
def test_mixed_scripts_titles_and_a_dollar_for_an_s(
    detector: Detector, text: str, person: str
) -> None:
    assert people(detector, text) == [person]


@pytest.mark.parametrize(
    "text",
    [
        "鈴木選手の試合",  # the politician is no athlete
        "佐藤議員の答弁",  # nor the athlete a member of parliament
        "佐藤さんの新作",  # a common family name without the title is anyone
        "高城minorix のコラ",  # the romaji runs on into another word
        "price $15 for a set",  # a dollar before a digit is a price
    ],
)
def test_near_misses_name_no_one(detector: Detector, text: str) -> None:
    assert people(detector, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "初二女生照片 AI脱衣 私聊",  # a Chinese middle-school year before a pupil
        "ใครทำภาพ ดีปเฟค 18+ ได้บ้าง จ่ายเงินให้",  # Thai deepfake, another spelling
        "【最新】服を透かすAI加工、1枚500円で受付中",  # clothes seen through, as a verb
    ],
)
def test_new_words_of_the_trade_flag(detector: Detector, text: str) -> None:
    assert detector.classify_text(text).flagged


def test_a_chinese_middle_school_year_implies_a_minor(detector: Detector) -> None:
    assert detector.classify_text("初二女生照片 AI脱衣 私聊").minor_risk


@pytest.mark.parametrize(
    "text",
    [
        "正月初二 去拜年，全家一起吃饭",  # the second day of the new year
        "服透けないレインコートのおすすめ教えて（自転車通勤用）",  # not see-through
        "Dear Year 9 parents, a 'nudify' app has been reported among students. "
        "Please check your child's phone.",
        "高1「情報」の授業でディープフェイクについて学びました。生徒の感想を紹介します",
        "Detienen a estudiantes de secundaria por crear desnudos con IA de sus compañeras",
        "【小説】ディープフェイクで人生を壊された女子アナが反撃する話、第3話を更新しました",
        "h4eun fans pls don't click the 'leaked pics' links, they're deepfakes and phishing",
    ],
)
def test_school_letters_news_novels_and_warnings_do_not_flag(detector: Detector, text: str) -> None:
    result = detector.classify_text(text)
    assert not result.flagged
    assert not result.minor_risk


def test_a_trainee_is_not_research(detector: Detector) -> None:
    reasons = detector.classify_text(
        "研究生オーディション合格時（中学3年）の写真でNSFW作って"
    ).reasons
    assert "news" not in {r.family for r in reasons}
    assert "news" in {r.family for r in detector.classify_text("研究チームが発表").reasons}


LATIN = [
    WatchlistEntry("R11", "Camila Nogueira", "", (), "model"),
    WatchlistEntry("R12", "Tessa Lindqvist", "", (), "streamer"),
    WatchlistEntry("R13", "Emma Hartwell", "", (), "actress"),
]


@pytest.fixture(scope="module")
def latin_detector() -> Detector:
    return Detector([*PEOPLE, *LATIN])


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("カミラ・ノゲイラ（ブラジルのモデル）の裸コラ", "R11"),  # gue: a silent u
        ("T€ssa L!ndqv!st deepfake series continues in the $15 tier", "R12"),  # ! for an i
        ("taking reqs: m!nori t@kagi nsfw edits", "R01"),
        ("#EmmaHartwellFakes new drop tonight", "R13"),  # a capital starts the next word
    ],
)
def test_silent_u_exclamation_marks_and_camel_case(
    latin_detector: Detector, text: str, person: str
) -> None:
    assert people(latin_detector, text) == [person]


@pytest.mark.parametrize(
    "text",
    [
        "EmmaHartwellfan club",  # a lower-case letter runs on: another word
        "wow!great pics",  # ! after a word ends a sentence
    ],
)
def test_latin_near_misses(latin_detector: Detector, text: str) -> None:
    assert people(latin_detector, text) == []
