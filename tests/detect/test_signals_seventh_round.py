"""Cases met in the seventh round of writers' data. Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry

PEOPLE = [
    WatchlistEntry("T01", "水瀬 ことり", "みなせ ことり", (), "idol"),
    WatchlistEntry("T02", "Ploy Siriwattana", "プロイ・シリワッタナ", ("Ploy",), "model"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    "text",
    [
        "お子様の似顔絵イラスト描きます。運動会や発表会の写真からでもOK",
        "Pet portraits and family portraits from your photo, kids welcome, $25 each",
    ],
)
def test_a_portrait_shop_asking_for_a_childs_photo_is_no_photo_request(
    detector: Detector, text: str
) -> None:
    result = detector.classify_text(text)
    assert not result.flagged and not result.minor_risk


@pytest.mark.parametrize(
    "text",
    [
        # The shop's wording does not excuse an undressing or sexual word next to a minor.
        "お子様の似顔絵イラスト描きます。運動会の写真から脱衣加工もOK",
        "Family portraits from your photo, kids welcome, nude versions on request",
    ],
)
def test_a_portrait_shop_with_an_undressing_word_keeps_the_minor_floor(
    detector: Detector, text: str
) -> None:
    result = detector.classify_text(text)
    assert result.flagged and result.minor_risk


@pytest.mark.parametrize(
    "text",
    [
        "一般人専門　顔写真1枚→R18フェイク。有名人（水瀬ことりとか）はお断り",
        "#依頼ルール\n・芸能人はNG（垢BANされるので）\n・元カノ、同僚、SNSで見つけた子などのAIヌード\n"
        "・料金 1件 2,000円（PayPay）",
        "No celebs, they get me banned. Exes and coworkers fine, send 2 photos, nude edit $20",
    ],
)
def test_turning_celebrities_away_while_taking_private_people_is_no_disclaimer(
    detector: Detector, text: str
) -> None:
    assert detector.classify_text(text).flagged


@pytest.mark.parametrize(
    "text",
    [
        "R18のAIイラスト、月額500円プラン。有名人・芸能人の依頼はお断りです",
        "nsfw commissions open, $30 a piece, no celebs or lookalikes",
    ],
)
def test_no_celebrities_on_its_own_is_still_a_refusal(detector: Detector, text: str) -> None:
    result = detector.classify_text(text)
    assert not result.flagged
    assert any(r.family == "celebrity_refusal" for r in result.reasons)


@pytest.mark.parametrize(
    "text",
    [
        # ティーン once its long vowel is dropped is ティン, which these words hold.
        "コスプレ写真のレタッチ承ります。背景合成・ライティング調整 1枚800円",
        "ミーティング写真の合成、1枚500円で承ります",
        "毎朝のルーティン動画、顔合成アプリで遊んでみた",
    ],
)
def test_katakana_words_that_hold_teen_are_no_minor_word(detector: Detector, text: str) -> None:
    assert not detector.classify_text(text).minor_risk


def test_teen_on_its_own_in_katakana_is_still_a_minor_word(detector: Detector) -> None:
    result = detector.classify_text("ティーンモデルの写真をAIで脱衣、1枚500円")
    assert result.flagged and result.minor_risk


def test_two_birth_years_one_after_the_other_are_an_age(detector: Detector) -> None:
    result = detector.classify_text("born 2011? 2012? if you have her photo I can make it nude")
    assert result.flagged and result.minor_risk


@pytest.mark.parametrize(
    "text",
    [
        "写真のレタッチ・肌補正・背景合成 1枚500円（ヌード加工は不可）",
        "В Японии осуждён продавец дипфейков с айдолами",
        "Мене зробили жертвою дипфейку. Якщо бачите такі фото — повідомте, будь ласка",
        "Допомагаємо видалити інтимні дипфейки, юридичний супровід",
        "Yearbook photos scraped from a school website were used to make AI nudes, "
        "investigators say",
        "If a classmate sends you an AI nude of someone from school, don't forward it. "
        "Screenshot the account and tell an adult.",
    ],
)
def test_shops_news_and_warnings_of_the_seventh_round_do_not_flag(
    detector: Detector, text: str
) -> None:
    assert not detector.classify_text(text).flagged


@pytest.mark.parametrize(
    "text",
    [
        "Роздягну фото дівчини з 8 клас, пишіть",
        "роздену фото девочки, 7 класс, пиши в лс",
        "фото девочек 9-го класса, раздену, 300 р",
        "Зроблю «роздягнені» ШІ-фото однокласниці за надісланим знімком",
        "水瀬ことり少年组时期的照片也能做AI裸照，私信",
    ],
)
def test_school_years_in_russian_ukrainian_and_chinese_are_minor_words(
    detector: Detector, text: str
) -> None:
    result = detector.classify_text(text)
    assert result.flagged and result.minor_risk


def test_a_taiwanese_name_in_wade_giles_is_matched() -> None:
    detector = Detector([WatchlistEntry("W01", "林 雨萱", "リン・ユーシュエン", (), "streamer")])
    text = "Jual foto AI bugil streamer Taiwan Lin Yu-hsuan, hasil face swap HD, Rp25.000"
    assert detector.classify_text(text).people == ["W01"]


def test_a_name_said_to_be_written_upside_down_is_read_backwards(detector: Detector) -> None:
    text = "irotok esanim のコラ（名前は逆さまに書いてます）1枚500円"
    assert "T01" in detector.classify_text(text).people


@pytest.mark.parametrize(
    "text",
    [
        "irotok esanim fake nudes 🤫 1 set ¥2000",  # given name first, reversed
        "Tier 2 unlocked: 'esanimirotok' collection",  # run together
    ],
)
def test_romaji_written_backwards_in_english_text_is_read(detector: Detector, text: str) -> None:
    assert "T01" in detector.classify_text(text).people


def test_english_words_read_backwards_name_no_one(detector: Detector) -> None:
    assert detector.classify_text("stressed desserts, live evil, drawer reward").people == []


@pytest.mark.parametrize(
    "text",
    [
        "R18一次創作漫画DL販売。似てる芸能人がいるとか言われるけど偶然です、完全オリキャラ",
        "AI R18イラストの依頼は架空キャラのみ。水瀬ことりさんみたいな実在の方はお断りしてます",
    ],
)
def test_a_likeness_denied_or_a_named_person_refused_is_no_target(
    detector: Detector, text: str
) -> None:
    assert not detector.classify_text(text).flagged


def test_a_likeness_claimed_is_still_a_target(detector: Detector) -> None:
    result = detector.classify_text("水瀬ことりっぽいって言われる子のAIヌード、1枚500円")
    assert result.flagged and result.people == ["T01"]
