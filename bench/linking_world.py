"""A generated, labelled world for bench/linking.py: accounts, their PDQ hashes, bios,
price lists and handles, with the ground truth of which accounts are one seller.

Everything is random and fictional: hashes are random 256-bit strings (no images), handles
are random romaji syllables, bios are random picks from a phrase list. Sellers run two or
three accounts that share sample pictures (re-encoded: 0 to 31 bits flipped), a re-typed
bio and a handle variant. Decoys that must not link: a stock banner on hundreds of
accounts, a stock price list on hundreds of shops, generic handles (`ai_art`), unrelated
pictures just over the threshold (32-40 bits), and blank pictures (low PDQ quality).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np

SYLLABLES = [
    "ka",
    "ki",
    "ku",
    "ke",
    "ko",
    "sa",
    "shi",
    "su",
    "se",
    "so",
    "ta",
    "chi",
    "tsu",
    "te",
    "to",
    "na",
    "ni",
    "nu",
    "ne",
    "no",
    "ha",
    "hi",
    "fu",
    "he",
    "ho",
    "ma",
    "mi",
    "mu",
    "me",
    "mo",
    "ya",
    "yu",
    "yo",
    "ra",
    "ri",
    "ru",
    "re",
    "ro",
    "wa",
    "n",
    "ga",
    "gi",
    "gu",
    "ge",
    "go",
    "za",
    "ji",
    "zu",
    "ze",
    "zo",
]
SUFFIXES = ["", "", "", "_art", "_illust", "_works", "_shop", "_gallery", "_studio", "_lab"]
GENERIC = ["ai_art", "AI_ART", "ai.art", "ai_art_", "aiart__"]
PHRASES = [
    "AIイラスト",
    "リクエスト受付中",
    "月額プラン",
    "毎週新作を投稿します",
    "支払いはPayPayで",
    "DMでご相談ください",
    "高画質版は支援者限定",
    "ご依頼はメールで",
    "お気軽にどうぞ",
    "作品の無断転載禁止",
    "フォローお願いします",
    "美女イラスト",
    "写真風の作品",
    "風景と人物",
    "水着シリーズ",
    "制作実績多数",
    "納期は一週間",
    "商用利用不可",
    "土日も対応",
    "初回割引あり",
    "過去作はこちら",
    "新作情報を配信",
    "コミッション受付",
    "ファンクラブ開設",
    "限定プラン",
    "ギフト券でも可",
    "オーダーメイド",
    "先着五名様",
    "ご要望に合わせて",
    "高解像度で納品",
]
KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわん"
STOCK_PRICES = "ライトプラン 500円\nスタンダードプラン 1,000円\nプレミアムプラン 3,000円\n"


@dataclass
class Account:
    handle: str
    bio: str
    hashes: list[tuple[str, int]]  # (pdq hex, quality)
    prices: list[tuple[str, str]] = field(default_factory=list)
    seller: int | None = None


@dataclass
class World:
    accounts: list[Account]
    sellers: dict[int, list[int]]  # seller -> account indexes
    decoys: dict[str, list[int]]  # decoy kind -> account indexes

    def true_pairs(self) -> set[tuple[int, int]]:
        pairs = set()
        for members in self.sellers.values():
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    pairs.add((min(a, b), max(a, b)))
        return pairs


def _flip(pdq: int, bits: int, rng: random.Random) -> int:
    for bit in rng.sample(range(256), bits):
        pdq ^= 1 << bit
    return pdq


def _hex(value: int) -> str:
    return f"{value:064x}"


def _handle(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 5))) + rng.choice(SUFFIXES)


def _bio(rng: random.Random) -> str:
    """Stock phrases around the account's own words (a name, what it draws): shops share
    boilerplate, but few bios are boilerplate alone."""
    own = [
        "".join(rng.choice(KANA) for _ in range(rng.randint(4, 9)))
        for _ in range(rng.randint(2, 4))
    ]
    parts = rng.sample(PHRASES, rng.randint(3, 6)) + own
    rng.shuffle(parts)
    return "。".join(parts) + "。"


def _retype(bio: str, rng: random.Random) -> str:
    """The same bio typed again: spaces and full-width letters, one phrase changed."""
    parts = bio.rstrip("。").split("。")
    parts[rng.randrange(len(parts))] = rng.choice(PHRASES)
    text = " 。".join(parts)
    return text.translate(str.maketrans("APDM", "ＡＰＤＭ"))


def _variant(handle: str, rng: random.Random) -> str:
    """A comeback handle: digits, separators, or one letter changed."""
    choice = rng.randrange(4)
    if choice == 0:
        return f"{handle}{rng.randint(1, 99)}"
    if choice == 1:
        return handle.replace("_", ".") + "_"
    if choice == 2:
        i = rng.randrange(1, len(handle))
        return handle[:i] + rng.choice("aeiou") + handle[i + 1 :]
    return handle + "_"


def build(accounts: int, per_account: int, sellers: int, seed: int) -> World:
    rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    raw = np_rng.integers(0, 256, (accounts * per_account, 32), dtype=np.uint8)
    flat = raw.tobytes().hex()
    hexes = [flat[i * 64 : (i + 1) * 64] for i in range(len(raw))]
    world = World(
        accounts=[
            Account(
                handle=_handle(rng),
                bio=_bio(rng),
                hashes=[(h, 80) for h in hexes[i * per_account : (i + 1) * per_account]],
            )
            for i in range(accounts)
        ],
        sellers={},
        decoys={},
    )
    order = list(range(accounts))
    rng.shuffle(order)
    taken = iter(order)
    _plant_sellers(world, taken, sellers, rng)
    _plant_decoys(world, taken, max(50, accounts // 250), rng)
    return world


def _plant_sellers(world: World, taken, sellers: int, rng: random.Random) -> None:
    for seller in range(sellers):
        members = [next(taken) for _ in range(rng.choice((2, 2, 3)))]
        samples = [rng.getrandbits(256) for _ in range(3)]
        base = world.accounts[members[0]]
        prices = [(f"{p}プラン", f"{rng.randint(5, 50) * 100}円") for p in rng.sample(PHRASES, 3)]
        for n, index in enumerate(members):
            acc = world.accounts[index]
            acc.seller = seller
            # Each account re-posts two of the seller's samples, re-encoded.
            for slot, sample in enumerate(rng.sample(samples, 2)):
                acc.hashes[slot] = (_hex(_flip(sample, rng.randint(0, 15) if n else 0, rng)), 80)
            if n:
                acc.bio = _retype(base.bio, rng)
                acc.handle = _variant(base.handle, rng)
            acc.prices = list(prices)
        world.sellers[seller] = members


def _plant_decoys(world: World, taken, size: int, rng: random.Random) -> None:
    banner = rng.getrandbits(256)
    world.decoys["stock banner"] = []
    world.decoys["stock price list"] = []
    world.decoys["generic handle"] = []
    for _ in range(size):
        index = next(taken)
        world.accounts[index].hashes[5] = (_hex(_flip(banner, rng.randint(0, 8), rng)), 80)
        world.decoys["stock banner"].append(index)
    for _ in range(size):
        index = next(taken)
        lines = STOCK_PRICES.strip().split("\n")
        world.accounts[index].prices = [tuple(line.split(" ")) for line in lines]
        world.decoys["stock price list"].append(index)
    for _ in range(size):
        index = next(taken)
        world.accounts[index].handle = rng.choice(GENERIC) + str(rng.randint(0, 999))
        world.decoys["generic handle"].append(index)
    # Unrelated pairs with pictures just over the threshold, and with blank pictures.
    world.decoys["picture 32-40 bits apart"] = []
    world.decoys["blank picture (low quality)"] = []
    for _ in range(size):
        a, b = next(taken), next(taken)
        picture = rng.getrandbits(256)
        world.accounts[a].hashes[6] = (_hex(picture), 80)
        world.accounts[b].hashes[6] = (_hex(_flip(picture, rng.randint(32, 40), rng)), 80)
        world.decoys["picture 32-40 bits apart"] += [a, b]
        a, b = next(taken), next(taken)
        world.accounts[a].hashes[7] = ("0" * 64, 10)
        world.accounts[b].hashes[7] = ("0" * 63 + "1", 10)
        world.decoys["blank picture (low quality)"] += [a, b]
