"""Who lives in the platform test world: fictional creators, sellers and their posts.

Every person is fictional; the "real named people" are the demo watchlist's invented
celebrities (crawler/demo_site/watchlist.csv). Texts follow the storefront wording of the
demo world (news reports and platform notices), in Japanese and English, and nothing is
explicit. `target` marks what must be flagged, `minor` what must go to analysts only.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Work:
    """A post, article, commission work or flea-market item."""

    id: str
    title: str
    text: str
    published: str  # ISO 8601 with offset, as the platforms' APIs give it
    price: int = 0  # yen: fee of the post's plan, or the item's price


@dataclass(frozen=True)
class Creator:
    platform: str
    key: str  # the platform's stable id (what the profile stores as account key)
    handle: str
    name: str
    bio: str
    works: tuple[Work, ...]
    plans: tuple[tuple[str, int, str], ...] = ()  # name, yen, description
    target: bool = False
    minor: bool = False
    extra: dict[str, str] = field(default_factory=dict)
    people: tuple[str, ...] = ()  # demo watchlist ids the storefront names


FANTIA = (
    Creator(
        "fantia",
        "31415",
        "31415",
        "AI美女ラボ・ファンクラブ",
        "有名人に酷似したAI美女画像を毎日更新。最上位の「リクエスト」プランでは好きな女優・アイドルを毎月1人指定できます。",
        (
            Work(
                "270001",
                "【新作】鷺ノ宮○奈 似 AI美女 vol.3",
                "アイドルの鷺ノ宮○奈ちゃんに酷似したAI美女です。服を脱がす加工ありの高画質版はスタンダード以上で公開中。",
                "2026-11-20T21:00:00+09:00",
                1500,
            ),
            Work(
                "270002",
                "リクエスト受付のお知らせ",
                "リクエストプランの会員さまは人物名（芸能人OK）と希望のシチュエーションを送ってください。",
                "2026-11-18T20:00:00+09:00",
            ),
            Work(
                "270003",
                "女優 東雲 環葉 風 AIグラビア #2",
                "ドラマで話題の東雲 環葉さんを模したAI生成画像です。リクエストプランの方からのリクエスト作品。",
                "2026-11-10T19:30:00+09:00",
                5000,
            ),
        ),
        (
            ("スタンダード", 1500, "顔そのままの高画質版"),
            ("リクエスト", 5000, "好きな女優・アイドルを毎月1人リクエスト"),
        ),
        target=True,
        people=("D001", "D002"),
    ),
    Creator(
        "fantia",
        "27182",
        "27182",
        "Deepfake Idol Club",
        "Face-swap art of your favorite J-idols: Himari Tokisaka and more. Request any celebrity on the Premium tier.",
        (
            Work(
                "270101",
                "H. Tokisaka lookalike set #4",
                "New face-swap set of Himari Tokisaka (adult lookalike). Undress version for Premium members.",
                "2026-11-21T12:00:00+09:00",
                8000,
            ),
        ),
        (("Premium", 8000, "Name any celebrity: 20 images per request"),),
        target=True,
        people=("D003",),
    ),
    Creator(
        "fantia",
        "16180",
        "16180",
        "ゆるふわ風景写真部",
        "週末に撮った風景写真と撮影のコツを載せています。",
        (
            Work(
                "270201",
                "紅葉の渓谷",
                "今週は渓谷の紅葉を撮りました。三脚とNDフィルターの使い方も書いています。",
                "2026-11-19T08:00:00+09:00",
            ),
        ),
        (("応援", 300, "撮影地の詳しい情報"),),
    ),
)

FANBOX = (
    Creator(
        "fanbox",
        "88000101",
        "iroha_ai_works",
        "いろはAIワークス",
        "AIで作った“そっくりさん”画像集。推しのリクエストは上位プランで。",
        (
            Work(
                "7100001",
                "琥珀谷いろは 似 AI美女 #12",
                "アイドルの琥珀谷いろはさんに激似のAI美女画像。脱がし加工ver.は500円プランで公開。",
                "2026-11-22T18:00:00+09:00",
                500,
            ),
            Work(
                "7100002",
                "リクエスト枠のお知らせ",
                "好きなアイドルを指名してリクエストできます。",
                "2026-11-15T18:00:00+09:00",
                0,
            ),
        ),
        (("そっくり", 500, "そっくりさん画像 毎週"),),
        target=True,
        people=("D012",),
    ),
    Creator(
        "fanbox",
        "88000102",
        "nightveil_en",
        "Night Veil Studio",
        "Deepfake sets of Japanese announcers. Saki Shiratsubaki requests open for supporters.",
        (
            Work(
                "7100101",
                "Saki Shiratsubaki face-swap vol.2",
                "Fake images of announcer Saki Shiratsubaki. Paid requests: tell me your celebrity.",
                "2026-11-23T10:00:00+09:00",
                1000,
            ),
        ),
        (("Supporter", 1000, "Weekly deepfake sets"),),
        target=True,
        people=("D004",),
    ),
    Creator(
        "fanbox",
        "88000103",
        "minori_sketch",
        "みのりスケッチ",
        "水彩で動物と植物を描いています。メイキングは支援者向けです。",
        (
            Work(
                "7100201",
                "ハリネズミの水彩メイキング",
                "下塗りから仕上げまでの手順です。",
                "2026-11-20T09:00:00+09:00",
                100,
            ),
        ),
        (("応援", 100, "メイキング"),),
    ),
)

CIEN = (
    Creator(
        "cien",
        "4101",
        "4101",
        "コラ職人K（Ci-en支部）",
        "女子アナ専門のアイコラ職人です。白椿アナなど局アナ中心。会員限定で高解像度版を配布しています。",
        (
            Work(
                "990001",
                "白椿アナ アイコラ 新作",
                "朝の情報番組でおなじみの白椿アナのアイコラです。顔だけ差し替えた合成。会員限定で高画質版。",
                "2026-11-21T22:00:00+09:00",
                500,
            ),
            Work(
                "990002",
                "天花寺アナ コラ #5",
                "リクエストの多かった天花寺アナのフェイク画像です。",
                "2026-11-12T22:00:00+09:00",
                500,
            ),
        ),
        (("会員", 500, "アイコラ新作の閲覧"),),
        target=True,
        people=("D004", "D010"),
    ),
    Creator(
        "cien",
        "4102",
        "4102",
        "ひだまりゲーム開発室",
        "ドット絵のRPGを個人で作っています。開発日誌を週1回更新。",
        (
            Work(
                "990101",
                "開発日誌 第40回",
                "戦闘バランスを調整しました。次回は町のBGMについて。",
                "2026-11-22T12:00:00+09:00",
            ),
        ),
        (("応援", 200, "開発版のダウンロード"),),
    ),
)

SKEB = (
    Creator(
        "skeb",
        "5501",
        "rion_ai_commission",
        "AIコラ依頼所",
        "芸能人OK。女優の千早川 凛音さんなどのAI画像・アイコラを依頼で制作します。",
        (
            Work(
                "1",
                "千早川 凛音 AI画像（依頼作品）",
                "女優の千早川 凛音さんに似せたAIコラ画像を依頼で制作しました。服を脱がす加工も承ります。",
                "2026-11-19T15:00:00+09:00",
                5000,
            ),
        ),
        (("art", 5000, ""),),
        target=True,
        people=("D005",),
    ),
    Creator(
        "skeb",
        "5502",
        "sotsual_ai",
        "卒アルAI加工所",
        "卒アル・学校行事の写真からAIで制服JK画像を作ります。クラスメイトの写真でもOK。",
        (
            Work(
                "1",
                "制服JK AI加工（依頼作品）",
                "体育祭の写真をもとにした制服AI画像です。琥珀谷いろはさんの未成年時代の卒アル写真からも作れます。",
                "2026-11-17T15:00:00+09:00",
                3000,
            ),
        ),
        (("art", 3000, ""),),
        target=True,
        people=("D012",),
        minor=True,
    ),
    Creator(
        "skeb",
        "5503",
        "haru_illust",
        "はるイラスト",
        "オリジナルキャラクターのイラストを描きます。ファンアートは要相談。",
        (
            Work(
                "1",
                "オリジナル魔法使いの少女",
                "依頼主さまのオリジナルキャラクターを描きました。",
                "2026-11-16T11:00:00+09:00",
                8000,
            ),
        ),
        (("art", 8000, ""),),
    ),
)

# Flea-market sellers exist only on their item pages (the search finds items, not sellers).
FRIL = (
    Creator(
        "rakuma",
        "s7c1f0a",
        "s7c1f0a",
        "のあ★AIショップ",
        "",
        (
            Work(
                "3f2a9c01d4e5b6a7c8d9e0f1a2b3c4d5",
                "月詠 乃亜 似 AI画像 データ販売 20枚",
                "アイドルの月詠 乃亜ちゃんに激似のAI生成画像データです。リクエストで脱がし加工も可能。",
                "2026-11-21T09:00:00+09:00",
                2500,
            ),
        ),
        target=True,
        people=("D009",),
        extra={"encoding": "euc-jp"},
    ),
    Creator(
        "rakuma",
        "s0b2e9d",
        "s0b2e9d",
        "コラ工房みなと",
        "",
        (
            Work(
                "8e1d2c3b4a5968778695a4b3c2d1e0f9",
                "東雲 環葉 コラ 依頼受付 1枚から",
                "女優の東雲 環葉さんのアイコラ（フェイク画像）を1枚から制作します。芸能人の指名OK。",
                "2026-11-20T10:00:00+09:00",
                3000,
            ),
        ),
        target=True,
        people=("D002",),
    ),
    Creator(
        "rakuma",
        "s5d9a11",
        "s5d9a11",
        "古本ねこ堂",
        "",
        (
            Work(
                "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
                "AI 画像 生成 入門 本（中古）",
                "画像生成AIの入門書です。書き込みなし、カバーに小さな傷があります。",
                "2026-11-22T13:00:00+09:00",
                900,
            ),
        ),
    ),
)

PLATFORMS = {"fantia": FANTIA, "fanbox": FANBOX, "cien": CIEN, "skeb": SKEB, "rakuma": FRIL}
# The Skeb account whose followed creators seed the Skeb crawl (it follows the others).
SKEB_SEED = "haru_illust"
# The words the flea-market profile searches for in the test (one finds nothing).
FRIL_KEYWORDS = ("AI 画像", "コラ 依頼")


def everyone() -> list[Creator]:
    return [c for group in PLATFORMS.values() for c in group]
