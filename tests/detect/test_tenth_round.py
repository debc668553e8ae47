"""Cases met in the tenth session's writers' data: Thai nicknames in Latin letters, Chinese
names in characters of the same sound, kana nicknames with a long-vowel mark, Korean masks,
voiced and unvoiced family names in romaji, and refusals, news and school letters that must
not flag. Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry
from crawler.detect.chinese_homophones import ChineseHomophones
from crawler.detect.normalize import Normalizer
from crawler.detect.romaji import romaji_variants
from crawler.detect.thai_romanised import thai_nickname_spellings

PEOPLE = [
    WatchlistEntry("T01", "齋藤 楓夏", "さいとう ふうか", ("ふーか",), "announcer"),
    WatchlistEntry("T02", "Elif Karataş", "エリフ・カラタシュ", (), "actress"),
    WatchlistEntry("T03", "박지아", "", ("Park Ji-a",), "actress"),
    WatchlistEntry("T04", "山﨑 柚葉", "やまざき ゆずは", (), "actress"),
    WatchlistEntry("T05", "พิชญาภา รัตนวิจิตร", "", ("แพรว",), "actress"),
    WatchlistEntry("T06", "ธนพร อินทรสุวรรณ", "", ("น้ำหวาน",), "streamer"),
    WatchlistEntry("T07", "กัญญาวีร์ ทองประเสริฐ", "", ("ฟ้าใส",), "athlete"),
    WatchlistEntry("T08", "蘇語晴", "", (), "singer"),
    WatchlistEntry("T09", "闫可馨", "", (), "streamer"),
    WatchlistEntry("T10", "林語彤", "", (), "streamer"),
    WatchlistEntry("T11", "山崎 莉子", "やまさき りこ", (), "idol"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        # A kana nickname whose long-vowel mark the key drops (ふーか is ふか in the key).
        ("ふーかの脱衣AI 料金:一枚八百円 交渉可 DM開放中", "T01"),
        ("女子アナ🔞合成 ふーか・れいちゃん 各¥800", "T01"),
        # A Turkish name read in Arabic letters: six consonants, one part of four.
        ("صور عارية بالذكاء الاصطناعي للممثلة التركية إليف كاراتاش الصورة بـ 5 دولار", "T02"),
        # One syllable of a Korean name cut to its consonant.
        ("박ㅈ아 딥페이크 판매합니다. 드라마 엔딩 장면으로 만든 버전도 있음", "T03"),
        ("박지ㅇ 딥페이크 판매합니다", "T03"),
        # 崎 read saki by one writer, zaki by the next.
        ("Yuzuha Yamasaki AI nudes, 5 for $10, DM", "T04"),
        ("Riko Yamazaki deepfake set, DM for price", "T11"),
        # แ typed as two เ.
        ("ภาพ AI เปลือย เเพรว นักแสดง ขายเป็นเซ็ต ทักแชท", "T05"),
        # Thai nicknames in Latin letters.
        ("ภาพ AI นู้ด Namwan 3 รูป 99 บาท โอนพร้อมเพย์ ส่งไว", "T06"),
        ("Fasai the volleyball girl, AI undressed pics, 10 for $15", "T07"),
        ("Praew deepfake nudes request thread — paying", "T05"),
        # A Chinese name in other characters of the same sound, set apart from other hanzi.
        ("酥雨晴 AI脱衣图 高清 私聊", "T08"),
        ("言可心（懂的都懂）AI一键去衣 新图上架 加V", "T09"),
    ],
)
def test_names_found(detector: Detector, text: str, person: str) -> None:
    assert person in detector.classify_text(text).people


@pytest.mark.parametrize(
    ("text", "person"),
    [
        # The long-vowel rule wants the mark and a word start: no ふか in ふかふか or ぷふーか.
        ("ふかふかの布団、AIで脱衣とかいう広告うざい", "T01"),
        ("ぷふーかのAIコラ", "T01"),
        # Homophones are read only in texts without kana, and only at the ends of a run.
        ("酥雨晴のAI脱衣图 私聊", "T08"),
        ("我们都喜欢酥雨晴唱歌的样子AI脱衣图", "T08"),
    ],
)
def test_names_not_found(detector: Detector, text: str, person: str) -> None:
    assert person not in detector.classify_text(text).people


@pytest.mark.parametrize(
    "text",
    [
        # Refusals that name a watched person (Chinese, Japanese) or lookalikes in general.
        "接稿：原創角色R18插圖，一張800台幣起。不接真人、不接明星臉（像林語彤那種也不行）",
        "AIイラストでR18の自作キャラ集を販売してます。全員架空のキャラで、実在の人の顔は"
        "使ってません（山崎莉子っぽくして、とかも無理です）",
        "OC-only NSFW artist. Tiers: $5 sketches, $15 monthly pinup, $40 custom OC request. "
        "No real people, no celebrity lookalikes, no photo refs of real people.",
        # A creator's own photos, in Spanish.
        "Nuevo pack de fotos mías 🔥 solo +18, 15 fotos por 8€. Link en bio",
        # News of a school case and a school's letter: minors and undressing apps, no offer.
        "A high school in Ohio is investigating after students' yearbook photos were "
        "allegedly run through an 'undress' app. No arrests have been made.",
        "our school just sent a letter about 'nudify' apps and what to do if a student is "
        "targeted. honestly glad they're on it",
    ],
)
def test_harmless_posts_not_flagged(detector: Detector, text: str) -> None:
    verdict = detector.classify_text(text)
    assert not verdict.flagged
    assert not verdict.minor_risk


@pytest.mark.parametrize(
    "text",
    [
        "有冇人幫手將前度張相 AI 除衫，有錢俾",  # Cantonese: an ex's photo, undressed, paid
        "幫人除衫 P 圖，send 相嚟就得，$50 一張",
    ],
)
def test_cantonese_undressing_flagged(detector: Detector, text: str) -> None:
    assert detector.classify_text(text).flagged


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("น้ำหวาน", "namwan"),  # silent ห before ว
        ("ฟ้าใส", "fasai"),  # a vowel written before its consonant
        ("แพรว", "praew"),  # a cluster; the aspirate and the final ว written two ways
        ("แพรว", "phraeo"),
        ("ใบข้าว", "baikhao"),
        ("พลอย", "ploy"),  # อ as the vowel, a final ย as y
        ("เจนนี่", "jenni"),  # จ as j
        ("เฟิร์น", "foen"),  # a consonant under ์ unread, the final after it
    ],
)
def test_thai_nickname_spellings(alias: str, expected: str) -> None:
    assert expected in thai_nickname_spellings(alias)


def test_thai_spellings_only_for_one_thai_word() -> None:
    assert thai_nickname_spellings("แพรว พิชญาภา") == []
    assert thai_nickname_spellings("Praew") == []


def test_family_names_voiced_and_unvoiced() -> None:
    assert "yamasaki" in romaji_variants("yamazaki")
    assert "nakashima" in romaji_variants("nakajima")
    assert "ogawa" in romaji_variants("ogawa")
    assert "kurozawa" in romaji_variants("kurosawa")
    assert romaji_variants("saki") == ("saki",)  # too short to be a family name's ending


def test_homophones_need_three_characters_of_one_reading() -> None:
    finder = ChineseHomophones(
        [
            WatchlistEntry("C1", "郭沛然", "", (), "singer"),
            WatchlistEntry("C2", "苏蔓", "", (), "x"),
        ]
    )
    normalizer = Normalizer()
    found = finder.find(normalizer.normalize("鍋配燃 AI裸照合成 接單中 私訊"))
    assert [(h.person_id, h.start, h.end) for h in found] == [("C1", 0, 3)]
    assert finder.find(normalizer.normalize("酥慢 AI裸照")) == []  # two syllables: no lookup


EUROPEANS = [
    WatchlistEntry("E01", "桐谷 澪", "きりたに みお", ("MIO", "Mio Kiritani"), "model"),
    WatchlistEntry("E02", "小野寺 葵生", "おのでら あおい", ("Aoi Onodera",), "singer"),
    WatchlistEntry("E03", "Giulia Benvenuti", "", (), "singer"),
    WatchlistEntry("E04", "Lotte van Buren", "", (), "singer"),
    WatchlistEntry("E05", "Valentina Ortuño", "", (), "actress"),
]


@pytest.fixture(scope="module")
def europeans() -> Detector:
    return Detector(EUROPEANS)


def test_declared_short_name_that_is_a_word_needs_a_capital(europeans: Detector) -> None:
    own_set = "Nuovo set sul profilo del mio fotografo, 18+ 25€, niente IA, in DM"
    assert "E01" not in europeans.classify_text(own_set).people
    assert "E01" in europeans.classify_text("Mio AI nude set 18+ 25€ in DM").people


def test_a_number_written_alone_is_no_word_in_digits(europeans: Detector) -> None:
    # "40" sits between letters only in the key; read as "ao" + "chama" it named Aoi.
    text = "vendendo deepfake +18, pacote com 40, chama dm"
    assert "E02" not in europeans.classify_text(text).people
    assert "E05" in europeans.classify_text("V*lentina 0rtuño fake nudes for sale, pm").people


@pytest.mark.parametrize(
    "text",
    [
        # A refusal closing on the name, and a Dutch fiction-only notice.
        "Commissioni R18 aperte! Solo personaggi originali o i vostri OC, niente persone reali "
        "(sì, anche se mi chiedete Giulia Benvenuti, la risposta è no). Tier base 20€. DM",
        "NSFW commissies open, alleen fictieve personages en OC's. Ik teken GEEN echte mensen, "
        "ook niet 'gebaseerd op' Lotte. Schets €25, full colour €60.",
        # Asked for an undressing edit, a retoucher answers that it is a crime.
        ">>310 нет, «раздеть» фотку твоей коллеги я не буду. Я ретушёр, а не уголовник.",
        ">>45 no, non ti faccio «la versione senza vestiti» della tua collega. E quello che "
        "chiedi è pure reato.",
        # Own sets, a Swedish passport-photo shop, an Italian warning, Russian news.
        "Nový set je venku 🖤 jsem to já, moje fotky, žádná AI. Předplatné 199 Kč, 18+ set.",
        "Passfoton 150 kr, klara på 5 min. Restaurering av gamla foton från 100 kr. DM.",
        "Girano foto false di Giulia fatte con l'IA, c'è un canale che le vende a 5€. NON "
        "compratele, segnalate il canale e basta.",
        "Creators may not sell content depicting real people in sexual situations without "
        "documented consent. This includes AI-generated or edited images.",
    ],
)
def test_refusals_and_own_sets_abroad_not_flagged(europeans: Detector, text: str) -> None:
    assert not europeans.classify_text(text).flagged


@pytest.mark.parametrize(
    "text",
    [
        "Schick mir ein Foto, ich zieh sie aus 😏 Erste Bearbeitung gratis, danach 4 € pro Bild.",
        "Biete: Kleidung aus Fotos entfernen, sauber retuschiert. Anfragen per PN.",
        "vendo pasta com montagens peladas das minas da faculdade, feitas a partir do insta "
        "delas. chama pv",
        "Re: ¿Alguien quita ropa de fotos? Yo lo hago, queda natural. Pago por adelantado.",
    ],
)
def test_undressing_offers_abroad_flagged(europeans: Detector, text: str) -> None:
    assert Detector(EUROPEANS, model=None).classify_text(text).flagged


@pytest.mark.parametrize(
    "text",
    [
        "Neuer Ordner: Abschlussfotos einer 10. Klasse, alle mit KI ausgezogen. Nur für VIPs.",
        "Nouveau dossier : photos du bal de promo d'un lycée passées au bot déshabillage. VIP.",
    ],
)
def test_minor_offers_in_german_and_french(europeans: Detector, text: str) -> None:
    verdict = europeans.classify_text(text)
    assert verdict.flagged
    assert verdict.minor_risk


def test_more_spellings() -> None:
    people = [
        WatchlistEntry("K01", "남궁시아", "", ("Sia Namgung",), "singer"),
        WatchlistEntry("K02", "Élodie Marchetti", "", (), "athlete"),
        WatchlistEntry("K03", "鳴海 杏奈", "なるみ あんな", (), "announcer"),
    ]
    detector = Detector(people, model=None)
    # 남궁 as Namgoong; a French name of six consonants in Cyrillic; an announcer's family
    # name with its first kanji cut to the reading's initial, before the title.
    assert "K01" in detector.classify_text("who wants Namgoong Sia fakes? got 40, cheap").people
    text = "Продаю ИИ-нюдсы Элоди Маркетти, пишите в личку, оплата криптой"
    assert "K02" in detector.classify_text(text).people
    assert "K03" in detector.classify_text("女子アナ AI脱衣 ・N海アナ 🆕 単品500円").people


def test_group_and_position_with_a_particle_between() -> None:
    idol = WatchlistEntry(
        "G01", "髙橋 芽依", "たかはし めい", ("桜坂スクランブル 青", "サクスク センター"), "idol"
    )
    detector = Detector([idol], model=None)
    assert "G01" in detector.classify_text("サクスクのセンターのAIコラ、リクエスト受付").people
    assert "G01" in detector.classify_text("桜坂スクランブルの青の脱衣コラ").people
    # Another position of the same group is someone else.
    assert "G01" not in detector.classify_text("桜坂スクランブルの赤の脱衣コラ").people


def test_two_letters_then_an_apostrophe_open_no_word() -> None:
    # "ki' diyenler" is no "kid": the key runs the words together, the text does not.
    text = "Sae Katsuragi'ye tıpatıp benzeyen patenci 🔞 AI seti. 'o değil ki' diyenler haklı"
    assert not Detector([], model=None).classify_text(text).minor_risk


def test_family_names_of_given_first_scripts_and_ichinose() -> None:
    people = [
        WatchlistEntry("F01", "तनीषा रघुवंशी", "", ("Tanisha Raghuvanshi",), "influencer"),
        WatchlistEntry("F02", "Алиса Вершинина", "", ("Alisa Vershinina",), "model"),
        WatchlistEntry("F03", "Tereza Hrubešová", "", (), "announcer"),
        WatchlistEntry("F04", "一ノ瀬 さくら", "いちのせ さくら", ("一ノ瀬さくら",), "actress"),
    ]
    detector = Detector(people, model=None)
    # The family name of a Latin alias, alone, for a name written given name first.
    assert "F01" in detector.classify_text("Raghuvanshi AI 18+ 1 pic ₹49 10 pics ₹399").people
    assert "F02" in detector.classify_text("Vershinina AI 18+ 1 bild: 20 kr").people
    # fejků is a Czech word for fakes, which makes the text one about fakes.
    text = "mám hotovou sadu fejků s Hrubešovou, ta moderátorka. Kdo chce, pište"
    assert "F03" in detector.classify_text(text).people
    # 一 after hiragana and before ノ and a kanji is a name's first kanji, no long vowel.
    assert "F04" in detector.classify_text("リクエストいただいた一ノ瀬さくらのAIヌード").people


def test_a_name_part_drawn_out_as_a_call() -> None:
    detector = Detector([WatchlistEntry("M01", "真壁 七海", "まかべ ななみ", (), "streamer")])
    assert "M01" in detector.classify_text("まかべーの配信スクショでAI脱衣、1枚500").people
    assert "M01" in detector.classify_text("ななみーのAIコラ売ってます").people
    # Only at a word's end, and only after hiragana (katakana loanwords end in ー too).
    assert "M01" not in detector.classify_text("まかべーるのAIコラ売ってます").people
    bare = Detector([WatchlistEntry("M02", "朝霧 ばれ", "あさぎり ばれ", (), "athlete")])
    assert "M02" not in bare.classify_text("バレーの代表選手のAIコラ売ってます").people
