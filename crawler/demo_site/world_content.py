"""The seed texts of the demo world (all people and shops are fictional) and the day-by-day changes.

The storefront wording follows public reporting on the trade (public news reports and platform notices):
subscriptions, "request a person on the top plan", masked or spaced names, romaji, emoji,
"adult lookalike" claims and links between platforms. Nothing here is explicit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from crawler.demo_site.world_model import (
    AWKWARD_PATHS,
    JST,
    Account,
    Change,
    Link,
    Media,
    Plan,
    Post,
    RequestOption,
    replace_account,
)

BASE_TIME = datetime(2026, 11, 24, 21, 0, tzinfo=JST)


@dataclass(frozen=True)
class Seed:
    """One post template; `{n}` in title/text becomes the post's running number."""

    title: str
    text: str
    people: tuple[str, ...] = ()
    target: bool = False
    minor: bool = False
    plan: str | None = None


@dataclass(frozen=True)
class ItemSeed:
    title: str
    text: str
    price_yen: int
    price_text: str
    options: tuple[tuple[str, int, str], ...] = ()
    people: tuple[str, ...] = ()
    target: bool = False
    minor: bool = False


def S(
    title: str,
    text: str,
    *people: str,
    target: bool = False,
    minor: bool = False,
    plan: str | None = None,
) -> Seed:
    return Seed(title, text, tuple(people), target, minor, plan)


def fanclub_id(index: int) -> int:
    return 10000 + index * 137


def social_id(index: int) -> int:
    return 1480000000 + index * 104729


def market_id(index: int) -> int:
    return 50000 + index * 13


def _published(index: int, number: int, count: int) -> datetime:
    return BASE_TIME - timedelta(days=(count - number) * 2 + index % 3, hours=index % 5)


def _fanclub(index: int, handle: str, name: str, kind: str, target: bool, bio: str, links: list[Link],
             plans: list[tuple[str, int, str, str]], seeds: list[Seed], count: int, people: tuple[str, ...] = (),
             minor: bool = False, encoding: str = "utf-8", language: str = "ja") -> Account:  # fmt: skip
    acc_id = fanclub_id(index)
    posts = []
    for number in range(count, 0, -1):
        seed = seeds[(number - 1) % len(seeds)]
        post_id = 200000 + index * 100 + number
        media_count = 2 if number % 3 == 0 else 1
        media = tuple(
            Media(f"/fanclub/media/posts/{post_id}/{m}.jpg", "jpeg")
            for m in range(1, media_count + 1)
        )
        posts.append(
            Post(
                post_id,
                "fanclub",
                acc_id,
                seed.title.format(n=number),
                seed.text.format(n=number),
                _published(index, number, count),
                media,
                seed.people,
                seed.target,
                seed.minor,
                seed.plan,
            )
        )
    return Account(
        "fanclub", acc_id, handle, name, bio, kind, target, minor, people, tuple(links),
        tuple(Plan(acc_id * 10 + j, *plan) for j, plan in enumerate(plans, start=1)),
        tuple(posts), encoding, (), language,
    )  # fmt: skip


def _social(index: int, handle: str, name: str, kind: str, target: bool, bio: str, links: list[Link],
            seeds: list[Seed], count: int, people: tuple[str, ...] = (), minor: bool = False,
            language: str = "ja") -> Account:  # fmt: skip
    acc_id = social_id(index)
    posts = []
    for number in range(count, 0, -1):
        seed = seeds[(number - 1) % len(seeds)]
        post_id = 1900000000000 + index * 1000 + number
        media = (Media(f"/social/media/{post_id}-1.png", "png"),) if number % 2 == 1 else ()
        posts.append(
            Post(
                post_id,
                "social",
                acc_id,
                "",
                seed.text.format(n=number),
                _published(index, number, count),
                media,
                seed.people,
                seed.target,
                seed.minor,
            )
        )
    return Account("social", acc_id, handle, name, bio, kind, target, minor, people, tuple(links),
                   (), tuple(posts), "utf-8", (), language)  # fmt: skip


def _market(index: int, handle: str, name: str, kind: str, target: bool, bio: str, links: list[Link],
            items: list[ItemSeed], people: tuple[str, ...] = (), minor: bool = False,
            former: tuple[str, ...] = (), language: str = "ja") -> Account:  # fmt: skip
    acc_id = market_id(index)
    posts = []
    for number in range(len(items), 0, -1):
        seed = items[number - 1]
        item_id = 880000 + index * 10 + number
        media = tuple(
            Media(f"/market/img/items/{item_id}/{m}.jpg", "jpeg") for m in range(1, 2 + number % 2)
        )
        options = tuple(RequestOption(*opt) for opt in seed.options)
        posts.append(
            Post(
                item_id,
                "market",
                acc_id,
                seed.title,
                seed.text,
                _published(index, number, len(items)),
                media,
                seed.people,
                seed.target,
                seed.minor,
                None,
                "utf-8",
                (),
                seed.price_yen,
                seed.price_text,
                options,
            )
        )
    return Account("market", acc_id, handle, name, bio, kind, target, minor, people, tuple(links),
                   (), tuple(posts), "utf-8", former, language)  # fmt: skip


def L(url: str, text: str) -> Link:
    return Link(url, text)


HOSTILE_TEXT = (
    "転載対策のテスト投稿です。次の文字列はそのまま表示されるはずです: "
    "<script>alert(1)</script> / <img src=x onerror=alert(1)> / javascript:alert(1)"
)


