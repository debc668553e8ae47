"""Forms learnt from writers Q and P (crawler/detect/data/WRITER_train17.md, 18): Japanese
names in Hangul and Korean initials (hangul.py), Indonesian, Vietnamese and traditional
Chinese wording, minors in words, and the protective contexts that share their words.
Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry
from crawler.detect.hangul import canonical_hangul, initial_consonants, kana_to_hangul

PEOPLE = [
    WatchlistEntry("K01", "齋藤 玲奈", "さいとう れいな", (), "streamer"),
    WatchlistEntry("K02", "宮ノ下 楓", "みやのした かえで", (), "idol"),
    WatchlistEntry("K03", "Han Seo-yeon", "", ("한서연",), "idol"),
    WatchlistEntry("K04", "髙橋 紬", "たかはし つむぎ", (), "idol"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("kana", "hangul"),
    [
        ("さいとう", "사이토"),  # a long o is not written
        ("たかはし", "다카하시"),  # unaspirated at the start, aspirated inside
        ("けんた", "겐타"),  # ん closes the syllable before it
        ("いっせい", "잇세이"),  # so does っ
        ("ゆうこ", "유코"),  # a long u is not written
        ("しょうこ", "쇼코"),
    ],
)
def test_kana_to_hangul_follows_the_standard_transliteration(kana: str, hangul: str) -> None:
    assert kana_to_hangul(kana) == hangul


def test_kana_without_hangul_and_a_leading_n_give_nothing() -> None:
    assert kana_to_hangul("んな") is None
    assert kana_to_hangul("ゔぁ") is None


def test_aspiration_folds_to_one_form_character_for_character() -> None:
    assert canonical_hangul("타카하시 츠무기") == canonical_hangul("다가하시 쓰무기")
    assert len(canonical_hangul("타카하시")) == 4
    assert initial_consonants("한서연") == "ㅎㅅㅇ"


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("사이토 레이나 닮은꼴 AI 야짤 판매", "K01"),
        ("미야노시타 카에데 합성 누드 팝니다 (일본 아이돌)", "K02"),  # aspirated given name
        ("타카하시 츠무기 딥페이크 합성 사진 판매합니다", "K04"),  # aspirated start, 츠
        ("다카하시 쓰무기 딥페이크 판매", "K04"),  # the standard spelling
        ("츠무기 타카하시 딥페이크 판매", "K04"),  # given name first
        ("ㅎㅅㅇ 딥페 새로 나옴 🔞 문의는 오픈채팅으로", "K03"),  # initial consonants
    ],
)
def test_korean_spellings_name_the_watched_person(
    detector: Detector, text: str, person: str
) -> None:
    result = detector.classify_text(text)
    assert result.people == [person]
    assert result.flagged


@pytest.mark.parametrize(
    "text",
    [
        "ㅋㅋㅋ 딥페 진짜 무섭다",  # laughter, not initials
        "사이토 유키 신곡 좋다",  # another person with the same family name
        "레이나 사이즈 표",  # a given name alone is no one
    ],
)
def test_korean_text_without_a_watched_name_names_no_one(detector: Detector, text: str) -> None:
    assert detector.classify_text(text).people == []


@pytest.mark.parametrize(
    ("text", "minor_risk"),
    [
        ("jual foto bugil AI, bayar via DM", False),  # Indonesian: sell, nude
        ("nhận ghép mặt người yêu cũ vào ảnh nóng, bảo mật tuyệt đối", False),  # Vietnamese
        ("接單 AI換臉成人圖 一張200台幣", False),  # traditional Chinese
        ("Envoie une photo de ta collègue, je te fais une version sans vêtements. 10€", False),
        ("写真の服を消す加工代行 データ納品 ※悪用禁止（笑）", False),  # a wink, not a rule
        ("水着写真→何も着てない風に加工。ご依頼の写真は納品後削除します", False),
        ("jual editan bugil AI anak SMP, foto asli, DM", True),
        ("nhận cởi đồ AI ảnh học sinh cấp 2, inbox giá", True),
        ("selling AI nudes of her from before she turned eighteen 🔞 dm", True),
        ("fifteen and up is fine lol. send pic get the edit. $3", True),
        ("少年団の女の子の写真、透けさせて欲しい。謝礼あり", True),
    ],
)
def test_offers_in_more_languages_flag(detector: Detector, text: str, minor_risk: bool) -> None:
    result = detector.classify_text(text)
    assert (result.flagged, result.minor_risk) == (True, minor_risk)


@pytest.mark.parametrize(
    "text",
    [
        # School notices and warnings that name pupils and undressing apps.
        "学校だより（中学1年）：スマホ講座を実施しました。テーマは「ディープフェイクと肖像権」",
        "Parents: kids are being shown ads for 'undress' apps. Check their phones and talk "
        "about it.",
        "Thông báo: nhà trường không đăng ảnh học sinh lên mạng để tránh bị ghép ảnh AI",
        "Aviso da escola: imagens falsas de alunas do 9º ano feitas com IA estão circulando.",
        # News in Spanish and Chinese, a disclaimer in Chinese, a removal service.
        "La policía detuvo a un hombre que vendía desnudos falsos de una cantante por 20 euros.",
        "警方破获一起AI“一键脱衣”案件，嫌疑人以每张5元的价格出售合成的裸照。",
        "接R18原创角色AI绘图，不接真人，不接明星",
        "deepfake画像の削除します。ご相談は無料です",
    ],
)
def test_protective_contexts_in_more_languages_do_not_flag(detector: Detector, text: str) -> None:
    result = detector.classify_text(text)
    assert (result.flagged, result.minor_risk) == (False, False)


KOREAN_AND_MORE = [
    WatchlistEntry("K11", "Han Seo-yul", "", ("한서율",), "idol"),
    WatchlistEntry("K12", "濱田 杏珠", "はまだ あんじゅ", (), "actress"),
    WatchlistEntry("K13", "小早川 詩乃葉", "こばやかわ しのは", (), "singer"),
]


@pytest.mark.parametrize(
    ("text", "people"),
    [
        # A Korean given name with the familiar suffix, alone or before 언니.
        ("서율이 누드 합성 주문 받아요 장당 5천원", ["K11"]),
        ("안녕 서율 언니", ["K11"]),
        ("김서율이 좋아", []),  # another family name before it: someone else
        ("서율", []),  # no suffix: could be anyone
        # Emoji the signal files know (🔞) between a name's letters.
        ("浜🔞田🔞杏🔞珠 のベッドシーン合成、依頼で作ります", ["K12"]),
        # A Japanese family name with the given name's initial, written apart.
        ("Kobayakawa S. (the singer) deepfake nude set", ["K13"]),
        ("Kobayakawas are great", []),
    ],
)
def test_given_names_in_hangul_emoji_inside_names_and_family_name_initials(
    text: str, people: list[str]
) -> None:
    assert Detector(KOREAN_AND_MORE).classify_text(text).people == people


@pytest.mark.parametrize(
    ("text", "flagged", "minor_risk"),
    [
        ("옷 지우기 합성 해드립니다 사진만 보내주세요 건당 만원", True, False),
        ("AI undress service — any age, no questions asked. dm", True, True),
        ("nonoka's junior idol era pics turned lewd with AI, dm for the folder", True, True),
        ("anyone doing edits of year 10 girls? UK. got pics from sports day", True, True),
        # 発表会 (a recital) is not news: the minor floor holds.
        ("ピアノ発表会の小学生の写真、脱がし加工できる人いますか", True, True),
        (
            "학부모님께: 학생 사진 합성 피해 사례가 발생하여 졸업앨범 사진의 게시를 중단합니다",
            False,
            False,
        ),
        (
            "中学校PTAだより　ディープフェイクとは？お子さんと話し合ってほしい3つのこと",
            False,
            False,
        ),
    ],
)
def test_more_minor_wordings_and_letters_to_parents(
    detector: Detector, text: str, flagged: bool, minor_risk: bool
) -> None:
    result = detector.classify_text(text)
    assert (result.flagged, result.minor_risk) == (flagged, minor_risk)
