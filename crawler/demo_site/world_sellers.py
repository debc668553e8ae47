"""Who runs which accounts: the demo world's ground truth for linking sellers across platforms.

Sellers of these images spread over platforms: a fan club for subscriptions, a social account
for samples, a market shop for single requests, a link-in-bio page tying them together, the
same PayPay id / e-mail / Discord / LINE id in bios and plans, the same sample pictures
re-uploaded. When one account is taken down, a new one comes back under a similar handle.
This module adds those signals to the world (`with_seller_signals`, `apply_day`), says which
accounts one seller runs (`SELLERS`, read into `Account.seller`) and lists the decoys that
look linked but are not (`decoys`). All names, ids and addresses are fictional; the e-mail
domain is demo-mail.test (a reserved test name; example.* addresses are template text and
never identifiers, crawler/link/never_ids.yaml) and the Discord / LINE ids point nowhere.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations

from crawler.demo_site.world_content import (
    Item,
    L,
    S,
    _fanclub,
    _market,
    _social,
    fanclub_id,
    market_id,
    social_id,
)
from crawler.demo_site.world_model import (
    Account,
    Change,
    Decoy,
    LinkPage,
    Media,
    replace_account,
)

PAYPAY_NUGASHI = "nugashi_pay55"
DISCORD_USER_NUGASHI = "nugashi_works"
EMAIL_KORA_K = "kora.k.works@demo-mail.test"
DISCORD_INVITE_MINATO = "discord.gg/minatoreq"
DISCORD_USER_MINATO = "minato_req"
LINE_BIJIN_LAB = "bijinlab_req"
LINE_SOTSUAL = "sotsual_req"
EMAIL_HOSHIZORA = "hoshizora.order@demo-mail.test"
PAYPAY_HOSHIZORA = "hoshizora_pay"
LINK_SERVICE_HOME = "/links/"

# A commission price list copied from a free template site: unrelated shops paste it as is.
STOCK_PRICE_LIST = (
    "【料金表】1枚 1,000円／3枚セット 2,500円／差分 1枚につき+500円／商用利用 +2,000円\n"
    "※納期は2週間前後です。お支払いは前払いでお願いします。"
)
# A "sale" banner from a free stock-picture site, the same file on unrelated accounts.
STOCK_BANNER = "stock/free-banner-winter-sale"

# Index numbers continue the lists in world_content.py (ids derive from them).
HOSHIZORA = {"fanclub": 16, "social": 14, "market": 12}
AI_ART = {"social": 15, "market": 13}
COMEBACK_INDEX = 16  # social, day 3


def _id(platform: str, index: int) -> int:
    return {"fanclub": fanclub_id, "social": social_id, "market": market_id}[platform](index)


SELLERS: dict[str, tuple[tuple[str, int], ...]] = {
    "bijin_lab": (("fanclub", fanclub_id(0)), ("social", social_id(0)), ("market", market_id(0))),
    "kora_k": (("fanclub", fanclub_id(1)), ("social", social_id(2)), ("market", market_id(1))),
    "nightfake": (("fanclub", fanclub_id(2)), ("social", social_id(1)), ("market", market_id(3))),
    # Social accounts that take payment through the shop of the undressing service, and the
    # account that comes back after the first was taken down.
    "nugashi": (
        ("fanclub", fanclub_id(3)),
        ("market", market_id(2)),
        ("social", social_id(5)),
        ("fanclub", fanclub_id(15)),
        ("social", social_id(13)),
        ("social", social_id(COMEBACK_INDEX)),
    ),
    "minato": (("fanclub", fanclub_id(4)), ("social", social_id(3)), ("market", market_id(5))),
    "sotsual": (("fanclub", fanclub_id(6)), ("social", social_id(4)), ("market", market_id(4))),
    "hoshizora": tuple((p, _id(p, i)) for p, i in HOSHIZORA.items()),
    "nigaoe": (("fanclub", fanclub_id(12)), ("market", market_id(6))),
    "sakujo": (("social", social_id(8)), ("market", market_id(7))),
    "orichara": (("social", social_id(10)), ("market", market_id(9))),
}


def seller_of() -> dict[tuple[str, int], str]:
    return {member: seller for seller, members in SELLERS.items() for member in members}


def link_pages() -> tuple[LinkPage, ...]:
    hoshizora = _hoshizora_accounts()
    return (
        LinkPage(
            "hoshizora",
            "星空AIスタジオ🌌 リンクまとめ",
            f"ご依頼・お支払いはこちらから。PayPay ID: {PAYPAY_HOSHIZORA}\n"
            f"メール: {EMAIL_HOSHIZORA}",
            (
                L(hoshizora["fanclub"].path, "月額プラン（ファンクラブ）"),
                L(hoshizora["market"].path, "単品リクエスト（マーケット）"),
                L("https://discord.gg/hoshizora-req", "Discord リクエスト鯖"),
            ),
        ),
    )


def _hoshizora_accounts() -> dict[str, Account]:
    f, s, m = HOSHIZORA["fanclub"], HOSHIZORA["social"], HOSHIZORA["market"]
    sample = Media(f"/social/media/{1900000000000 + s * 1000 + 1}-1.png", "png")
    fanclub = _fanclub(f, "hoshizora_ai", "星空AIスタジオ🌌", "storefront", True,
                       "アイドルそっくりのAI画像を毎週更新。ここなっつ・のあたん似が人気です。\n"
                       "上位プランでは好きなアイドルを指名してリクエストできます（芸能人OK）。",
                       [L(f"/market/sellers/{market_id(m)}", "単品販売はマーケットで")],
                       [("星屑", 900, "¥900/月", "毎週のそっくりAI画像"),
                        ("一番星", 6600, "¥6,600/月", f"好きなアイドルを指名してリクエスト（月2名）。ご相談は {EMAIL_HOSHIZORA} まで")],
                       [S("霧ヶ峰ここな 似 AI画像 vol.{n}", "ここなっつに激似のAI画像です。服を脱がす加工ver.は一番星プランで。", "D006", target=True, plan="星屑"),
                        S("月詠 乃亜 そっくり AI #{n}", "のあたん似のAI美女。指名リクエストは一番星プランから。", "D009", target=True, plan="一番星")],
                       4, ("D006", "D009"))  # fmt: skip
    social = _social(s, "hoshizora_samples", "星空AI📸サンプル", "storefront", True,
                     "星空AIスタジオのサンプル置き場。フル版・リクエストはリンクまとめから🔞",
                     [L("/links/hoshizora", "リンクまとめ")],
                     [S("", "ここなっつ似のAIサンプル{n}枚目📸 フル版はファンクラブで", "D006", target=True),
                      S("", "のあたん似 サンプル。指名リクエスト受付中✨", "D009", target=True)],
                     6, ("D006", "D009"))  # fmt: skip
    market = _market(m, "hoshizora_store", "星空AIストア", "storefront", True,
                     f"星空AIスタジオの単品販売です。お問い合わせ: {EMAIL_HOSHIZORA}\n{STOCK_PRICE_LIST}",
                     [],
                     [Item("霧ヶ峰ここな 似 AI画像 10枚", f"ここなっつ似のAI画像10枚セット。PayPay（ID: {PAYPAY_HOSHIZORA}）払いOK。", 2000, "¥2,000",
                           (("服を脱がす加工", 2000, "+¥2,000"),), ("D006",), True),
                      Item("アイドル指名リクエスト", "好きなアイドルを指名してAI画像を10枚制作します。", 5000, "¥5,000", (), (), True)],
                     ("D006",))  # fmt: skip
    # The same sample picture re-uploaded on the fan club (enlarged, re-compressed) and the
    # market (a pixel cropped off, re-compressed).
    fanclub = _with_media(
        fanclub,
        Media(
            _first_media_path(fanclub, "jpg"),
            "jpeg",
            drawing=sample.path,
            variant="scale:1.02+quality:60",
        ),
    )
    market = _with_media(market, Media(_first_media_path(market, "jpg"), "jpeg", drawing=sample.path, variant="crop:1+quality:60"))  # fmt: skip
    return {"fanclub": fanclub, "social": social, "market": market}


def _ai_art_accounts() -> list[Account]:
    """Two unrelated people who both took the handle `ai_art` (a common handle)."""
    social = _social(AI_ART["social"], "ai_art", "AIアート日記", "original_art", False,
                     "AIで描いた空と海の風景を毎日投稿しています。実在の人物は描きません。",
                     [L(LINK_SERVICE_HOME, "LinkBox")],
                     [S("", "今日の一枚：夕焼けの海 #{n}"), S("", "雲の多い朝の港町")], 6)  # fmt: skip
    market = _market(AI_ART["market"], "ai_art", "AI ART PRINTS", "original_art", False,
                     f"オリジナルのAIアートをポストカードにして販売しています。\n{STOCK_PRICE_LIST}",
                     [],
                     [Item("ポストカード 5枚組", "オリジナル風景AIアートのポストカードです。", 800, "800円"),
                      Item("A4 アートプリント", "額装向けのA4プリント。", 1500, "¥1,500")])  # fmt: skip
    return [social, market]


def _comeback_account() -> Account:
    """Day 3: nudify_daikou was taken down on day 2; the same seller is back under a new handle,
    with the same PayPay id and a re-upload of an old sample (resized, a pixel cropped)."""
    acc = _social(COMEBACK_INDEX, "nudify_daikou2", "脱がしAI代行（新）", "storefront", True,
                  f"nudify / undress 代行の新アカウントです。前のアカは凍結されました。1枚500円。\n"
                  f"支払いは PayPay ID: {PAYPAY_NUGASHI} へ。DMで依頼。",
                  [L(f"/market/sellers/{market_id(2)}", "支払いはこちら")],
                  [S("", "undress 代行 再開しました {n}件目。人物名を送ってくれれば写真探しからやります", target=True),
                   S("", "新アカでも1枚500円、10枚で4,000円。deepnude系より自然です", target=True)],
                  6)  # fmt: skip
    old_sample = f"/social/media/{1900000000000 + 5 * 1000 + 1}-1.png"
    return _with_media(acc, Media(_first_media_path(acc, "png"), "png", drawing=old_sample, variant="scale:0.99+crop:1"))  # fmt: skip


def _first_media_path(acc: Account, ext: str) -> str:
    post = next(p for p in acc.posts if p.media)
    return post.media[0].path.rsplit(".", 1)[0] + "-re." + ext


def _with_media(acc: Account, media: Media) -> Account:
    """The newest post with a picture gets `media` in place of its first picture."""
    index = next(i for i, p in enumerate(acc.posts) if p.media)
    posts = list(acc.posts)
    posts[index] = replace(posts[index], media=(media, *posts[index].media[1:]))
    return replace(acc, posts=tuple(posts))


def _add_media(acc: Account, media: Media) -> Account:
    """Append `media` to the newest post."""
    first = acc.posts[0]
    return replace(acc, posts=(replace(first, media=(*first.media, media)), *acc.posts[1:]))


# Accounts run by nobody else that share a decoy signal (platform, world_content index).
LINK_SERVICE_USERS = (("fanclub", 13), ("fanclub", 11), ("social", 11), ("social", 12),
                      ("market", 10), ("market", 11), ("social", AI_ART["social"]))  # fmt: skip
# A stock picture is on many unrelated accounts (thousands in the wild): thirteen here, one of
# them a storefront (kora_k_shop), so linking by images must recognise it as stock.
BANNER_USERS = (("market", 10), ("market", 11), ("market", 8), ("market", 1), ("fanclub", 13),
                ("fanclub", 11), ("fanclub", 10), ("fanclub", 9), ("fanclub", 14), ("social", 12),
                ("social", 11), ("social", 6), ("social", AI_ART["social"]))  # fmt: skip
PRICE_LIST_USERS = (("market", 9), ("market", AI_ART["market"]), ("market", 6))


def with_seller_signals(accounts: list[Account]) -> list[Account]:
    """Day 1: the sellers' shared ids, the link-in-bio seller, the `ai_art` pair and the decoys."""
    accounts = list(accounts)
    for acc in [*_hoshizora_accounts().values(), *_ai_art_accounts()]:
        _insert(accounts, acc)
    _shared_ids(accounts)
    for platform, index in LINK_SERVICE_USERS:
        acc = _by_index(accounts, platform, index)
        if not any(link.url == LINK_SERVICE_HOME for link in acc.links):
            _update(
                accounts, acc, links=(*acc.links, L(LINK_SERVICE_HOME, "リンクまとめ（LinkBox）"))
            )
    for platform, index in BANNER_USERS:
        acc = _by_index(accounts, platform, index)
        _update(accounts, acc, posts=_add_media(acc, _banner(acc)).posts)
    for platform, index in PRICE_LIST_USERS:
        acc = _by_index(accounts, platform, index)
        if STOCK_PRICE_LIST not in acc.bio:
            _update(accounts, acc, bio=f"{acc.bio}\n{STOCK_PRICE_LIST}")
    return accounts