def fanclub_accounts() -> list[Account]:
    return [
        _fanclub(0, "ai_bijin_lab", "AI美女ラボ🔞", "storefront", True,
                 "有名人に酷似したAI美女画像を毎日更新📸 月額の会員制です。\nサンプルはSNS、単品リクエストはマーケットで受付中。\n"
                 "最上位の「リクエスト」プランでは好きな女優・アイドルを毎月1人指定できます。",
                 [L("/social/@ai_bijin_lab_samples", "サンプルはこちら（SNS）"),
                  L("/market/sellers/50000", "単品リクエストはマーケットで"),
                  L(AWKWARD_PATHS["huge"], "全投稿アーカイブ（重いです）")],
                 [("ライト", 500, "¥500/月", "毎日の新作AI美女（顔ぼかしあり）"),
                  ("スタンダード", 1500, "¥1,500/月", "顔そのままの高画質版・過去作品見放題"),
                  ("リクエスト", 5000, "¥5,000/月", "好きな女優・アイドルを毎月1人リクエストできます")],
                 [S("【新作】鷺ノ宮○奈 似 AI美女 vol.{n}",
                    "今回はアイドルの鷺ノ宮○奈ちゃんに酷似したAI美女です。服を脱がす加工ありの高画質版はスタンダード以上で公開中。",
                    "D001", target=True, plan="スタンダード"),
                  S("女優 東雲 環葉 風 AIグラビア #{n}",
                    "ドラマで話題の東雲 環葉さんを模したAI生成画像です。リクエストプランの方からのリクエスト作品。次回のリクエスト受付は月末まで。",
                    "D002", target=True, plan="リクエスト"),
                  S("リクエスト受付のお知らせ（{n}月分）",
                    "リクエストプランの会員さまは、DMで人物名（芸能人OK）と希望のシチュエーションを送ってください。1人につき10枚前後お届けします。",
                    target=True),
                  S("更新お休みのお知らせ", "機材トラブルのため数日ほど更新をお休みします。再開後はまとめて投稿します。")],
                 12, ("D001", "D002")),
        _fanclub(1, "deepcollage_k", "コラ職人K", "storefront", True,
                 "女子アナ専門のアイコラ職人です。白椿アナ・天花寺アナなど局アナ中心。\nフェイク画像なので自己責任で。会員限定で高解像度版を配布しています。",
                 [L("/social/@kora_k_sub", "サブ垢（サンプル）"), L("/market/u/kora-k", "単品販売")],
                 [("会員", 500, "月額500円", "アイコラ新作の閲覧"),
                  ("職人指名リクエスト", 3000, "月額3,000円", "お好きなアナウンサーのアイコラを月2枚制作します")],
                 [S("白椿アナ アイコラ 新作{n}", "朝の情報番組でおなじみの白椿アナのアイコラです。顔だけ差し替えた合成なので本人ではありません。", "D004", target=True, plan="会員"),
                  S("天花寺アナ コラ #{n}", "リクエストの多かった天花寺アナ。会員限定で高画質版を置いています。", "D010", target=True, plan="会員"),
                  S("制作環境について", "無料の画像生成ソフトと顔の入れ替えツールで作っています。質問はコメント欄へどうぞ。")],
                 7, ("D004", "D010"), encoding="shift_jis"),
        _fanclub(2, "nightfake_studio", "Night Fake Studio 🌙", "storefront", True,
                 "Face-swap art of your favorite J-idols ✨ Himari Tokisaka, Reina Saginomiya & more.\n"
                 "All subjects are adult lookalikes, not the real people 😉\nRequest any celebrity on the Premium tier. Samples on social → orders on market.",
                 [L("/social/@nightfake_en", "Samples (social)"), L("/market/sellers/50039", "Orders (market)")],
                 [("Basic", 1000, "¥1,000/月", "Weekly face-swap sets"),
                  ("Premium", 8000, "¥8,000/月", "Name any celebrity: 20 images per request, delivered in 7 days")],
                 [S("H. Tokisaka lookalike set #{n}", "New face-swap set of Himari T. (adult lookalike 😉). Undress version for Premium members.", "D003", target=True, plan="Basic"),
                  S("Reina S. deepfake pack {n}", "30 AI images that look just like Reina Saginomiya. Paid requests are open: tell me your celebrity.", "D001", target=True, plan="Premium"),
                  S("Schedule update", "Next drop on Friday. Thanks for supporting the studio!")],
                 8, ("D003", "D001"), language="en"),
        _fanclub(3, "undress_works", "脱衣加工ワークス", "storefront", True,
                 "服を脱がす加工、承ります。お手持ちの写真1枚からOK。\n女優・千 早 川 凛 音 さんなど芸能人の加工実績多数。上位プランでご指名を受付けます。",
                 [L("/market/sellers/50026", "単発のご依頼はマーケットへ")],
                 [("お試し", 300, "月額300円", "加工サンプルの閲覧"),
                  ("指名加工プラン", 4000, "¥4,000/月", "芸能人・一般人を問わず、ご指名の写真を月3枚加工します")],
                 [S("千早川 ◯音 加工サンプル{n}", "女優の千早川さんの写真を服を脱がす加工した見本です（ぼかしあり）。本編は指名加工プランで。", "D005", target=True, plan="お試し"),
                  S("加工の流れ", "1) 写真を送る 2) お支払い 3) 3日以内にお届け。顔の差し替えも可能です。", target=True)],
                 6, ("D005",), encoding="shift_jis_meta"),
        _fanclub(4, "aiko_collection", "AIこれくしょん✨", "storefront", True,
                 "AIで作った“そっくりさん”画像集📸 ア🌸イ🌸コ🌸ラ好きな人向け。\nご本人ではありません（成人のそっくりさんです）。推しのリクエストは💎プランで。",
                 [L("/social/@jutsushi_minato", "依頼は術師さんへ")],
                 [("🌸さくら", 800, "¥800/月", "そっくりさん画像 毎週更新"),
                  ("💎ダイヤ", 10000, "¥10,000/月", "推しを指名してリクエスト（月5枚）")],
                 [S("き🌸りがみね こ🌸こな ちゃん風 {n}", "ここなっつ似のAI美女💕 脱がし加工ver.は💎限定です。", "D006", target=True, plan="🌸さくら"),
                  S("月🌙詠 乃🌙亜 そっくりさん #{n}", "のあたん激似🫶 リクエストありがとうございました！", "D009", target=True, plan="💎ダイヤ")],
                 9, ("D006", "D009")),
        _fanclub(5, "request_yakata", "🅰🅸リクエスト館", "storefront", True,
                 "雛罌粟まどかさん等、女優のAI画像をリクエスト制作しています。上位プランで人物の指定OK。",
                 [L("javascript:alert(1)", "公式サイトはこちら"), L("/fanclub/creators/request_yakata/posts", "作品一覧")],
                 [("閲覧", 1200, "月額1,200円", "AI画像の閲覧"),
                  ("指定リクエスト", 6000, "¥6,000/月", "人物を指定してAI画像を制作（月1名）")],
                 [S("ひなげし○どか AI画像 第{n}弾", "女優の雛罌粟まどかさんそっくりのAI画像です。服を脱がす加工ver.は指定リクエストプランで。", "D008", target=True, plan="閲覧"),
                  S("リクエスト枠 空き状況（{n}月）", "今月の指定リクエスト枠は残り2名です。女優・アイドルどなたでもご相談ください。", target=True, plan="指定リクエスト"),
                  S("ひなげし○どか AI画像 第{n}弾", "女優の雛罌粟まどかさんそっくりのAI画像です。服を脱がす加工ver.は指定リクエストプランで。", "D008", target=True, plan="閲覧"),
                  S("リクエスト枠 空き状況（{n}月）", "今月の指定リクエスト枠は残り1名です。", target=True, plan="指定リクエスト"),
                  S("ひなげし○どか AI画像 第{n}弾", "雛罌粟まどかさん似のAI画像、第{n}弾です。", "D008", target=True, plan="閲覧"),
                  S("注意書き <script>alert(1)</script>", HOSTILE_TEXT, target=False)],
                 6, ("D008",)),
        _fanclub(6, "seifuku_sotsual", "制服AI◆卒アル加工", "storefront", True,
                 "卒アル・学校行事の写真からAIで“制服JK”画像を作ります。クラスメイトの写真でもOK。\n依頼は月額プランからどうぞ。",
                 [L("/market/sellers/50052", "単発依頼")],
                 [("見るだけ", 700, "¥700/月", "制服AI画像の閲覧"),
                  ("持ち込み加工", 3000, "¥3,000/月", "卒アルや学校行事の写真を送ってもらえれば加工します")],
                 [S("制服JK AI 新作{n}", "体育祭など学校行事の写真をもとにしたAI画像です。本編は会員限定。", target=True, minor=True, plan="見るだけ"),
                  S("琥珀谷いろは 未成年時代 制服ver.", "デビュー前の卒アル写真から作ったAI画像。リクエスト多数につき再掲。", "D012", target=True, minor=True, plan="持ち込み加工")],
                 5, ("D012",), minor=True),
        _fanclub(7, "ura_request_room", "裏リクエスト部屋", "storefront", True,
                 "表に出せない作品は会員専用ページへ。有名人の指名はプレミアムのみ受付。",
                 [L(AWKWARD_PATHS["disallowed_private"], "会員専用ページ")],
                 [("会員", 2000, "¥2,000/月", "フェイク画像の閲覧"),
                  ("プレミアム", 9800, "月額9,800円", "有名人の指名リクエスト可")],
                 [S("宵ノ森 鈴音 似 フェイク #{n}", "タレントの宵ノ森さんに似せたフェイク画像。プレミアム会員のリクエスト作品です。", "D007", target=True, plan="会員"),
                  S("風早ミオリ AIコラ {n}", "リクエストいただいた風早ミオリさんのAIコラです。", "D011", target=True, plan="プレミアム")],
                 6, ("D007", "D011")),
        _fanclub(8, "shiratsubaki_official", "白椿紗季 オフィシャルファンクラブ", "official", False,
                 "フリーアナウンサー白椿紗季の公式ファンクラブです。1st写真集『朝凪』の撮影オフショットや、会員限定イベントの情報をお届けします。\n"
                 "※SNS上の偽アカウント・AI合成画像にご注意ください。",
                 [L("/social/@mimamori_patrol", "偽アカウントの通報について")],
                 [("オフィシャル会員", 550, "¥550/月", "写真集オフショット・日記・イベント先行")],
                 [S("写真集『朝凪』オフショット{n}", "沖縄ロケのオフショットです。撮影はカメラマンの方、衣装はスタイリストさん。発売まであと少し！", "D004", plan="オフィシャル会員"),
                  S("偽アカウントへのご注意", "白椿紗季の名前や写真を使ったAI合成画像の販売アカウントが確認されています。公式とは一切関係ありません。見つけた場合は通報をお願いします。", "D004")],
                 7, ("D004",)),
        _fanclub(9, "origin_ai_atelier", "オリジナルAIイラスト工房", "original_art", False,
                 "オリジナルキャラクターのAIイラストを毎週投稿しています。\n実在の人物は不可・実在人物に似せたリクエストもお受けしていません。",
                 [],
                 [("応援", 300, "¥300/月", "週1のイラスト"), ("高解像度", 1000, "¥1,000/月", "高解像度データとラフ")],
                 [S("オリキャラ『ミナモ』AIイラスト{n}", "オリジナルキャラクターのミナモです。背景は雨上がりの港町。"),
                  S("リクエストについて", "オリジナルキャラのリクエストのみ受付。実在の人物・芸能人に似せたリクエストはすべてお断りしています。")],
                 6),
        _fanclub(10, "cosplay_mika", "コスプレ撮影 ミカ", "benign", False,
                 "イベントでのコスプレ撮影記録です。掲載はすべてご本人の許可済み。",
                 [], [("支援プラン", 500, "¥500/月", "撮影記録の全カット")],
                 [S("冬のイベント 撮影記録{n}", "ご協力いただいたレイヤーさん、ありがとうございました。")], 5),
        _fanclub(11, "landscape_ai", "AI風景ギャラリー", "benign", False,
                 "AIで生成した架空の風景を壁紙サイズで配布しています。", [],
                 [("壁紙", 200, "月額200円", "4K壁紙 月10枚")],
                 [S("架空の街「{n}番街」", "夕暮れの架空の街並み。壁紙サイズは支援プランで。")], 4),
        _fanclub(12, "nigaoe_atelier", "手描き似顔絵アトリエ", "portrait_commission", False,
                 "ご本人やご家族の写真から、手描きで似顔絵を描きます。\n芸能人・他人の写真からの依頼はお断りしています。",
                 [L("/market/sellers/50078", "単発のご依頼はマーケットで")],
                 [("ファン", 400, "¥400/月", "制作過程の公開")],
                 [S("似顔絵 制作過程{n}", "水彩で仕上げた結婚祝いの似顔絵です（ご依頼主さまの許可を得て掲載）。")], 5),
        _fanclub(13, "onsen_gohan", "温泉宿ごはん日記", "benign", False,
                 "全国の温泉宿の朝ごはんを記録しています。", [],
                 [("常連", 300, "¥300/月", "宿の詳細レビュー")],
                 [S("朝ごはん記録 その{n}", "今日の宿は山あいの一軒宿。焼き魚と湯豆腐がおいしかったです。")], 6),
        _fanclub(14, "ai_ethics_note", "AI倫理ゼミノート", "news", False,
                 "性的ディープフェイクや生成AIと法律について、ゼミで調べたことをまとめています。", [],
                 [("読者", 300, "¥300/月", "ゼミ資料のPDF")],
                 [S("性的ディープフェイク規制の動向 第{n}回", "アイコラやフェイクポルノの販売が名誉毀損などで摘発された事例を整理しました。被害者の多くは自分の画像が売られていることを知りません。"),
                  S("卒アル写真の悪用について", "学校行事や卒業アルバムの写真が悪用される被害が報告されています。写真の公開範囲を見直しましょう。")],
                 5),
    ]  # fmt: skip


