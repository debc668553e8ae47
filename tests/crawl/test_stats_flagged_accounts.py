"""`mimamori stats --json` lists every open flag with whom it is about, on a crawled demo
store, so outside checks need not read the database."""

from __future__ import annotations

import json

from sqlalchemy import select

from crawler.demo_site.world import build_world
from crawler.flag.judge import OPEN_STATUSES
from storage.config import AppConfig
from storage.db import open_database
from storage.models import Account, Flag, Platform

WORLD = build_world(1)


def test_stats_json_lists_flagged_accounts_with_people_and_minor_risk(demo_data_dir, mimamori):
    result = mimamori("stats", "--json", data_dir=demo_data_dir)
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    flagged = stats["flagged_accounts"]
    assert len(flagged) == stats["flags"] > 0
    assert {row["account_id"] for row in flagged} == set(stats["flagged_account_ids"])
    assert sum(row["minor_risk"] for row in flagged) == stats["minor_risk_flags"]

    database = open_database(AppConfig.resolve(demo_data_dir))
    try:
        with database.session() as session:
            stored = {
                flag.id: (platform, key, handle, flag.minor_risk)
                for flag, platform, key, handle in session.execute(
                    select(Flag, Platform.key, Account.account_key, Account.handle)
                    .join(Account, Account.id == Flag.account_id)
                    .join(Platform, Platform.id == Account.platform_id)
                    .where(Flag.status.in_(OPEN_STATUSES))
                )
            }
    finally:
        database.dispose()
    for row in flagged:
        assert stored[row["flag_id"]] == (
            row["platform"],
            row["account_key"],
            row["handle"],
            row["minor_risk"],
        )

    # What the demo world says about each flagged account: its people and its minor risk.
    by_handle = {(a.platform, a.handle): a for a in WORLD.accounts}
    for row in flagged:
        account = by_handle[(row["platform"], row["handle"])]
        assert set(row["people"]) <= set(account.people) | _people_in_posts(account)
        if account.implies_minor:
            assert row["minor_risk"] is True, row
    named = [row for row in flagged if row["people"]]
    assert named, "the demo's storefronts name watchlist people"
    assert all(isinstance(p, str) for row in named for p in row["people"])


def _people_in_posts(account) -> set[str]:
    return {p for post in account.posts for p in getattr(post, "people", ())}