def _shared_ids(accounts: list[Account]) -> None:
    """One seller's payment and contact ids, written the way each account writes them."""
    appends = {
        ("social", 5): f"\n支払いは PayPay ID: {PAYPAY_NUGASHI} へ。",
        (
            "market",
            2,
        ): f"\nPayPay払いOK（{PAYPAY_NUGASHI}）。連絡は Discord: {DISCORD_USER_NUGASHI}",
        ("fanclub", 4): f"\n推しのリクエストはDiscordで👉 {DISCORD_INVITE_MINATO}",
        ("social", 3): f"\nDiscord: {DISCORD_USER_MINATO} / 鯖: {DISCORD_INVITE_MINATO}",
        ("market", 5): f"\nRequests on Discord: {DISCORD_USER_MINATO}",
        ("fanclub", 0): f"\nお問い合わせはLINE ID: {LINE_BIJIN_LAB} まで。",
        ("market", 0): f"\nLINE（ID: {LINE_BIJIN_LAB}）でもご相談OK。",
        ("market", 1): f"\nご依頼・ご質問: {EMAIL_KORA_K}",
        ("social", 4): f"\n加工の相談はLINE（ID: {LINE_SOTSUAL}）で",
        ("market", 4): f"\nLINE ID: {LINE_SOTSUAL}",
    }
    for (platform, index), extra in appends.items():
        acc = _by_index(accounts, platform, index)
        _update(accounts, acc, bio=acc.bio + extra)
    kora = _by_index(accounts, "fanclub", 1)
    plans = tuple(
        replace(p, description=f"{p.description}（ご依頼は {EMAIL_KORA_K} まで）")
        if p.price_yen == 3000
        else p
        for p in kora.plans
    )
    _update(accounts, kora, plans=plans)