def social_accounts() -> list[Account]:
    return [
        _social(0, "ai_bijin_lab_samples", "AI美女ラボ📸サンプル", "storefront", True,
                "AI美女ラボのサンプル置き場。続きは会員制ファンクラブで🔞 リクエストはマーケットから📩 キャンペーン中！",
                [L("/fanclub/creators/ai_bijin_lab", "ファンクラブ（月額）"), L("/market/sellers/50000", "リクエスト受付"),
                 L(AWKWARD_PATHS["redirect_chain_start"], "キャンペーン")],
                [S("", "鷺ノ宮○奈 似 サンプル{n}枚目 📸 フル版はファンクラブで🔞", "D001", target=True),
                 S("", "東雲環葉 風のAIグラビア、サンプルです。リクエストは最上位プランで受付中✨", "D002", target=True),
                 S("", "本日の更新はお休みです🙏")],
                11, ("D001", "D002")),
        _social(1, "nightfake_en", "Night Fake 🌙 samples", "storefront", True,
                "Samples only. Full sets + paid requests on my fanclub. Adult lookalikes only 😉",
                [L("/fanclub/creators/nightfake_studio", "Fanclub"), L("/market/sellers/50039", "Market")],
                [S("", "Himari T. lookalike sample #{n} 🔥 full set and undress ver. on my fanclub", "D003", target=True),
                 S("", "Paid requests open: name any J-idol, 20 pics for ¥8,000. Link in bio", target=True),
                 S("", "Reina S. deepfake preview — Premium tier gets the full pack", "D001", target=True)],
                9, ("D003", "D001"), language="en"),
        _social(2, "kora_k_sub", "コラ職人K（サブ）", "storefront", True,
                "コラ職人Kのサンプル用サブ垢。本垢はファンクラブ。単品はマーケットで。",
                [L("/fanclub/creators/deepcollage_k", "本垢"), L("/market/u/kora-k", "単品販売")],
                [S("", "白椿アナのアイコラ新作{n}、会員ページに置きました", "D004", target=True),
                 S("", "天花寺アナのコラ、リクエストありがとうございます。月2枚までなら指名OK", "D010", target=True)],
                7, ("D004", "D010")),
        _social(3, "jutsushi_minato", "術師ミナト", "storefront", True,
                "AI術師。Discordのリクエスト鯖で有料依頼を受付中。芸能人・一般人OK。",
                [L("https://discord.example/invite/minato-req", "リクエスト鯖")],
                [S("", "今週のリクエスト{n}件目：霧ヶ峰ここな 似 完成。1枚1,000円〜", "D006", target=True),
                 S("", "風早ミオリ さんの依頼も受けてます。faceset持ち込みなら割引", "D011", target=True),
                 # A fans' nickname on no watchlist (てんげ, from 天花寺): the detector misses
                 # it, and the item page's likely people offer 天花寺 麗 for it.
                 S("", "依頼{n}件目：てんげアナ（朝のニュースの人）の脱がせ、完成しました。1枚1,000円", "D010", target=True)],
                8, ("D006", "D011", "D010")),
        _social(4, "gakkou_gyouji_ai", "学校行事AI📷", "storefront", True,
                "学校行事・卒アルの写真をAIで加工します。JC/JKの制服ver.あり。依頼はDMで。",
                [L("/market/sellers/50052", "依頼フォーム")],
                [S("", "体育祭の写真から作った制服ver. サンプル{n}", target=True, minor=True),
                 S("", "卒アル持ち込みOK、同級生でも大丈夫です", target=True, minor=True)],
                6, minor=True),
        _social(5, "nudify_daikou", "脱がしAI代行", "storefront", True,
                "nudify / undress 代行。1枚500円。芸能人の写真もOK。DMで依頼。",
                [L("/market/sellers/50026", "支払いはこちら")],
                [S("", "undress 代行 {n}件目完了。人物名を送ってくれれば写真探しからやります", target=True),
                 S("", "deepnude系より自然に仕上げます。1枚500円、10枚で4,000円", target=True)],
                10),
        _social(6, "technews_sokuho", "テックニュース速報", "news", False,
                "IT・AIのニュースをお届けします。",
                [],
                [S("", "【速報】女優やアイドルら262人の性的ディープフェイク画像を販売か 会社員の男を逮捕"),
                 S("", "AIで生成したフェイクポルノを約300人分販売、売上は約1,100万円か 札幌"),
                 S("", "東雲環葉さんの所属事務所、AI合成画像について法的措置を表明", "D002"),
                 S("", "卒アル写真が悪用される性的ディープフェイク、中高生の被害相談が相次ぐ")],
                12),
        _social(7, "mimamori_patrol", "見守りパトロール隊", "patrol", False,
                "ネット上の性的ディープフェイク販売を見回るボランティアです。見つけたら購入・拡散せずURLを通報してください。",
                [],
                [S("", "『鷺ノ宮○奈 AI』などで検索すると出てくる販売アカウントに注意。購入・拡散せず、URLを通報してください。", "D001"),
                 S("", "アイコラ・ディープフェイクの販売は名誉毀損などで摘発されています。リクエストに応じるのも加担です。"),
                 S("", "今週の見回り報告{n}：通報したアカウントのうち数件が削除されました。")],
                9),
        _social(8, "deepfake_sakujo", "ディープフェイク削除相談室", "removal_service", False,
                "あなたの写真が無断でAI加工されていませんか？ 削除申請を代行します（初回相談無料）。",
                [L("/market/sellers/50091", "料金")],
                [S("", "フェイク画像の削除申請、今月は{n}件対応しました。ひとりで悩まずご相談ください。"),
                 S("", "アイコラや性的ディープフェイクの削除は、URLと画面の記録が大事です。画像そのものは保存・転送しないでください。")],
                7),
        _social(9, "tamaha_staff", "東雲環葉 STAFF【公式】", "official", False,
                "女優・東雲環葉のスタッフ公式アカウントです。",
                [],
                [S("", "1st写真集『白昼夢』の発売が決定しました！ 先行カットを公開します📷", "D002"),
                 S("", "本人の写真を無断で使用したAI画像が出回っています。公式とは関係ありません。ご注意ください。", "D002"),
                 S("", "ドラマ第{n}話、今夜放送です。", "D002")],
                8, ("D002",)),
        _social(10, "orichara_yuzu", "オリキャラAI絵師 ユズ", "original_art", False,
                "オリジナルキャラクターのAIイラスト。実在の人物は不可です。",
                [L("/market/sellers/50117", "依頼はこちら")],
                [S("", "オリキャラ『ルカ』の新しい衣装です #{n}"),
                 S("", "芸能人に似せてほしいという依頼はすべてお断りしています🙅")],
                6),
        _social(11, "uchi_no_neko", "うちの猫日記", "benign", False,
                "三毛猫のこむぎ（5歳）の日常。", [],
                [S("", "こむぎ、今日も窓辺で日向ぼっこ {n}日目")], 6),
        _social(12, "ramen_meguri", "ラーメン巡り", "benign", False,
                "週末のラーメン記録。", [],
                [S("", "今週の一杯：煮干しそば。スープが澄んでいて最高でした（{n}杯目）")], 7),
    ]  # fmt: skip


