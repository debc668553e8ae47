"""The export tests' evidence store (tests/export/case_factory.py) grown into a small
cross-platform world for the similarity finders: a seller's second account re-using a
sample picture and a bio, a comeback handle, and decoys (a stock banner and a stock price
list on many unrelated shops, a generic handle, a picture just too different, a blank
picture PDQ rates as low quality). Fictional accounts only; no image bytes are needed,
only the hashes a crawl would have stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from export.case_captures import T0, extra_page
from export.case_factory import Case, build_case
from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import chain
from storage.models import Account, CrawlRun, EvidenceLink, Media, Plan, Platform, Post
from storage.warc.writer import EvidenceWarcWriter

SELLER_PDQ = "f" * 64  # the case's seller shows this picture on its post (quality 90)
LONG_BIO = (
    "AI美女イラストのリクエスト受付中です。月額プランで毎週新作を投稿します。"
    "支払いはPayPayでお願いします。DMでご相談ください。"
)
STOCK_PRICES = [
    ("ライトプラン", "500円"),
    ("スタンダードプラン", "1,000円"),
    ("プレミアム", "3,000円"),
]

PLAN_TEXT = "お好きな人物の写真風イラストを一枚描きます。納期は一週間、高解像度で納品します。"
OWN_PRICES = [("お試しイラスト一枚プラン", "800円"), ("リクエスト枠(先着三名様)", "5,000円")]


def near(pdq: str, distance: int, offset: int = 0) -> str:
    """`pdq` with `distance` bits flipped, starting at bit `offset` (0 = highest)."""
    value = int(pdq, 16) ^ (((1 << distance) - 1) << (256 - offset - distance))
    return f"{value:064x}"


@dataclass
class World:
    case: Case
    seller: int = 0
    accounts: dict[str, int] = field(default_factory=dict)
    posts: dict[str, int] = field(default_factory=dict)
    media: dict[str, int] = field(default_factory=dict)
    captures: dict[str, list[int]] = field(default_factory=dict)


class _Builder:
    def __init__(self, s: Session, world: World, writer: EvidenceWarcWriter) -> None:
        self.s, self.world, self.writer = s, world, writer
        self.run = s.scalars(select(CrawlRun)).first()
        self.platform = Platform(key="kirakira", display_name="Kirakira Market")
        s.add(self.platform)
        s.flush()
        self.pages = 0

    def account(self, name: str, handle: str, bio: str | None = None) -> Account:
        acc = Account(
            platform_id=self.platform.id,
            account_key=name,
            handle=handle,
            profile_url=f"http://127.0.0.1:8765/k/{name}",
            bio=bio,
            first_seen_at=T0 + timedelta(days=2),
        )
        self.s.add(acc)
        self.s.flush()
        self.world.accounts[name] = acc.id
        self.world.captures[name] = [self._capture(acc, None)]
        return acc

    def picture(self, name: str, acc: Account, pdq: str, quality: int = 80) -> None:
        post = Post(account_id=acc.id, post_key=name, url=f"{acc.profile_url}/{name}")
        self.s.add(post)
        self.s.flush()
        self.world.posts[name] = post.id
        self.world.captures[name] = [self._capture(acc, post.id)]
        media = Media(
            account_id=acc.id,
            post_id=post.id,
            url=f"{acc.profile_url}/{name}.jpg",
            pdq=pdq,
            pdq_quality=quality,
        )
        self.s.add(media)
        self.s.flush()
        self.world.media[name] = media.id

    def plans(
        self, acc: Account, prices: list[tuple[str, str]], description: str | None = None
    ) -> None:
        for plan_name, price in prices:
            self.s.add(
                Plan(
                    account_id=acc.id,
                    name=plan_name,
                    price_text=price,
                    description=description if price == prices[-1][1] else None,
                )
            )

    def _capture(self, acc: Account, post_id: int | None) -> int:
        self.pages += 1
        capture = extra_page(self.writer, self.run, 100 + self.pages)
        chain.append(self.s, [capture])
        self.s.flush()
        self.s.add(EvidenceLink(capture_id=capture.id, account_id=acc.id, post_id=post_id))
        return capture.id


def build_world(data_dir: Path) -> World:
    case = build_case(data_dir)
    world = World(case=case, seller=case.account_ids[0])
    writer = EvidenceWarcWriter(case.cfg.warc_dir, "crawl-2", warcinfo={"software": "test"})
    with case.db.session() as s:
        b = _Builder(s, world, writer)
        twin = b.account("twin", "deep.seller_2", LONG_BIO)
        b.picture("twin-sample", twin, near(SELLER_PDQ, 31, offset=3))
        b.picture("twin-sample-again", twin, near(SELLER_PDQ, 31, offset=3))
        b.plans(twin, OWN_PRICES, PLAN_TEXT)
        copy = b.account("copycat", "moonlight_gallery", LONG_BIO.replace("DM", "メール"))
        b.plans(copy, OWN_PRICES, PLAN_TEXT.replace("一週間", "十日"))
        far = b.account("far", "starry_paint")
        b.picture("far-sample", far, near(SELLER_PDQ, 32, offset=100))
        blank = b.account("blank", "plain_wall")
        b.picture("blank-sample", blank, SELLER_PDQ, quality=20)
        for n in range(12):
            shop = b.account(f"shop{n}", ["ai_art", "AI-ART", "ai.art_"][n % 3] + str(n))
            b.picture(f"banner{n}", shop, near("0" * 64, n + 1, offset=7 * n))
            b.plans(shop, STOCK_PRICES)
    writer.close()
    return world