def _banner(acc: Account) -> Media:
    post = acc.posts[0]
    if acc.platform == "fanclub":
        path = f"/fanclub/media/posts/{post.post_id}/banner.jpg"
    elif acc.platform == "social":
        path = f"/social/media/{post.post_id}-banner.jpg"
    else:
        path = f"/market/img/items/{post.post_id}/banner.jpg"
    return Media(path, "jpeg", drawing=STOCK_BANNER)


def apply_day(day: int, accounts: list[Account]) -> list[Change]:
    """Day 2: the undressing service's new social account gives the shop's Discord user (its
    bio only sends buyers to the shop, a one-way link that alone is a referral, not a seller).
    Day 3: the taken-down seller comes back under a new handle."""
    if day == 2:
        acc = _by_index(accounts, "social", 13)
        _update(accounts, acc, bio=f"{acc.bio}\n依頼の連絡は Discord: {DISCORD_USER_NUGASHI}")
        return []
    if day != 3:
        return []
    acc = _comeback_account()
    _insert(accounts, acc)
    return [Change(3, "account_added", "social", acc.account_id, acc.handle, "comeback of nudify_daikou")]  # fmt: skip


def with_sellers(accounts: list[Account]) -> list[Account]:
    known = seller_of()
    return [replace(a, seller=known.get((a.platform, a.account_id), "")) for a in accounts]