def Item(title: str, text: str, price_yen: int, price_text: str, options: tuple[tuple[str, int, str], ...] = (),
      people: tuple[str, ...] = (), target: bool = False, minor: bool = False) -> ItemSeed:  # fmt: skip
    return ItemSeed(title, text, price_yen, price_text, options, people, target, minor)


def market_accounts() -> list[Account]:
    return [
        _market(0, "ai_bijin_lab_m", "AI美女ラボ 出張所", "storefront", True,
                "AI美女ラボのマーケット出張所です。月額会員はファンクラブ、サンプルはSNSで。",
                [L("/fanclub/creators/ai_bijin_lab", "ファンクラブ"), L("/social/@ai_bijin_lab_samples", "サンプル")],
                [Item("お試し AI美女 5枚", "初めての方向けのお試しセットです。", 500, "500円"),
                 Item("【AI美女】鷺ノ宮○奈 似 画像30枚セット", "アイドルの鷺ノ宮○奈ちゃんに酷似したAI美女30枚。服を脱がす加工ver.はオプションで。", 3000, "¥3,000",
                   (("追加リクエスト", 1000, "+¥1,000"), ("服を脱がす加工", 2000, "+¥2,000")), ("D001",), True),
                 Item("東雲環葉 風 AIグラビア 20枚", "女優の東雲環葉さんを模したAIグラビア。", 2500, "2,500円", (), ("D002",), True),
                 Item("人物指定リクエスト（芸能人OK）", "お好きな人物を指定してAI画像を10枚制作します。芸能人もOK。", 5000, "¥5,000",
                   (("1人追加", 3000, "+¥3,000"), ("特急仕上げ", 1500, "+¥1,500")), (), True)],
                ("D001", "D002")),
        _market(1, "kora_k_shop", "コラ職人Kの店", "storefront", True,
                "女子アナのアイコラ単品販売。旧ショップから移転しました。",
                [L("/fanclub/creators/deepcollage_k", "会員はファンクラブへ"), L(AWKWARD_PATHS["redirect_loop"], "旧ショップ")],
                [Item("女子アナ アイコラ 1枚", "ご希望のアナウンサーでアイコラを1枚制作します。", 800, "800円",
                   (("追加リクエスト", 1000, "+¥1,000"),), (), True),
                 Item("白椿アナ コラ 5枚セット", "白椿アナのアイコラ5枚。", 3500, "¥3,500", (), ("D004",), True),
                 Item("天花寺アナ コラ 5枚セット", "天花寺アナのアイコラ5枚。", 3500, "3,500円（税込）", (), ("D010",), True)],
                ("D004", "D010"), former=("kora-k",)),
        _market(2, "nugashi_kakou", "脱がし加工屋", "storefront", True,
                "服を脱がす加工を承ります。写真1枚から。芸能人の写真も対応。",
                [L("/fanclub/creators/undress_works", "月額プラン")],
                [Item("服を脱がす加工 1枚", "お送りいただいた写真1枚を加工します。", 1500, "1,500円",
                   (("顔の差し替え", 1000, "+¥1,000"),), (), True),
                 Item("芸能人写真の加工（実績：千早川さん 等）", "女優・アイドルの写真を加工します。人物名だけでもOK。", 2000, "¥2,000",
                   (("追加リクエスト", 1000, "+¥1,000"),), ("D005",), True),
                 Item("10枚まとめて加工", "まとめてのご依頼はこちら。", 12000, "¥12,000", (), (), True)],
                ("D005",)),
        _market(3, "faceset_trader", "FaceSet Trader", "storefront", True,
                "Facesets and deepfake requests. J-idols on request. All outputs are adult lookalikes.",
                [L("/fanclub/creators/nightfake_studio", "Fanclub"), L("/social/@nightfake_en", "Samples")],
                [Item("Faceset: Himari T. 2,000 imgs", "Clean faceset for face-swap training. Himari Tokisaka, 2,000 aligned images.", 4000, "¥4,000",
                   (), ("D003",), True),
                 Item("Paid request: any J-idol deepfake, 10 pics", "Name the idol, get 10 deepfake images in 5 days. Nudify version available.", 8000, "¥8,000",
                   (("Undress version", 2000, "+¥2,000"), ("Extra person", 3000, "+¥3,000")), (), True),
                 Item("Faceset: Reina S. 1,500 imgs", "Reina Saginomiya faceset, ready for deepfake tools.", 4000, "4000円", (), ("D001",), True)],
                ("D003", "D001"), language="en"),
        _market(4, "sotsual_kakou", "卒アル加工工房", "storefront", True,
                "卒アル・学校行事の写真からAI画像を作ります。制服ver.あり。",
                [L("/fanclub/creators/seifuku_sotsual", "月額プラン")],
                [Item("卒アル写真からAI制服画像", "卒業アルバムの写真1枚から制服姿のAI画像を作ります。", 2000, "2,000円",
                   (("JK制服ver.", 500, "+¥500"),), (), True, True),
                 Item("学校行事の写真 加工", "体育祭・文化祭の写真を加工します。同級生の写真でもOK。", 2500, "¥2,500", (), (), True, True)],
                minor=True),
        _market(5, "lookalike_gallery", "Lookalike Gallery", "storefront", True,
                "Adult lookalike AI images — not the real celebrities. Request your favourite look.",
                [L("/social/@jutsushi_minato", "Discord requests")],
                [Item("宵ノ森すずね 似 AIフォト 15枚", "タレントの宵ノ森さんに似せたAIフォトです（成人のそっくりさん）。", 1800, "1,800円", (), ("D007",), True),
                 Item("いろはむ風 AI 10枚", "琥珀谷いろはちゃん風のAI画像。リクエスト可。", 1500, "¥1,500",
                   (("追加リクエスト", 1000, "+¥1,000"),), ("D012",), True),
                 Item("Custom lookalike request", "Send a name, get 10 lookalike images.", 6000, "¥6,000", (), (), True)],
                ("D007", "D012")),
        _market(6, "nigaoe_popo", "手描き似顔絵 ぽぽ", "portrait_commission", False,
                "手描きの似顔絵を描いています。芸能人・他人の写真からのご依頼はお断りしています。",
                [L("/fanclub/creators/nigaoe_atelier", "制作過程")],
                [Item("手描き似顔絵（ご本人・ご家族）", "お写真から水彩で似顔絵を描きます。", 3000, "¥3,000",
                   (("背景追加", 500, "+¥500"), ("額縁", 1200, "+¥1,200"))),
                 Item("ペット似顔絵", "わんちゃん・ねこちゃんの似顔絵です。", 2000, "2,000円"),
                 Item("ウェルカムボード", "結婚式のウェルカムボードを手描きで。", 6000, "¥6,000")]),
        _market(7, "sakujo_daikou_pro", "削除代行プロ", "removal_service", False,
                "ディープフェイク・アイコラ画像の削除申請を代行します。",
                [L("/social/@deepfake_sakujo", "相談窓口")],
                [Item("ディープフェイク画像の削除申請代行", "プラットフォームへの削除申請を代行します。画像そのものは受け取りません（URLのみ）。", 10000, "¥10,000",
                   (("追加URL", 1000, "+¥1,000"),)),
                 Item("無料相談（30分）", "まずはご相談ください。", 0, "0円")]),
        _market(8, "fumikura_books", "古書店 ふみくら", "benign", False,
                "写真集・古書の買取と販売。すべて正規の出版物です。",
                [],
                [Item("千早川凛音 1st写真集『水鏡』初版 帯付き", "正規の写真集です。初版・帯付き、美品。", 2800, "2,800円", (), ("D005",)),
                 Item("白椿紗季 写真集『朝凪』 未開封", "公式写真集、未開封品です。", 3300, "¥3,300", (), ("D004",))]),
        _market(9, "orichara_commission", "オリキャラAIイラスト受注", "original_art", False,
                "オリジナルキャラクターのAIイラストを受注します。実在の人物は不可。",
                [L("/social/@orichara_yuzu", "作品例")],
                [Item("オリキャラAIイラスト 1枚", "設定資料からオリジナルキャラクターを描きます。実在の人物は不可。", 2000, "¥2,000",
                   (("差分追加", 500, "+¥500"),)),
                 Item("アイコン用イラスト", "SNSアイコン向けのオリジナルキャラです。", 1000, "1,000円")]),
        _market(10, "komorebi_zakka", "ハンドメイド雑貨 こもれび", "benign", False,
                "木のぬくもりを感じるハンドメイド雑貨。", [],
                [Item("木製スプーン", "山桜の木から削り出しました。", 1800, "¥1,800"),
                 Item("刺繍ブローチ", "小さな花の刺繍ブローチ。", 1200, "1,200円"),
                 Item("コースター 4枚組", "くるみの木のコースター。", 2400, "¥2,400")]),
        _market(11, "retro_game_ya", "レトロゲーム屋", "benign", False,
                "中古レトロゲームの販売。動作確認済み。", [],
                [Item("携帯ゲーム機 本体", "動作確認済み、電池蓋あり。", 4800, "¥4,800"),
                 Item("RPGソフト 箱説付き", "箱・説明書付き。", 2200, "2,200円"),
                 Item("コントローラー", "純正品。", 1500, "¥1,500")]),
    ]  # fmt: skip


