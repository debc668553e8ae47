"""Counting the accounts a run extracted, including sellers known only from their posts.

A flea-market seller may have no account page: its account is created from the posts that
name it (crawler/store/catalog.py). Such accounts count as extracted like any other, or the
run's health check would call a good crawl of a market that has no seller pages a failure.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scrapy.statscollectors import StatsCollector

ACCOUNTS_STAT = "mimamori/accounts"
ACCOUNTS_FROM_POSTS_STAT = "mimamori/accounts_from_posts"


class AccountTally:
    """Account keys seen on account pages and named by posts; keeps the stats up to date."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        self.from_pages: set[str] = set()
        self.from_posts: set[str] = set()

    def account_page(self, key: str) -> None:
        self.stats.inc_value(ACCOUNTS_STAT)
        self.from_pages.add(key)
        self._update()

    def named_by_post(self, key: str) -> None:
        if key in self.from_posts:
            return
        self.from_posts.add(key)
        self._update()

    def _update(self) -> None:
        # Only accounts no account page showed: the others are counted once, as pages.
        self.stats.set_value(ACCOUNTS_FROM_POSTS_STAT, len(self.from_posts - self.from_pages))


def accounts_extracted(stats: Mapping[str, Any]) -> int:
    """Accounts a run extracted: from account pages, plus those known only from posts."""
    return int(stats.get(ACCOUNTS_STAT, 0)) + int(stats.get(ACCOUNTS_FROM_POSTS_STAT, 0))
