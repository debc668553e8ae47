"""Cases met in the ninth session's writers' data: names as European languages spell, decline
and shorten them, names across Latin and Cyrillic letters, and the twelve languages' words
for see-through edits and for ordinary shops. Fictional people only."""

from __future__ import annotations

import datetime

import pytest

from crawler.detect import Detector, WatchlistEntry
from crawler.detect.central_romaji import central_romaji_views
from crawler.detect.cross_script_names import cyrillic_consonants, latin_consonants
from crawler.detect.european_diminutives import declined_surnames, diminutives
from crawler.detect.normalize import Normalizer, kanji_numeral_view

PEOPLE = [
    WatchlistEntry("N01", "宮園 ノア", "みやぞの のあ", (), "influencer"),
    WatchlistEntry("N02", "渡邊 千晶", "わたなべ ちあき", (), "announcer"),
    WatchlistEntry("N03", "松本 つかさ", "まつもと つかさ", (), "model"),
    WatchlistEntry("N04", "吉田 潤", "よしだ じゅん", (), "actress"),
    WatchlistEntry("N05", "山崎 しおり", "やまざき しおり", (), "actress"),
    WatchlistEntry("N06", "宮沢 ちひろ", "みやざわ ちひろ", (), "idol"),
    WatchlistEntry("N07", "小野寺 あおい", "おのでら あおい", (), "singer"),
    WatchlistEntry("N08", "斎藤 ひなた", "さいとう ひなた", (), "announcer"),
    WatchlistEntry("N09", "濵田 こはる", "はまだ こはる", (), "singer"),
    WatchlistEntry("N10", "Олеся Коваленчук", "オレシャ・コヴァレンチューク", (), "model"),
    WatchlistEntry("N11", "Мирослава Теслюк", "ミロスラヴァ・テスリュク", (), "singer"),
    WatchlistEntry("N12", "Юлія Гнатюк", "ユリア・フナチュク", (), "athlete"),
    WatchlistEntry("N13", "Zuzanna Wójcikowska", "ズザンナ・ヴイチコフスカ", (), "athlete"),
    WatchlistEntry("N14", "Klára Bezděková", "クラーラ・ベズジェコヴァー", (), "actress"),
    WatchlistEntry("N15", "Linnea Håkansdotter", "リンネア・ホーカンスドッテル", (), "athlete"),
    WatchlistEntry("N16", "Fleur van Dijkhuizen", "フルール・ファン・ダイクハウゼン", (), "model"),
    WatchlistEntry("N17", "Ludovica Ferraresi", "ルドヴィカ・フェッラレージ", (), "singer"),
    WatchlistEntry("N18", "Oliwia Brzezińska", "オリヴィア・ブジェジンスカ", (), "actress"),
    WatchlistEntry("N19", "Соломія Гайдамаха", "ソロミヤ・ハイダマハ", (), "singer"),
    WatchlistEntry("N20", "Милана Воротынцева", "ミラナ・ヴォロティンツェワ", (), "influencer"),
    WatchlistEntry("N21", "林雨彤", "リン・ユートン", (), "streamer"),
    WatchlistEntry("N22", "Carla Mendonça", "カルラ・メンドンサ", (), "model"),
    WatchlistEntry("N23", "Katrina Dimaculangan", "カトリーナ・ディマクランガン", (), "actress"),
    WatchlistEntry("N24", "ياسمينة القصار", "ヤスミーナ・アル＝カッサール", (), "singer"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        # Japanese names in Czech, Polish, Swedish, Dutch, Indonesian and Turkish letters.
        ("Noa Mijazono (japansk influencer) deepfake 18+, pris i DM", "N01"),
        ("Objednávky: Čiaki Watanabe, AI svlékání, 100 Kč/ks", "N02"),
        ("Cukasa Macumoto, AI svlékání, 100 Kč za kus", "N03"),
        ("Džun Jošida, nové AI svlékání, 100 Kč za kus", "N04"),
        ("Robię nagie fotki AI: Sziori Jamazaki, ceny od 20 zł", "N05"),
        ("Sjiori Jamazaki nep-naakt via AI, €7 per plaatje", "N05"),
        ("Open request deepfake bugil: Syiori Yamazaki, harga nego", "N05"),
        ("Open request deepfake bugil: Cihiro Miyazawa, harga nego", "N06"),
        ("Çihiro Miyazava'nın AI çıplak setleri, tanesi 75 TL", "N06"),
        # Czech gives a foreign woman's surname -ová, and declines it.
        ("Po kauze zpěvačky Aoi Onoderové nabízíme nahé AI fotky", "N07"),
        ("Prodám AI nahé fotky Hinaty Saitóové, balíček za 300 Kč", "N08"),
        # ちゃん as Russian anime slang spells it.
        ("Коха-тян — діпфейк-відео 18+, ціни в особистих", "N09"),
        # Cyrillic names in Latin letters: in a case, and by Ukraine's and Czech rules.
        ("prodayu AI nyudsy Olesi Kovalenchuk, 300 rub za foto", "N10"),
        ("Vypadá úplně jako Myroslava Tesljuk, AI nahá sada za 250 Kč", "N11"),
        ("Looks like Myroslava Teslyuk, AI nude set for 10 USDT", "N11"),
        ("Yuliia Hnatiuk AI nudes, 5 for $10", "N12"),
        ("Julija Hnatjuk nahé AI fotky, 100 Kč", "N12"),
        # Diminutives, and a name or surname alone in a case.
        ("Zuzia z kadry 'rozebrana' przez AI, kto chce, pisać na priv", "N13"),
        ("Sobowtór Wójcikowskiej, to nie ona, nagie zdjęcia AI za 40 zł", "N13"),
        ("Dvojnice Klárky B., není to ona, AI akty, 20 ks za 350 Kč", "N14"),
        ("Бот раздевает кого угодно, хоть Лесю, голая версия за 299 ₽", "N10"),
        ("Мирославочка без одягу від нейромережі, свіжий сет, пишіть у лс", "N11"),
        ("Похожа на Мирославу, но это не она, сет ню от нейросети, 300 ₽", "N11"),
        ("Ser ut exakt som Linnis men är inte hon, AI-nakenset för 200 kr", "N15"),
        ("'Fleurtje' lookalike pakket 🔞 is niet echt haar, 25 pics voor €10", "N16"),
        # A Swedish or Dutch genitive -s on a name.
        ("Linneas avklädda AI-bilder är klara, DM:a för pris", "N15"),
        ("Sjiori Jamazakis nakna AI-bilder, beställ i DM", "N05"),
        # A Chinese nickname of the doubled last character, in pinyin.
        ("Tongtong fakes, HD, $3 per pic, USDT only", "N21"),
        # Latin names written in Cyrillic, and Cyrillic names in Latin letters, in cases.
        ("Делаю дипфейк 18+ с Людовикой Феррарези, заказы в личку", "N17"),
        ("Приймаю замовлення на дипфейк 18+ з Олівією Бжезінською, від 400 грн", "N18"),
        ("Sobowtórka Sołomii Hajdamachy, to nie ona, sesja AI 18+", "N19"),
        ("Tváře na přání, třeba Solomija Hajdamachová, AI 18+", "N19"),
        ("Milana Vorotıntseva'ya tıpatıp benziyor, AI +18 setler satılık", "N20"),
        ("Очень похожа на Соломию Гайдамаху, это не она, ИИ-фотосет 18+", "N19"),
        # Western names in Arabic letters, with a glued "for"; an Arab name in Latin letters.
        ("أستقبل طلبات ديب فيك +18 للودوفيكا فيراريزي، السعر من 20 دولار", "N17"),
        ("شبيهة كاترينا ديماكولانغان، مجموعة صور ساخنة 20 صورة بـ 12 دولار", "N23"),
        ("Yasmina El Kassar ke naye AI nudes aa gaye, 30 pics ka pack, DM karo", "N24"),
    ],
)
def test_names_across_european_spellings(detector: Detector, text: str, person: str) -> None:
    assert person in detector.classify_text(text).people


