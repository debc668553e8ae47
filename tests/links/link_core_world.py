"""A small store of fictional sellers for the linking step, written with the review tests'
WorldBuilder (tests/review/review_builder.py) the way a crawl and the detector write rows.

Sellers and decoys (all fictional):
* `fc_mirai` (fanclub) and `mk_mirai` (market): one seller. The fanclub bio links to the
  market page and gives a PayPay id; the market bio gives the same id in full width.
* `fc_decoy1` (fanclub) and `mk_decoy2` (market): unrelated shops with the handle
  `ai_art`, both linking the link-in-bio service's home page (and, as if the crawl had
  followed it, a seller featured there) and naming the platform's support address.
  Nothing may join them to each other or to the featured seller.
* `fc_gone` (fanclub): confirmed and taken down; `mk_back` (market) appears after it with
  the same e-mail address (spelled out) and a link to the same lit.link page: a comeback.
* `fc_twin` (fanclub) shares an id with `fc_gone` but was live at the same time: not a
  comeback. `fc_kept` was confirmed and is still live; `mk_kept2` shares its PayPay id,
  not a comeback either. `fc_dismissed` was taken down after a dismissal; `mk_dis2`
  shares its PayPay id: no comeback (never confirmed).
* `fc_official` links the patrol account `mk_patrol` for reports: a one-way link, an edge
  but no join.
* `fc_hostile` carries markup around its PayPay id: kept as data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from review.review_builder import NOW, World, WorldBuilder

from storage.config import AppConfig
from storage.db import Database
from storage.models import Account, CrawlRun, Flag, Platform, TakedownWatch


@dataclass
class LinkWorld:
    accounts: dict[str, int] = field(default_factory=dict)
    run_id: int = 0
    urls: dict[str, str] = field(default_factory=dict)


def _run(s, profile: str, hours_ago: int) -> CrawlRun:
    run = CrawlRun(
        profile=profile,
        platform=profile,
        started_at=NOW - timedelta(hours=hours_ago),
        finished_at=NOW - timedelta(hours=hours_ago - 1),
        status="finished",
        finish_reason="finished",
        tool_version="0.1.0",
    )
    s.add(run)
    s.flush()
    return run


def _account(
    build: WorldBuilder, key: str, platform: Platform, handle: str, bio: str, **kw: object
) -> Account:
    row = build.account(key, platform, handle, handle, bio, 60, links=kw.pop("links", None))
    for name, value in kw.items():
        setattr(row, name, value)
    build.capture(row, "response", row.profile_url, 60, f"<html>{handle}</html>".encode())
    return row


def _taken_down(s, account: Account, *, status: str, days_ago: int) -> None:
    s.add(
        Flag(
            account_id=account.id,
            status=status,
            reason="new_account",
            score=0.9,
            created_at=NOW - timedelta(days=days_ago + 1),
        )
    )
    s.add(
        TakedownWatch(
            account_id=account.id,
            exported_at=NOW - timedelta(days=days_ago + 1),
            gone_at=NOW - timedelta(days=days_ago),
            checks=2,
        )
    )
    account.last_seen_at = NOW - timedelta(days=days_ago + 1)


def build_link_world(cfg: AppConfig, db: Database) -> LinkWorld:
    world = LinkWorld()
    with db.session() as s:
        fan = Platform(key="fanclub", display_name="Demo FanClub")
        market = Platform(key="market", display_name="Demo Market")
        s.add_all([fan, market])
        s.flush()
        old_run, run = _run(s, "fanclub", 72), _run(s, "market", 2)
        build = WorldBuilder(s, cfg, World(), run)
        _sellers(s, build, fan, market, world)
        _comebacks(s, build, fan, market, world, old_run)
        world.accounts = dict(build.world.accounts)
        world.run_id = run.id
    return world


def _sellers(s, build: WorldBuilder, fan: Platform, market: Platform, world: LinkWorld) -> None:
    market_page = f"http://127.0.0.1:9/{market.key}/mk_mirai"
    world.urls["mk_mirai"] = market_page
    _account(
        build,
        "fc_mirai",
        fan,
        "fc_mirai",
        f"AIコラのリクエスト受付中。支払いは PayPay ID：mirai_works。マーケット店 {market_page}/",
    )
    _account(build, "mk_mirai", market, "mk_mirai", "お支払い ＰａｙＰａｙ：ｍｉｒａｉ＿ｗｏｒｋｓ")
    featured = f"http://127.0.0.1:9/{fan.key}/fc_mirai"  # on the free service's home page
    for key, platform in (("fc_decoy1", fan), ("mk_decoy2", market)):
        _account(
            build,
            key,
            platform,
            "ai_art",
            "AIイラスト。問い合わせ support@fantia.jp",
            links=[
                "https://lit.link/",
                "https://linktr.ee/login",
                {"url": featured, "via": "https://lit.link/"},
            ],
        )
    patrol = _account(build, "mk_patrol", market, "mk_patrol", "偽アカウントの通報窓口です")
    _account(
        build,
        "fc_official",
        fan,
        "fc_official",
        f"公式ファンクラブ。偽アカウントの通報は {patrol.profile_url} へ",
    )
    _account(
        build,
        "fc_hostile",
        fan,
        "fc_hostile",
        "paypay: evil_pay<script>alert(1)</script> <img src=x onerror=alert(1)>",
    )


def _comebacks(
    s, build: WorldBuilder, fan: Platform, market: Platform, world: LinkWorld, old_run: CrawlRun
) -> None:
    gone = _account(
        build,
        "fc_gone",
        fan,
        "fc_gone",
        "依頼は shop.gone@example.org じゃなくて gone_shop (at) gmail (dot) com へ",
        links=["https://lit.link/goneshop"],
        first_seen_run_id=old_run.id,
        first_seen_at=NOW - timedelta(days=5),
    )
    _taken_down(s, gone, status="confirmed", days_ago=2)
    # The crawl that last saw it ended long before mk_back was first seen.
    gone.last_seen_run_id = old_run.id
    _account(
        build,
        "mk_back",
        market,
        "mk_back",
        "新しいお店です。連絡 gone_shop★gmail.com（★を@に）",
        links=[{"url": "https://lit.link/goneshop", "via": "https://lit.link/goneshop"}],
    )
    twin = _account(
        build,
        "fc_twin",
        fan,
        "fc_twin",
        "姉妹店 PayPay ID: gone_pay",
        first_seen_at=NOW - timedelta(days=6),
    )
    gone.bio = (gone.bio or "") + " PayPay ID: gone_pay"
    assert twin.first_seen_at < gone.last_seen_at
    kept = _account(build, "fc_kept", fan, "fc_kept", "PayPay: kept_pay")
    s.add(Flag(account_id=kept.id, status="confirmed", reason="new_account", score=0.9))
    s.add(TakedownWatch(account_id=kept.id, exported_at=NOW - timedelta(days=3), checks=1))
    _account(build, "mk_kept2", market, "mk_kept2", "ＰａｙＰａｙ：kept_pay")
    dismissed = _account(build, "fc_dismissed", fan, "fc_dismissed", "PayPay：dis_pay")
    _taken_down(s, dismissed, status="dismissed", days_ago=2)
    _account(build, "mk_dis2", market, "mk_dis2", "ペイペイ ID dis_pay")
