"""What writers AL and AM taught (crawler/detect/data/WRITER_train29.md, WRITER_train30.md):
fans' nicknames made from a Japanese name, a name part in leetspeak, function words that
are no name, and harmless posts in the adverts' words. Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry

PEOPLE = [
    WatchlistEntry("M1", "瀬戸口 ちひろ", "せとぐち ちひろ", (), "model"),
    WatchlistEntry("M2", "宇佐美 瑞穂", "うさみ みずほ", (), "athlete"),
    WatchlistEntry("M3", "柊 ゆずは", "ひいらぎ ゆずは", (), "streamer"),
    WatchlistEntry("M4", "真壁 蓮華", "まかべ れんげ", (), "singer"),
    WatchlistEntry("M5", "Nadya Kusumawardhani", "", (), "singer"),
    WatchlistEntry("M6", "藤堂 すみれ", "とうどう すみれ", ("Sumire Todo",), "actress"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("セトチヒのコラ、新作あるよ 1枚300円", "M1"),  # two kana of each part
        ("うさみんの衣装脱衣AI、試合写真から作ります", "M2"),  # family name + ん
        ("ゆずゆずのAI脱がし画像あるけど買う？", "M3"),  # two kana of the given name twice
        ("れんげ姫 コラ 新作 1枚250円", "M4"),  # 姫 after a given name
        ("Jual deepfake N4dya, paket 10 foto", "M5"),  # a name part in leetspeak
    ],
)
def test_fan_forms_name_the_person(detector: Detector, text: str, person: str) -> None:
    assert detector.classify_text(text).people == [person]


def test_a_function_word_is_no_name_part(detector: Detector) -> None:
    """Todo is M6's family name in her alias and Spanish for "all"."""
    result = detector.classify_text("mis fotos exclusivas, todo real, nada de IA")
    assert "M6" not in result.people


@pytest.mark.parametrize(
    "text",
    [
        "Man charged over selling AI nudes of a singer through a paid Telegram channel",
        "Cuidado: hay cuentas que venden 'desnudos IA' de una cantante. Denúncienlas",
        "Someone posted a deepfake pack ad in our fan server. Mods, please ban and report",
        "「写真送ってくれたら脱衣加工します」系のDMが来ても、絶対に写真を送らないで",
        "Circular escolar: riesgos de las apps que 'desnudan' fotos con IA",
    ],
)
def test_harmless_posts_in_the_adverts_words(detector: Detector, text: str) -> None:
    assert not detector.classify_text(text).flagged, text


def test_german_and_french_undressing_offers(detector: Detector) -> None:
    assert detector.classify_text(
        "Ich entferne die Kleidung aus jedem Foto, das du mir schickst"
    ).flagged
    assert detector.classify_text("Montages IA nus d'une influenceuse, 5€ la photo, DM").flagged


@pytest.mark.parametrize(
    "text",
    [
        "同人誌（成人向け・オリジナル作品）頒布　架空の登場人物です　18歳未満購入不可",
        "Listing: nude-tone ballet flats, size 38, worn twice. $20 + shipping",
        "Deepfakes sexuels : un homme condamné pour avoir vendu des images truquées d'une mannequin",
        "Schüler fälschten Nacktbilder von Mitschülerinnen – Schule schaltet Polizei ein",
    ],
)
def test_writers_an_and_ao_harmless_posts(detector: Detector, text: str) -> None:
    """Writers AN and AO (train31, train32): an age gate on a fiction sale, a colour, news."""
    result = detector.classify_text(text)
    assert not result.flagged and not result.minor_risk, text


def test_a_college_classmate_is_no_minor(detector: Detector) -> None:
    result = detector.classify_text(
        "Your crush, your classmate from college — one photo is enough. NSFW. $8"
    )
    assert result.flagged and not result.minor_risk


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("れいれい（モデルの方）の脱衣加工やってます", "D1"),  # a two-kana given name twice
        ("Hago deepfakes de Ximenita, pago por transferencia", "D2"),  # a diminutive
        ("Vendo nudes IA da Thaisinha, 5 por 20 reais", "D3"),
        ("Nadyaaa (the indo singer) deepfake commissions open", "D4"),  # stretched letters
        ("하윤 노출 합성 1장 5천원", "D5"),  # a declared two-syllable Hangul name alone
    ],
)
def test_more_fan_forms(text: str, person: str) -> None:
    detector = Detector(
        [
            WatchlistEntry("D1", "三雲 玲", "みくも れい", (), "model"),
            WatchlistEntry("D2", "Ximena Carvajal", "", (), "actress"),
            WatchlistEntry("D3", "Thaís Moreira", "", (), "model"),
            WatchlistEntry("D4", "Nadya Kusumawardhani", "", (), "singer"),
            WatchlistEntry("D5", "김하윤", "", ("하윤",), "idol"),
        ]
    )
    assert detector.classify_text(text).people == [person]