def base_accounts() -> list[Account]:
    accounts = fanclub_accounts() + social_accounts() + market_accounts()
    return [_with_special_posts(acc) for acc in accounts]


def _with_special_posts(acc: Account) -> Account:
    """The few posts that carry an awkward case: a broken image, a dead link, EUC-JP, hostile text."""
    broken_path = AWKWARD_PATHS["broken_image"]
    posts = []
    for post in acc.posts:
        if f"/posts/{post.post_id}/" in broken_path:
            post = replace(
                post,
                media=(
                    Media(broken_path.replace("/2.jpg", "/1.jpg"), "jpeg"),
                    Media(broken_path, "jpeg", broken=True),
                ),
            )
        if post.post_id == 200002:  # links to a post deleted long ago (404)
            post = replace(
                post, links=(Link(AWKWARD_PATHS["dead_post_404"], "前回の投稿はこちら"),)
            )
        if post.text == HOSTILE_TEXT:  # link text that looks like a script URL, href harmless
            post = replace(
                post, links=(Link("/fanclub/creators/request_yakata", "javascript:alert(1)"),)
            )
        if post.post_id == 200305:  # an old-style post page in EUC-JP
            post = replace(post, encoding="euc_jp")
        posts.append(post)
    return replace(acc, posts=tuple(posts))


