"""Signal words met in the sixth round of writers' data: ages and school words in more
languages and forms (当時12, 15歲, umur 14, 14 tuổi, an age in brackets with more words after
it), and the professionals' wordings that report such offers without making one. Fictional
people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry

PEOPLE = [
    WatchlistEntry("S01", "日向 ゆめ", "ひなた ゆめ", (), "athlete"),
    WatchlistEntry("S02", "一ノ瀬 杏", "いちのせ あん", ("あんにゃ",), "actress"),
    WatchlistEntry("S03", "Ayu Pratiwi", "アユ・プラティウィ", (), "singer"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    "text",
    [
        "あんにゃ（当時12）の撮影会写真から脱衣AI、リクエスト枠3つ",
        "Yume Hinata (16, national team) AI nudes, new batch dropping friday",
        "芷晴 15歲拍的廣告照 AI脫衣版 一套5張 NT$500",
        "Ayu Pratiwi waktu masih umur 14, fotonya bisa di-AI telanjang, DM harga",
        "Thảo Vy hồi 14 tuổi, có bản deepfake nude, inbox",
        "Ảnh bạn cùng lớp dưới 18 cũng làm được, cởi đồ AI, thanh toán Momo",
        "Photos de la kermesse de l'école → deepfake porno sur demande",
        "接单：学校军训照片 AI去衣 一张20",
        "有償徵求國中女生的照片做成人換臉",
        "高中舞蹈社女生的演出照，AI去衣定制，私聊",
        "Punya foto adik kelas? Kirim, gue bikinin versi bugil pake AI",
    ],
)
def test_ages_and_school_words_in_more_forms_flag_with_minor_risk(
    detector: Detector, text: str
) -> None:
    result = detector.classify_text(text)
    assert result.flagged and result.minor_risk


@pytest.mark.parametrize(
    "text",
    [
        # A count or a rank at the time is no age.
        "当時1位のAI画像まとめ、1枚500円",
        "当時5万円で買ったAIコラ",
    ],
)
def test_numbers_after_at_the_time_that_are_no_age(detector: Detector, text: str) -> None:
    assert not detector.classify_text(text).minor_risk


@pytest.mark.parametrize(
    "text",
    [
        "原创角色R18插画约稿，拒绝真人、拒绝未成年设定",
        'Warnung: Ein Account bietet KI-"Auszieh"-Bilder von Schülerinnen an. Bitte melden, '
        "nicht teilen.",
        "性的ディープフェイクの作成・提供を禁じる改正条例が県議会で可決。18歳未満の画像を加工した"
        "場合は罰則が重くなる",
        "Projeto de lei criminaliza a criação de nudes falsos com IA; pena aumenta se a vítima "
        "for menor de idade",
        'Kominfo memblokir ratusan situs "undress AI" yang menawarkan edit foto siswi SMA',
        # Harmless posts in the adverts' words.
        "Minor league baseball tickets, 2 for $15, DM me",
        "Sheer blouses are perfect for spring - how to pick an inner layer so it isn't too "
        "see-through",
        "Headshot cleanup for LinkedIn, $10, delivered in 24h",
        "經紀公司聲明：網路流傳的蘇晴嵐不雅照片均為AI合成，已委託律師處理",
        "高校生向け出前授業「性的ディープフェイクと法律」を実施しました",
        "介護用の靴下、脱がせやすいデザインで現場に好評です",
        "りこぴが履いてたのと同じヌードベージュのサンダル、2,800円、DMください",
        "Remove tattoo / remove glasses / change hair colour edits, $8 each. Send your photo via DM",
        "Moderator announcement: selling or requesting AI nudes of anyone = permanent ban.",
    ],
)
def test_reports_and_harmless_posts_in_the_adverts_words_are_no_offers(
    detector: Detector, text: str
) -> None:
    result = detector.classify_text(text)
    assert not result.flagged and not result.minor_risk


@pytest.mark.parametrize(
    "text",
    [
        "写真くれたら服ひっぺがしたるわ。AIちゃう、手作業や。安うしとくで",
        "写真の衣服を取り除く加工を長年手がけております。ご依頼は当方まで",
        "Entferne Kleidung aus jedem Foto, das ihr schickt. Diskret, schnell, Preise auf Anfrage",
        "Can remove garments from photographs for the discerning gentleman. Discretion assured.",
    ],
)
def test_stripping_clothes_in_more_words_is_an_undressing_offer(
    detector: Detector, text: str
) -> None:
    assert detector.classify_text(text).flagged


@pytest.mark.parametrize(
    "text",
    [
        "ひよこ（濵田）の配信画面から作ったR18合成、DL販売中。「AIじゃない」ので通報しても無駄です",
        "鷺沼美月のAIエロ生成、支援者向けに公開中。通報対策で毎回アカウント変えてます",
        "taking reqs: deepfake nudes of Yume Hinata, for research purposes only lol. pay the usual way",
    ],
)
def test_a_seller_dodging_reports_or_the_law_is_selling(detector: Detector, text: str) -> None:
    result = detector.classify_text(text)
    assert result.flagged
    assert "evasion" in {r.family for r in result.reasons}


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("oaM anabihcaT deepfake nudes for sale, dm", "R01"),  # capitals at the words' ends
        ("amE aredonO のAI裸画像まとめ（有料）", "R02"),
    ],
)
def test_a_name_written_backwards_with_its_capitals(text: str, person: str) -> None:
    people = [
        WatchlistEntry("R01", "橘 真央", "たちばな まお", (), "athlete"),
        WatchlistEntry("R02", "小野寺 恵麻", "おのでら えま", (), "singer"),
    ]
    assert Detector(people).classify_text(text).people == [person]


def test_words_with_a_capital_inside_are_not_read_backwards() -> None:
    people = [WatchlistEntry("R03", "Donald Mac", "", (), "model")]
    assert Detector(people).classify_text("Hello World, McDonalD").people == []