@pytest.mark.parametrize(
    "text",
    [
        # A surname in the plural is a family, not her (the genitive -s needs a full name).
        "Mendonças of Lisbon, AI nude edits for sale",
        # Carla gives no Carlos, Олеся no Алиса's fox: those pet forms are not made.
        "Carlos AI nude edits, 5 for $10",
        # A Cyrillic surname in lower case is a word, not her.
        "цена воротынцева 18+ AI",
        # Two Cyrillic words that share no consonants with anyone watched.
        "Продаю нейро-ню, Большая Распродажа 18+",
    ],
)
def test_no_one_is_named(detector: Detector, text: str) -> None:
    assert detector.classify_text(text).people == []


def test_an_english_text_gets_no_central_european_reading() -> None:
    normalizer = Normalizer()
    assert central_romaji_views(normalizer.normalize("Custom focus, cute document, love")) == []
    views = central_romaji_views(normalizer.normalize("Šinoda Čiaki"))
    assert [v.key for v in views] == ["shinodachiaki"]


def test_diminutives_and_cases() -> None:
    assert {"zuzia", "zuzka", "zuzi", "zuzanny"} <= set(diminutives("zuzanna"))
    assert {"мирося", "мирославочка", "мироси", "мирославу"} <= set(diminutives("мирослава"))
    assert "леся" in diminutives("олеся") and "лиса" not in diminutives("алиса")
    assert "carlos" not in diminutives("carla")
    assert declined_surnames("wojcikowska") == ["wojcikowskiej", "wojcikowske", "wojcikowskou"]


