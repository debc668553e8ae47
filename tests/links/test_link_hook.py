"""The run's end links its accounts: the demo crawl (the shared session fixture, crawled
once for many test folders) records the linking step on every run and joins a seller whose
storefronts link each other, but not an official page that only links the patrol."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import aliased

from crawler.link.rule import shipped_rule
from storage.config import AppConfig
from storage.db import open_database
from storage.models import Account, CrawlRun, Platform, SellerPair


def _account_id(session, platform: str, handle: str) -> int:
    account = aliased(Account)
    return session.scalar(
        select(account.id)
        .join(Platform, Platform.id == account.platform_id)
        .where(Platform.key == platform, account.handle == handle)
    )


def test_every_demo_run_links_its_accounts(demo_data_dir: Path) -> None:
    db = open_database(AppConfig.resolve(demo_data_dir), migrate=False)
    try:
        with db.session() as s:
            runs = s.scalars(select(CrawlRun).order_by(CrawlRun.id)).all()
            for run in runs:
                links = run.stats["links"]
                assert "error" not in links, links
                assert links["accounts"] > 0 and links["identifiers"] > 0
                assert links["rule_version"] == shipped_rule().version
            fan = _account_id(s, "fanclub", "ai_bijin_lab")
            market = _account_id(s, "market", "ai_bijin_lab_m")
            pair = s.scalar(
                select(SellerPair).where(
                    SellerPair.account_a_id == min(fan, market),
                    SellerPair.account_b_id == max(fan, market),
                )
            )
            assert pair is not None and pair.joined, "storefronts that link each other"
            official = _account_id(s, "fanclub", "shiratsubaki_official")
            joined = s.scalars(
                select(SellerPair).where(
                    SellerPair.joined.is_(True),
                    (SellerPair.account_a_id == official) | (SellerPair.account_b_id == official),
                )
            ).all()
            assert joined == [], "an official page linking the patrol is no seller's"
    finally:
        db.dispose()
