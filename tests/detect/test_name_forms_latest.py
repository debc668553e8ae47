"""Name forms learnt from writers X and Y (crawler/detect/data/WRITER_train12.md, 13):
Latin names a letter off (latin_fuzzy.py), Japanese names in simplified Chinese, a given
name shortened before a nickname suffix, Kunrei romaji before an honorific, "-inspired".
Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry

PEOPLE = [
    WatchlistEntry("L01", "Jenna Whitmore", "", ("jennaplays",), "streamer"),
    WatchlistEntry("L02", "Valentina Orozco", "", ("Vale",), "singer"),
    WatchlistEntry("L03", "Isadora Vilela", "", ("Isa",), "talent"),
    WatchlistEntry("L04", "髙橋 紬", "たかはし つむぎ", (), "idol"),
    WatchlistEntry("L05", "七瀬 琴羽", "ななせ ことは", (), "idol"),
    WatchlistEntry("L06", "Kanyapat Siriwong", "", (), "actress"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Jenna Whitmor nudes (AI), new batch", "L01"),  # a letter left out
        ("Valentina Orosco deepfake set, $30", "L02"),  # a letter changed
        ("Valnetina Orozco fakes, dm", "L02"),  # two neighbours swapped
        ("Isa Villela nudes de IA, pack novo", "L03"),  # one-word alias as the given name
        ("Orozco Valentinna 合成", "L02"),  # family name first, a letter added
        ("出售 高桥紬 AI换脸裸照 私聊", "L04"),  # simplified Chinese 桥 for 橋
        ("ことっち似の生成エロ毎日投下中", "L05"),  # ことは shortened before っち
        ("Tumugi-chan AI nudes, full pack", "L04"),  # Kunrei romaji before an honorific
        ("Kanyapat-inspired AI model, topless set", "L06"),  # a lookalike suffix
    ],
)
def test_name_found_in_a_form_sellers_write(detector: Detector, text: str, person: str) -> None:
    assert detector.classify_text(text).people == [person]


@pytest.mark.parametrize(
    "text",
    [
        "Jenna Whitlock live tonight",  # two edits in the family name
        "Valentine Orosco",  # one edit in each name: two over the pair
        "Jenna and her friend Orozco",  # the two names are not neighbours
    ],
)
def test_ordinary_words_near_a_name_name_no_one(detector: Detector, text: str) -> None:
    assert detector.classify_text(text).people == []


def test_a_shortened_given_name_shared_by_two_people_names_neither() -> None:
    twins = [
        WatchlistEntry("T01", "星野 りんか", "ほしの りんか", (), "idol"),
        WatchlistEntry("T02", "水瀬 りんね", "みなせ りんね", (), "idol"),
    ]
    assert Detector(twins).classify_text("りんちゃんのAIコラ売ります").people == []
    assert Detector(twins[:1]).classify_text("りんちゃんのAIコラ売ります").people == ["T01"]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # A refusal's list names no one targeted (negative_disclaimer.yaml).
        ("$15 tier: monthly R18 pinups of my OCs. Absolutely no real people or lookalikes.", False),
        ("Spicy AI art. I won't do celebs, streamers or 'inspired by' requests", False),
        ("R18 AIイラスト支援プラン。キャラクターは実在の人物とは無関係です", False),
        # Suing a seller is news (negative_news.yaml).
        ("Jenna Whitmore sued the site that was selling deepfake nudes of her", False),
        # Asking around for a maker of a private person's fake is a request
        # (commerce_requests.yaml, real_person_world.yaml).
        ("マッチングアプリの相手の写真、脱がせる人いる？", True),
        ("need someone to deepfake my ex into a porn clip", True),
    ],
)
def test_refusals_suits_and_unpaid_requests(detector: Detector, text: str, flagged: bool) -> None:
    assert detector.classify_text(text).flagged is flagged


@pytest.mark.parametrize(
    ("text", "flagged", "minor_risk"),
    [
        # "Clothing removal" is undressing, not a content-removal service.
        ("Clothing removal service. Upload, wait 1h, download. No questions asked.", True, False),
        # A French nude edit of high-school girls: a minor with an undressing word.
        ("Quelqu'un fait des montages nus à partir de photos de lycéennes ? DM", True, True),
        # A parent's question and a school's policy are warnings, not offers.
        (
            "My daughter's friend found an AI-edited photo of herself. What can parents do?",
            False,
            False,
        ),
        (
            "Our school's policy on deepfakes: altering images of classmates is a "
            "disciplinary offense.",
            False,
            False,
        ),
    ],
)
def test_undressing_abroad_and_protective_contexts(
    detector: Detector, text: str, flagged: bool, minor_risk: bool
) -> None:
    result = detector.classify_text(text)
    assert (result.flagged, result.minor_risk) == (flagged, minor_risk)


def test_a_name_written_without_a_space_is_split_by_its_reading() -> None:
    unspaced = [
        WatchlistEntry("U01", "髙橋ひなの", "たかはし ひなの", (), "idol"),
        WatchlistEntry("U02", "藤堂真白", "とうどう ましろ", (), "actress"),
    ]
    detector = Detector(unspaced)
    assert detector.classify_text("ひなのちゃんのAIエロ画像、1枚500円").people == ["U01"]
    assert detector.classify_text("ましろ様の透け加工あります DMどうぞ").people == ["U02"]
    assert detector.classify_text("ましろんの濡れ場AI画像、販売します").people == ["U02"]


def test_given_name_with_n_names_no_one_when_two_people_share_it() -> None:
    shared = [
        WatchlistEntry("S01", "藤堂 真白", "とうどう ましろ", (), "actress"),
        WatchlistEntry("S02", "星野 ましろ", "ほしの ましろ", (), "idol"),
    ]
    assert Detector(shared).classify_text("ましろんの濡れ場AI画像、販売します").people == []


@pytest.mark.parametrize(
    "text",
    [
        "mit 15 im Schul-Stream, Deepfake-Nacktpaket zu verkaufen",
        "na época da base (sub-15), montagem pelada, vendo pack",
        "졸업앨범 사진으로 합성 가능? 고1 애들. 돈 드림",
        "练习生时期(15岁) AI去衣合集 出售",
        "ｼﾞｪｰｼｰ 脱がし ｺﾗ 受付中",
    ],
)
def test_minor_said_in_passing_is_minor_risk(detector: Detector, text: str) -> None:
    result = detector.classify_text(text)
    assert result.flagged and result.minor_risk


@pytest.mark.parametrize(
    "text",
    [
        "at 15 Euros per pic, AI nude sets, DM",  # a price, not an age
        "ジェシカ・モローのディープフェイク動画、海外から入手。欲しい方どうぞ",  # a name, not JC
    ],
)
def test_prices_and_names_are_not_ages(detector: Detector, text: str) -> None:
    assert not detector.classify_text(text).minor_risk


def test_a_polish_surname_with_a_stroked_l_is_found_typed_either_way() -> None:
    from crawler.detect import Detector
    from crawler.detect.watchlist import WatchlistEntry

    detector = Detector([WatchlistEntry("P1", "Zuzanna Kołodziejczyk", "", (), "actress")])
    for text in (
        "AI nahe fotky Kołodziejczyk, balik 300 kc",
        "AI nahe fotky Kolodziejczyk, balik 300 kc",
    ):
        assert detector.classify_text(text).people == ["P1"], text


def test_a_groups_short_name_with_any_of_her_positions_names_the_idol() -> None:
    from crawler.detect import Detector
    from crawler.detect.watchlist import WatchlistEntry

    idol = WatchlistEntry(
        "P1",
        "九条 澪",
        "くじょう みお",
        ("Pastel♡Orbit 紫", "Pastel♡Orbit エース", "パスオビ 紫", "渡辺 澪"),
        "idol",
    )
    detector = Detector([idol])
    for text in ("パスオビのエースの裸AI、10枚3000円です", "パスオビ エースのAIコラ 有償"):
        assert detector.classify_text(text).people == ["P1"], text
    # Her own name among the aliases is no group: 渡辺 with a position names no one.
    assert detector.classify_text("渡辺の紫のAIコラ 有償").people == []


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Valentine Orosco deepfake nudes, dm", "L02"),  # one letter off in each name
        ("Valen Orozko desnuda IA - pack 40 fotos", "L02"),  # cut short, and a letter off
        ("Jennna Whitmoore AI nudes, new batch", "L01"),  # a letter added to each
    ],
)
def test_in_an_advert_a_name_may_be_two_letters_off_or_cut_short(
    detector: Detector, text: str, person: str
) -> None:
    assert detector.classify_text(text).people == [person]


@pytest.mark.parametrize(
    "text",
    [
        "Valentine Orosco",  # no signal word: someone else
        "Nadhya Larsatii AI nudes, dm",  # two letters off in one word
        "Ayy Kartikasar AI nudes, dm",  # a word under five letters takes no edit
    ],
)
def test_loose_latin_names_stay_within_their_limits(detector: Detector, text: str) -> None:
    more = Detector(
        [
            *PEOPLE,
            WatchlistEntry("L07", "Nadya Larasati", "", (), "actress"),
            WatchlistEntry("L08", "Ayu Kartikasari", "", (), "actress"),
        ]
    )
    assert detector.classify_text(text).people == []
    assert more.classify_text(text).people == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("#elifkaradumanifşa yapay zeka serisi geldi, 120₺, dm", True),  # a word after it
        ("#leakedelifkaraduman yapay zeka serisi geldi, 120₺, dm", True),  # a word before it
        ("leakedelifkaraduman yapay zeka serisi geldi, 120₺, dm", False),  # no hashtag
    ],
)
def test_a_full_name_run_together_inside_a_hashtag(text: str, found: bool) -> None:
    detector = Detector([WatchlistEntry("H1", "Elif Karaduman", "", (), "actress")])
    assert (detector.classify_text(text).people == ["H1"]) is found


def test_digits_for_letters_inside_a_cyrillic_name() -> None:
    detector = Detector([WatchlistEntry("C1", "Соломія Ярмолюк", "", (), "singer")])
    text = "новий сет 'С0л0мія Ярм0люк' 🔞 ШІ-роздягання, 30 фото, 350 грн"
    assert detector.classify_text(text).people == ["C1"]