def test_consonants_agree_across_scripts() -> None:
    pairs = [("Ludovica", "Людовіку"), ("Brzezińska", "Бжезінською"), ("Hajdamachy", "Гайдамаха")]
    for latin, cyrillic in pairs:
        assert latin_consonants(latin) == cyrillic_consonants(cyrillic)
    assert latin_consonants("Worotyncewa") == cyrillic_consonants("Воротынцева")


@pytest.mark.parametrize(
    "text",
    [
        # Clothes made see-through, in Hinglish, Russian and Swedish chat.
        "koi hai jo kapray transparent kar de photo mein? paise dunga",
        "kto mozhet sdelat prozrachnuyu odezhdu na foto? zaplachu",
        "nån som kan göra tröjan genomskinlig på en bild? betalar med swish",
        "Our editor removes clothes from photos in one click, $5 each",
    ],
)
def test_see_through_and_undressing_requests_flag(detector: Detector, text: str) -> None:
    assert detector.classify_text(text).flagged


@pytest.mark.parametrize(
    "text",
    [
        "Nowa dostawa: lakier hybrydowy w kolorze nude, 25 zł, wysyłka InPostem",
        "Nové spodní prádlo v tělových (nude) odstínech, 3 kusy za 999 Kč",
        "Naked cake bestellen? Onze naakte taarten: €35 voor 10 personen, DM",
        "Restauro vecchie foto di famiglia rovinate: 12€ a foto, mandami la foto in privato",
        "Passfoto medan du väntar, 4 bilder för 150 kr. Drop-in hela veckan",
    ],
)
def test_shops_that_share_the_words_do_not_flag(detector: Detector, text: str) -> None:
    assert not detector.classify_text(text).flagged


@pytest.mark.parametrize(
    "text",
    [
        "R18 art of my own OCs. No real people (no, not even Ludovica Ferraresi). $10 tier",
        "Commissioni R18 solo di personaggi originali. Niente persone reali: niente Ferraresi. Tier da 5€",
        "Ilustrasi AI 18+ karakter orisinal saja, bukan orang nyata. Request Ludovica Ferraresi auto tolak.",
        "commissions open: nsfw OCs only, pls don't ask for Ludovica Ferraresi or any other real person",
    ],
)
def test_a_name_the_artist_refuses_targets_no_one(detector: Detector, text: str) -> None:
    result = detector.classify_text(text)
    assert "N17" in result.people  # still reported
    assert not result.flagged


def test_a_negation_near_a_name_without_a_disclaimer_is_no_refusal(detector: Detector) -> None:
    result = detector.classify_text("No watermark: Ludovica Ferraresi AI nude set, $10, DM me")
    assert result.flagged and "N17" in result.people


def _born_fifteen_years_ago() -> int:
    return datetime.date.today().year - 15


@pytest.mark.parametrize(
    "text",
    [
        "Co tydzień rozbierane edycje zdjęć uczennic podstawówki, na życzenie",
        "أبغى أحد يعري صورة بنت عمرها خمسة عشر سنة، أدفع اللي تطلبه",
        "Заплачу тому, кто разденет нейронкой фото четырнадцатилетней девочки",
        "VIP kanal: yıldız kızlar takımının fotoğrafları + AI ile soyulmuş halleri, 300 TL",
        "talent show clips (13 saal) se R18 deepfake, ₹399 pura folder",
        "Продам ШІ-роздягнені фото дівчат {year} р.н., 400 грн",
        "Paczka deepfake 18+ 'rocznik {year}', 25 zdjęć, 100 zł",
    ],
)
def test_minors_in_the_tenth_rounds_words(detector: Detector, text: str) -> None:
    result = detector.classify_text(text.format(year=_born_fifteen_years_ago()))
    assert result.flagged and result.minor_risk


@pytest.mark.parametrize(
    "text",
    ["He is 15 saal ka hai, school news", "Bu arabanın 11 yaşında sahibi, ilan 500 TL"],
)
def test_an_age_with_no_offer_does_not_flag(detector: Detector, text: str) -> None:
    assert not detector.classify_text(text).flagged


def test_a_digit_before_a_counter_is_no_kanji_numeral() -> None:
    normalizer = Normalizer()
    assert kanji_numeral_view(normalizer.normalize("AI画像1枚500円、各1枚でも可")) is None
    view = kanji_numeral_view(normalizer.normalize("7瀬ちゃんのAI画像"))
    assert view is not None and view.key.startswith("七瀬")
