"""Cases met in the eighth and ninth rounds of writers' data: names fans make, names in Thai and
Hangul alone, and named requests turned away. Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry

PEOPLE = [
    WatchlistEntry("T01", "水瀬 ことり", "みなせ ことり", (), "idol"),
    WatchlistEntry("T02", "一ノ瀬 杏", "いちのせ あん", (), "model"),
    WatchlistEntry("T03", "篠原 葵", "しのはら あおい", (), "announcer"),
    WatchlistEntry("T04", "高森 ひより", "たかもり ひより", ("ひよりん",), "idol"),
    WatchlistEntry("T05", "宮﨑 沙耶", "みやざき さや", (), "actress"),
    WatchlistEntry("T06", "Kanyapat Siriwongsakul", "", ("กัญญาภัทร ศิริวงศ์สกุล",), "actress"),
    WatchlistEntry("T07", "남궁하린", "ナムグン・ハリン", ("HARIN",), "idol"),
    WatchlistEntry("T08", "髙宮 みのり", "たかみや みのり", (), "singer"),
    WatchlistEntry("T09", "渡邊 あい", "わたなべ あい", (), "model"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        # A final ん typed as "nn", as a Japanese keyboard takes it.
        ("ichinoseann AI nude edits, 5 for $10", "T02"),
        # A long family name cut to its last kanji's sound: たかもり -> もり.
        ("もりひよのAI脱衣コラ、会員限定で配布中", "T04"),
        # A kana nickname ending written in romaji, in full-width capitals.
        ("ＳＡＹＡＰＩの脱がせAI画像、10枚1000円", "T05"),
        # A Thai given name alone, spaced and run into the sentence.
        ("ขายรูป AI โป๊ กัญญาภัทร รูปละ 50 บาท", "T06"),
        ("ภาพ AI หน้าเหมือนกัญญาภัทร 18+ ไม่ใช่ตัวจริง สนใจทักแชท", "T06"),
        # A Korean given name alone after a two-syllable family name (남궁).
        ("하린 닮은꼴 AI 누드 사진, 본인 아님. 세트 2만원", "T07"),
        # A Japanese given name alone in Hangul, and a kana nickname with ん as ㅇ.
        ("미노리 AI 합성 누드 새로 올렸어요. 유료 채널", "T08"),
        ("히요링 AI 합성 누드 새로 올렸어요. 유료 채널", "T04"),
    ],
)
def test_names_fans_write(detector: Detector, text: str, person: str) -> None:
    result = detector.classify_text(text)
    assert person in result.people


@pytest.mark.parametrize(
    "text",
    [
        # 아이 is the Korean for "child": a two-syllable Japanese name in Hangul is no name alone.
        "아이 사진으로 AI 합성 누드 만들어 드려요",
        # An English word ending in "pi" is no nickname.
        "okapi deepfake nude pack, 10 dollars",
        # A short Thai word inside a run names no one (พลอย is also "gem").
        "ขายรูป AI โป๊ พลอยสวยมาก รูปละ 50 บาท",
    ],
)
def test_words_that_look_like_those_forms_name_no_one(detector: Detector, text: str) -> None:
    assert detector.classify_text(text).people == []


@pytest.mark.parametrize(
    "text",
    [
        "高森ひよりちゃんで描いてって有償依頼が来たけど断りました。うちはオリキャラのR18だけです",
        "ひよりん似の依頼が来たけど断った。架空キャラのR18しかやらないので",
        "Someone offered me $200 to draw Minori Takamiya nude. No. My paid tiers are OCs only.",
        "NSFW commissions for your OCs only. No real people, no 'make her look like Kanyapat' "
        "requests. $40+",
    ],
)
def test_a_named_request_turned_away_is_no_offer(detector: Detector, text: str) -> None:
    result = detector.classify_text(text)
    assert not result.flagged
    assert any(r.family == "disclaimer" for r in result.reasons)


@pytest.mark.parametrize(
    "text",
    [
        # The same names taken, not refused.
        "高森ひよりちゃんで描いてって依頼、受けます。R18 1枚1500円",
        "Someone offered me $200 to draw Minori Takamiya nude. Done, DM for your own, $40",
    ],
)
def test_a_named_request_taken_still_flags(detector: Detector, text: str) -> None:
    assert detector.classify_text(text).flagged


@pytest.mark.parametrize(
    "text",
    [
        "Ojo: hay cuentas que ofrecen desnudos con IA de tu ex por 10 €. Es delito, denúncialas.",
        "Wir löschen Deepfake-Nacktbilder: Pauschale 199 €, Erfolg oder Geld zurück.",
        "あなたの顔写真がAIヌードに悪用されていないか、毎月モニタリングします",
        "コラ画像職人です。うちの猫をいろんな名画にはめ込むコラ、1枚500円で作ります",
    ],
)
def test_warnings_removal_and_pet_collages_are_no_offer(detector: Detector, text: str) -> None:
    assert not detector.classify_text(text).flagged


DECLINED = [
    WatchlistEntry("D01", "Zuzanna Wierzbicka", "", (), "streamer"),
    WatchlistEntry("D02", "Linnea Bergqvist", "", (), "model"),
    WatchlistEntry("D03", "山崎 ひなた", "やまさき ひなた", (), "idol"),
    WatchlistEntry("D04", "小野寺 凛", "おのでら りん", (), "idol"),
    WatchlistEntry("D05", "濵田 玲於奈", "はまだ れおな", (), "idol"),
]


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Nowe AI-nagie Zuzanny Wierzbickiej, zamówienia otwarte, 20 zł za fotkę", "D01"),
        ("Zrobię przeróbkę z Zuzannie Wierzbickiej? Nie, z Zuzanną Wierzbicką, 20 zł", "D01"),
        ("Prodám AI nahé fotky Linney Bergqvistové, 10 ks za 200 Kč", "D02"),
        ("Fejki: zdjęcia Hinaty Yamasaki, rozbierane przez AI, 30 zł", "D03"),
        ("Rozbierane edycje zdjęć Rin Onodery przez AI, zapłacę", "D04"),
        ("Пак японок, схожих на Реону Хамаду, усі голі через нейромережу", "D05"),
    ],
)
def test_a_name_declined_by_slavic_grammar(text: str, person: str) -> None:
    assert person in Detector(DECLINED).classify_text(text).people


@pytest.mark.parametrize(
    "text",
    [
        "Сара в 14 лет, когда снималась в детском сериале — ИИ-раздевание, пиши в ЛС",
        "لما كان عمرها ١٤ سنة في المسلسل — تعديلات عارية بالذكاء الاصطناعي، راسلني",
        "Giulia a 14 anni, ai tempi della serie per ragazzi: pacchetto di deepfake spinti, 20€",
        "Lieke toen ze 13 was, bij die talentenjacht: AI-naaktedits op aanvraag, DM",
        "Ebba när hon var 14 och gjorde sitt första katalogjobb – AI-nakenedits, DM",
        "Ceweknya masih sekolah, umur lima belas. Bisa bikin deepfake 18+? Bayaran nego",
        "Mám fotky, holce je patnáct a ještě chodí na základku. Kdo udělá deepfake 18+?",
        "Маю фото зі шкільної екскурсії, їй п'ятнадцять. Хто зробить діпфейк 18+? Заплачу",
        "Prodám sadu koláží 18+ z fotek holek ročník 2010, platba Revolut",
        "Privat grupp: AI-nakenbilder på tjejer i nian. Inträde 200 kr",
    ],
)
def test_minors_in_more_languages_hold_the_floor(detector: Detector, text: str) -> None:
    result = detector.classify_text(text)
    assert result.flagged and result.minor_risk


@pytest.mark.parametrize(
    "text",
    [
        "Lavoro da 14 anni come fotografo, ritratti 50€",
        "Школьный фотограф: выпускные альбомы для 4, 9 и 11 классов, 1500 ₽ за альбом",
        "Начала фотографировать в 15 лет. Ретушь портретов, 500 руб",
    ],
)
def test_ages_and_school_words_in_a_harmless_shop_are_no_minor_offer(
    detector: Detector, text: str
) -> None:
    result = detector.classify_text(text)
    assert not result.flagged and not result.minor_risk


OTHER_SCRIPTS = [
    WatchlistEntry("S01", "水無瀬 かのん", "みなせ かのん", ("かのんりん",), "idol"),
    WatchlistEntry("S02", "濵田 玲於奈", "はまだ れおな", (), "idol"),
    WatchlistEntry("S03", "小野寺 美羽", "おのでら みう", (), "idol"),
    WatchlistEntry("S04", "Giulia Ferraresi", "ジュリア・フェラレージ", (), "singer"),
    WatchlistEntry("S05", "高橋 ひより", "たかはし ひより", ("どはりん",), "idol"),
    WatchlistEntry("S06", "端 凛", "はし りん", (), "model"),  # 하시린
    WatchlistEntry("S07", "髙槻 ちさと", "たかつき ちさと", (), "idol"),
]


@pytest.mark.parametrize(
    ("text", "person"),
    [
        # Japanese and Western names in Arabic script, a preposition glued to the front.
        ("مين يسوي ديب فيك عاري لـ كانون ميناسي؟ أدفع 100 جنيه على الصورة", "S01"),
        ("باقة بنات يابانيات يشبهون ريونا هامادا، كلها صور عارية بالذكاء الاصطناعي", "S02"),
        ("الصور المنتشرة لريونا هامادا مزيفة ومصنوعة بالذكاء الاصطناعي", "S02"),
        ("صور ميو أونوديرا عارية بالذكاء الاصطناعي", "S03"),
        # ち and つ written with two letters each: تش, تس.
        ("مجموعة جديدة +18 لـ تشيساتو تاكاتسوكي 🔥 الرابط في الخاص", "S07"),
        ("صور جوليا فيراريزي عارية بالذكاء الاصطناعي", "S04"),
        # In Hangul, either order, a particle glued after it.
        ("하마다 레오나를 AI 합성 누드로 만들어 드려요", "S02"),
        ("카논링 합성 누드 새로 올렸어요", "S01"),
    ],
)
def test_names_in_arabic_script_and_hangul(text: str, person: str) -> None:
    assert person in Detector(OTHER_SCRIPTS).classify_text(text).people


@pytest.mark.parametrize(
    "text",
    [
        # どはりん in Hangul is 도하린, a Korean name: a three-syllable nickname ending in ㄴ
        # is not made; and a name read across two words (다카하시 린카) names no one.
        "도하린 딥페이크 합성 사진 판매합니다",
        "다카하시 린카 합성 🔞 장당 5천원",
        # Two Arabic words that only share the sound of one of the parts.
        "صور ريونا عارية بالذكاء الاصطناعي",
    ],
)
def test_names_not_made_or_read_across_words(text: str) -> None:
    assert Detector(OTHER_SCRIPTS).classify_text(text).people == []


@pytest.mark.parametrize(
    "text",
    [
        "Elif'in 15 yaşındayken oynadığı dizi sahnelerinden deepfake çıplak setler. VIP kanal",
        "Nanase is pas 16, maar ik maak toch AI-naaktjes van haar. DM voor prijs",
        "Закрытый канал: фото девочек 2010 г.р. после раздевающего бота. Вход платный",
        "Nanami v 14 let (do debyuta), starye foto razdetye II, pak 1000r",
        "Kanál s fotkami dorostenek z volejbalového turnaje, svlečené přes AI. Vstup 300 Kč",
        "Ebba innan hon fyllde 18: deepfake-nakenbilder från hennes gamla vloggar, 250 kr",
        "Pa-edit naman ng hubad yung pics ng pinsan ko, trese anyos lang siya pero babayaran ko",
        "woh sirf 16 saal ki hain, AI nude edits paid channel",
    ],
)
def test_minors_in_informal_spellings_hold_the_floor(detector: Detector, text: str) -> None:
    result = detector.classify_text(text)
    assert result.flagged and result.minor_risk


def test_a_longer_ending_is_tried_before_its_own_prefix(detector: Detector) -> None:
    # "per vid" must not stop a match short of "per video" (which then failed the word end).
    reasons = detector.classify_text("AI nude edits, $5 per video, DM").reasons
    assert any(r.matched == "per video" for r in reasons)


def test_a_lowercase_cyrillic_word_is_no_name_alone() -> None:
    # ціна ("price") reads "sina" in the Cyrillic view, like Shiina's short form; Swedish
    # "sina" ("their") is a function word.
    people = [WatchlistEntry("C01", "椎名 透子", "しいな とうこ", (), "actress")]
    d = Detector(people)
    assert d.classify_text("ШІ-нюдси, новий сет, ціна в лс").people == []
    assert d.classify_text("Hon varnar sina följare: falska nakenbilder säljs").people == []


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Nie ona, tylko sobowtórka Klary Bezděkovej ;) rozbierane zdjęcia AI, 35 zł", "K01"),
        ("#ميو_هامادا صور AI عارية جديدة، اطلبها في الخاص", "K02"),
        ("prodayu AI nyudsy Olesi Kovalenchuk, 300 rub za foto", "K03"),
    ],
)
def test_more_declined_and_hashtag_forms(text: str, person: str) -> None:
    people = [
        WatchlistEntry("K01", "Klára Bezděková", "", (), "model"),
        WatchlistEntry("K02", "濵田 美羽", "はまだ みう", (), "idol"),
        WatchlistEntry("K03", "Olesya Kovalenchuk", "", (), "singer"),
    ]
    assert person in Detector(people).classify_text(text).people