def apply_day(day: int, accounts: list[Account]) -> tuple[list[Account], list[Change]]:
    """Apply the changes that happen on `day` and describe them."""
    accounts = list(accounts)
    if day == 2:
        return accounts, _day_two(accounts)
    if day == 3:
        return accounts, _day_three(accounts)
    return accounts, []


def _drop_posts(
    accounts: list[Account], platform: str, handle: str, post_ids: set[int], day: int
) -> list[Change]:
    acc = next(a for a in accounts if a.platform == platform and a.handle == handle)
    replace_account(
        accounts, platform, handle, posts=tuple(p for p in acc.posts if p.post_id not in post_ids)
    )
    return [
        Change(day, "post_deleted", platform, acc.account_id, handle, f"post {pid} deleted", pid)
        for pid in sorted(post_ids)
    ]


def _day_two(accounts: list[Account]) -> list[Change]:
    changes: list[Change] = []
    new_fanclub = _fanclub(15, "ai_idol_factory", "AIアイドル工房🔞", "storefront", True,
                           "AIアイドルのそっくり画像を量産中。指名リクエストは上位プランで（芸能人OK）。\nサンプルはSNS @fake_req_shop で。",
                           [L("/social/@fake_req_shop", "サンプル")],
                           [("スタンダード", 1980, "¥1,980/月", "毎日更新"),
                            ("指名リクエスト", 7700, "月額7,700円", "好きなアイドルを指名（月2名）")],
                           [S("月詠 乃亜 似 AIアイドル{n}", "のあたんに酷似したAI画像。服を脱がす加工ver.は指名リクエストプランで。", "D009", target=True, plan="スタンダード"),
                            S("朱鷺坂ひ○り 風 #{n}", "朱鷺坂ひまりちゃん風のAI美女。リクエスト受付中。", "D003", target=True, plan="指名リクエスト")],
                           6, ("D009", "D003"))  # fmt: skip
    new_social = _social(13, "fake_req_shop", "リクエストAIコラ屋🔞", "storefront", True,
                         "AIコラのリクエスト受付🔞 女優さんもOK。支払いはマーケットで。",
                         [L("/fanclub/creators/ai_idol_factory", "月額はこちら"), L("/market/sellers/50026", "支払い")],
                         [S("", "千早川 凛音 さん風のAIコラ、サンプル{n} 📩リクエスト受付中", "D005", target=True),
                          S("", "ひなげし○どか 似 のリクエスト完成しました。次の枠は来週", "D008", target=True)],
                         6, ("D005", "D008"))  # fmt: skip
    accounts.insert(len([a for a in accounts if a.platform == "fanclub"]), new_fanclub)
    social_end = len([a for a in accounts if a.platform in ("fanclub", "social")])
    accounts.insert(social_end, new_social)
    changes.append(
        Change(
            2,
            "account_added",
            "fanclub",
            new_fanclub.account_id,
            new_fanclub.handle,
            "new storefront",
        )
    )
    changes.append(
        Change(
            2, "account_added", "social", new_social.account_id, new_social.handle, "new storefront"
        )
    )

    changes += _drop_posts(accounts, "fanclub", "ai_bijin_lab", {200011, 200008}, 2)
    changes += _drop_posts(accounts, "social", "ai_bijin_lab_samples", {1900000000009}, 2)
    changes += _drop_posts(accounts, "market", "ai_bijin_lab_m", {880001}, 2)

    lab = next(a for a in accounts if a.platform == "fanclub" and a.handle == "ai_bijin_lab")
    plans = tuple(
        replace(p, price_yen=6000, price_text="¥6,000/月") if p.name == "リクエスト" else p
        for p in lab.plans
    )
    replace_account(accounts, "fanclub", "ai_bijin_lab", plans=plans)
    changes.append(
        Change(
            2,
            "plan_price_changed",
            "fanclub",
            lab.account_id,
            lab.handle,
            "リクエスト: ¥5,000/月 -> ¥6,000/月",
        )
    )

    gallery = next(
        a for a in accounts if a.platform == "market" and a.handle == "lookalike_gallery"
    )
    replace_account(accounts, "market", "lookalike_gallery", handle="lk_gallery_new", display_name="LK Gallery 2nd",
                    former_handles=(*gallery.former_handles, "lookalike_gallery"))  # fmt: skip
    changes.append(Change(2, "account_renamed", "market", gallery.account_id, "lk_gallery_new",
                          "lookalike_gallery / Lookalike Gallery -> lk_gallery_new / LK Gallery 2nd"))  # fmt: skip

    gone = next(a for a in accounts if a.platform == "social" and a.handle == "nudify_daikou")
    accounts.remove(gone)
    changes.append(
        Change(2, "account_removed", "social", gone.account_id, gone.handle, "account vanished")
    )
    return changes


def _day_three(accounts: list[Account]) -> list[Change]:
    lab = next(a for a in accounts if a.platform == "fanclub" and a.handle == "ai_bijin_lab")
    post = Post(200013, "fanclub", lab.account_id, "【新作】天花寺アナ 風 AI美女 vol.13",
                "リクエストプランの会員さまからのリクエストで、女子アナの天花寺アナを模したAI美女を作りました。",
                datetime(2026, 11, 26, 20, 0, tzinfo=JST), (Media("/fanclub/media/posts/200013/1.jpg", "jpeg"),),
                ("D010",), True, False, "リクエスト")  # fmt: skip
    replace_account(
        accounts, "fanclub", "ai_bijin_lab", posts=(post, *lab.posts), people=(*lab.people, "D010")
    )
    return [
        Change(
            3,
            "post_added",
            "fanclub",
            lab.account_id,
            lab.handle,
            "new post naming D010",
            post.post_id,
        )
    ]
