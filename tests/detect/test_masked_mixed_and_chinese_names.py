"""Name forms met in the sixth round of writers' data: a kanji family name with a masked kana
given name (宮﨑ひ●の), a three-character Chinese name with its middle character masked (林*晴)
or replaced by the Latin initial of its reading (林S彤, 沈X遥), a Chinese two-character name
alone (苏蔓); the masked-spelling table, filled at the first text with a mask, answers the same
before and after; and the signal words that came with them. Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector, WatchlistEntry
from crawler.detect.replies import reply_spans

PEOPLE = [
    WatchlistEntry("M01", "宮﨑 陽菜乃", "みやざき ひなの", ("ひなのん",), "actress"),
    WatchlistEntry("M02", "渡邊 千颯", "わたなべ ちはや", (), "idol"),
    WatchlistEntry("M03", "林语晴", "リン・ユーチン", (), "singer"),
    WatchlistEntry("M04", "沈 夕遥", "シェン・シーヤオ", ("遥遥",), "singer"),
    WatchlistEntry("M05", "林思彤", "リン・スートン", (), "influencer"),
    # Two people whose names differ only in the middle: 林○美 could be either.
    WatchlistEntry("M06", "林真美", "", (), "model"),
    WatchlistEntry("M07", "林由美", "", (), "model"),
    WatchlistEntry("M08", "苏蔓", "スー・マン", ("蘇蔓",), "streamer"),
    WatchlistEntry("M09", "陳芷妍", "チェン・ジーイェン", ("芷妍",), "singer"),
    WatchlistEntry("M10", "森 愛", "もり あい", (), "idol"),
    WatchlistEntry("M11", "蒋梓萱", "ジャン・ズーシュエン", (), "actress"),
    WatchlistEntry("M12", "藍晴語", "ラン・チンユー", ("蓝晴语",), "singer"),
    WatchlistEntry("M13", "서다온", "ソ・ダオン", (), "idol"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("宮﨑ひ●のの脱衣コラ追加。伏せ字にしてるけど誰かはわかるよね", "M01"),
        ("宮崎ひな○ のAIヌード、1枚500円", "M01"),
        ("渡辺ち◯や のディープフェイク、本物っぽさ重視で作ります", "M02"),
        ("林*晴的AI脱衣图出售，懂的私聊", "M03"),
        ("林〇晴 AI去衣图 要的私", "M03"),
        ("沈X遥 AI去衣图 要的私 我不打全名怕被封", "M04"),
        ("林S彤（台湾出身の歌手）のフェイクヌード、DMで", "M05"),
        # The last character masked or lettered; an alias masked; Hangul names too.
        ("蒋梓X 的AI换脸视频，私人定制", "M11"),
        ("蒋梓X童星时期照片的AI去衣图，私聊", "M11"),
        ("蓝q语 AI裸照定制，接单中", "M12"),
        ("서X온 딥페이크 합성 판매", "M13"),
        ("서다○ 딥페이크 합성 판매", "M13"),
    ],
)
def test_masked_given_names_and_masked_chinese_names(
    detector: Detector, text: str, person: str
) -> None:
    assert detector.classify_text(text).people == [person]


@pytest.mark.parametrize(
    "text",
    [
        # A three-character name masked in its family character.
        "○语晴的AI脱衣图出售",
        "X语晴的AI脱衣图出售",
        # A letter that starts a Latin word is no mask.
        "蒋梓Xander 的AI换脸视频",
        # A letter between kanji that begin and end no watched name.
        "東京A組のAI脱衣コラ",
    ],
)
def test_masks_that_fit_no_one_name_no_one(detector: Detector, text: str) -> None:
    assert detector.classify_text(text).people == []


def test_a_mask_two_people_fit_lists_both_for_the_reviewer(detector: Detector) -> None:
    assert sorted(detector.classify_text("林*美的AI脱衣图出售").people) == ["M06", "M07"]


def test_the_masked_table_is_filled_at_the_first_masked_text() -> None:
    fresh = Detector(PEOPLE)
    # The counts fill the table; a lookup before them must see the same spellings.
    assert fresh.classify_text("林*晴的AI脱衣图出售").people == ["M03"]
    counted = fresh.watchlist.masked_count
    assert counted == Detector(PEOPLE).watchlist.masked_count > 0
    assert fresh.watchlist.pattern_count > counted


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("苏蔓 AI去衣图定制，一张30元，三张80元", "M08"),
        ("近期网络流传的苏蔓AI合成不雅图片出售", "M08"),  # inside a run of Chinese
        ("蘇蔓的AI裸照，私訊", "M08"),
        ("芷.妍 深偽色圖，想要的私", "M09"),
    ],
)
def test_a_chinese_two_character_name_alone(detector: Detector, text: str, person: str) -> None:
    result = detector.classify_text(text)
    assert result.people == [person]
    assert result.flagged


def test_a_japanese_two_kanji_name_still_needs_an_honorific(detector: Detector) -> None:
    assert detector.classify_text("森愛 AI脱衣コラ 1枚500円").people == []
    assert detector.classify_text("森愛ちゃんのAI脱衣コラ 1枚500円").people == ["M10"]


def test_a_chinese_name_alone_in_a_text_with_no_signal_names_no_one(detector: Detector) -> None:
    assert detector.classify_text("苏蔓今天直播唱歌").people == []


THREAD_WITH_OFFER = (
    "スレ：運動会のビデオ撮影どうしてる？\n"
    "1: 三脚禁止になってから撮りにくい\n"
    "2: 望遠で頑張るしかない\n"
    "3: 運動会とか体育祭の写真持ってる人、AIで裸にするから送って。1枚500円\n"
    "4: 通報しました"
)


def test_a_report_in_one_reply_does_not_lift_the_minor_floor_of_another(
    detector: Detector,
) -> None:
    result = detector.classify_text(THREAD_WITH_OFFER)
    assert result.flagged and result.minor_risk


def test_a_warning_reply_that_names_the_offer_still_lifts_it_in_its_own_reply(
    detector: Detector,
) -> None:
    # The warning and the minor offer it reports are in the same reply: news of it, no offer.
    thread = (
        "スレ：学校からのお知らせ\n"
        "1: 体育祭の写真をAIで裸にする業者がいるそうです。通報しました、注意してください\n"
        "2: 了解です"
    )
    assert not detector.classify_text(thread).minor_risk


def test_reply_spans_split_only_a_thread() -> None:
    assert reply_spans("one line: no thread") == []
    assert reply_spans("title\n1: only one reply") == []
    spans = reply_spans(THREAD_WITH_OFFER)
    assert len(spans) == 5
    assert THREAD_WITH_OFFER[spans[3][0] :].startswith("3: 運動会")


@pytest.mark.parametrize(
    "text",
    [
        "No celebs here — we only do regular people. Exes, coworkers, whoever. AI nudes $10",
        "taking requests for irl people only, no celebs. send the insta @ and I'll do the "
        "no-clothes version",
        "【一般人リクエスト】有名人以外ならだれでもOK（元恋人、知り合い）。写真は最低2枚、"
        "料金1人2,500円〜、AIで脱がせます",
    ],
)
def test_turning_celebrities_away_for_private_people_is_no_disclaimer(
    detector: Detector, text: str
) -> None:
    result = detector.classify_text(text)
    assert result.flagged
    assert "private_only" in {r.family for r in result.reasons}


def test_no_celebs_among_fiction_words_stays_a_disclaimer(detector: Detector) -> None:
    result = detector.classify_text(
        "commissions open: NSFW OCs only, no celebs, no real people. $20"
    )
    assert not result.flagged
    assert "disclaimer" in {r.family for r in result.reasons}


NICKNAMED = [
    WatchlistEntry("N01", "桐生 七海", "きりゅう ななみ", (), "athlete"),
    WatchlistEntry("N02", "宮﨑 紗羽", "みやざき さわ", (), "idol"),
    WatchlistEntry("N03", "城之内 彩葉", "じょうのうち いろは", (), "influencer"),
    WatchlistEntry("N04", "苏蔓", "スー・マン", (), "streamer"),
    WatchlistEntry("N05", "Ana Souza", "アナ・ソウザ", (), "model"),
]


@pytest.fixture(scope="module")
def nicknamed() -> Detector:
    return Detector(NICKNAMED)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("ななちー（競泳の）水着→AI脱衣、リクエスト受付中", "N01"),
        ("さわちんの脱衣AI画像つくりました、1枚600円", "N02"),
        ("ななぴー (競泳) のフェイクヌード、commission 受付中", "N01"),
    ],
)
def test_nickname_endings_after_the_first_kana(nicknamed: Detector, text: str, person: str) -> None:
    assert nicknamed.classify_text(text).people == [person]


@pytest.mark.parametrize(
    "text",
    [
        # いろは doubled is いろいろ, "all sorts".
        "「AIで脱がせる」アプリがいろいろ出ていますが、依頼された写真の服を消します",
        # Man + tan is Indonesian for an ex.
        "Bisa bikin foto bugil mantan dari 1 foto IG. DM aja",
        # アナ is the title here, not Ana.
        "女子アナっぽい子の脱衣画像 有料で配布中",
    ],
)
def test_words_that_look_like_a_nickname_name_no_one(nicknamed: Detector, text: str) -> None:
    assert nicknamed.classify_text(text).people == []


@pytest.mark.parametrize(
    ("entry", "text"),
    [
        # Two sounds of each part, a small kana with the one before: きりゅ + まし.
        (
            WatchlistEntry("K01", "桐生 真白", "きりゅう ましろ", (), "singer"),
            "きりゅましのフェイクヌード作れる人募集、報酬出します",
        ),
        # Three kana of a long family name and ん.
        (
            WatchlistEntry("K02", "宮ノ内 葵", "みやのうち あおい", (), "influencer"),
            "みやのん の脱衣AI画像、リクエストで作ります",
        ),
        # The first kana of the given name and にゃ.
        (
            WatchlistEntry("K03", "一ノ瀬 杏", "いちのせ あん", (), "actress"),
            "あんにゃの撮影会写真から脱衣AI、リクエスト枠3つ",
        ),
    ],
)
def test_more_fan_nicknames(entry: WatchlistEntry, text: str) -> None:
    assert Detector([entry]).classify_text(text).people == [entry.id]


PREFIXED = [
    WatchlistEntry("H01", "Bianca Villaluna", "", ("Bea Villaluna",), "actress"),
    WatchlistEntry("H02", "Ayu Kartikasari", "", (), "actress"),
    WatchlistEntry("H03", "ณิชา รัตนวงศ์", "", ("Nicha Rattanawong",), "actress"),
    # Written given name first; the alias in Vietnamese order says Vy is the given name.
    WatchlistEntry("H04", "Thảo Vy Nguyễn", "", ("Nguyễn Thảo Vy",), "singer"),
]


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("grabe si Ate Bea sa finale ng teleserye", "H01"),
        ("Mbak Ayu di sinetron baru cantik banget ya", "H02"),
        ("Jangan beli foto editan Kak Ayu ya, itu palsu", "H02"),
        ("น้องณิชา ละครเรื่องใหม่สนุกมาก", "H03"),
        ("Mọi người đừng mua ảnh AI của chị Vy, report giúp mình", "H04"),
    ],
)
def test_a_given_name_after_an_honorific_written_before_it(text: str, person: str) -> None:
    assert Detector(PREFIXED).classify_text(text).people == [person]


@pytest.mark.parametrize(
    "text",
    ["I ate Bea's cake", "Bea", "minum teh Ayu"],  # no honorific, or tea
)
def test_a_given_name_with_no_honorific_before_it_names_no_one(text: str) -> None:
    assert Detector(PREFIXED).classify_text(text).people == []