def decoys() -> tuple[Decoy, ...]:
    groups = (
        ("handle", (("social", _id("social", AI_ART["social"])), ("market", _id("market", AI_ART["market"])))),
        ("link_service_home", tuple((p, _id(p, i)) for p, i in LINK_SERVICE_USERS)),
        ("stock_banner", tuple((p, _id(p, i)) for p, i in BANNER_USERS)),
        ("price_list", (*((p, _id(p, i)) for p, i in PRICE_LIST_USERS), ("market", _id("market", HOSHIZORA["market"])))),
    )  # fmt: skip
    groups += (("mention", (("fanclub", _id("fanclub", 8)), ("social", _id("social", 7)))),)
    why = {
        "mention": "an official fan club links to a volunteer patrol to report fakes",
        "handle": "the same common handle `ai_art`, two unrelated people",
        "link_service_home": "both link to the free link-in-bio service's home page",
        "stock_banner": "the same free stock banner picture",
        "price_list": "the same price list copied from a free template",
    }
    known = seller_of()
    out = []
    for kind, members in groups:
        for a, b in combinations(members, 2):
            if known.get(a) is None or known.get(a) != known.get(b):
                out.append(Decoy(kind, a, b, why[kind]))
    return tuple(out)


def _by_index(accounts: list[Account], platform: str, index: int) -> Account:
    account_id = _id(platform, index)
    return next(a for a in accounts if a.platform == platform and a.account_id == account_id)


def _update(accounts: list[Account], acc: Account, **updates: object) -> None:
    replace_account(accounts, acc.platform, acc.handle, **updates)


def _insert(accounts: list[Account], acc: Account) -> None:
    """After the last account of its platform, so each platform's accounts stay together."""
    last = max(i for i, a in enumerate(accounts) if a.platform == acc.platform)
    accounts.insert(last + 1, acc)
