"""The demo world's model: people, accounts, posts, plans, media, day-by-day changes.

The seed texts that fill it are in `world_content.py`; `world.py` puts the two together.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

DEMO_WATCHLIST_CSV = Path(__file__).with_name("watchlist.csv")

JST = timezone(timedelta(hours=9), "JST")
PLATFORMS = ("fanclub", "social", "market")
MAX_DAY = 3

# Paths of the awkward pages; linked from the world where noted in MARKUP.md.
AWKWARD_PATHS = {
    "robots": "/robots.txt",
    "sitemap": "/sitemap.xml",
    "disallowed_private": "/fanclub/private/room-7",
    "throttled_429": "/fanclub/ranking",
    "redirect_chain_start": "/fanclub/campaign",
    "redirect_loop": "/market/loop/a",
    "dead_post_404": "/fanclub/posts/209999",
    "slow": "/market/items/880032",
    "huge": "/fanclub/creators/ai_bijin_lab/archive",
    "unavailable_503": "/market/campaign",
    "endless": "/test/endless",
    "broken_image": "/fanclub/media/posts/201102/2.jpg",
    "legacy_seller_redirect": "/market/u/kora-k",
}
SLOW_SECONDS = 2.0
HUGE_BYTES = 10 * 1024 * 1024
RETRY_AFTER_429 = 2
RETRY_AFTER_503 = 120


@dataclass(frozen=True)
class Person:
    person_id: str
    name: str
    kana: str
    aliases: tuple[str, ...]
    category: str


@dataclass(frozen=True)
class Link:
    """A link in a bio or post. `url` is root-relative for pages of this server (pages render it
    absolute against the server's base URL) or a full external / hostile URL kept as is."""

    url: str
    text: str


@dataclass(frozen=True)
class Media:
    """A picture at `path`. `drawing` names the picture drawn (default: its own path), so one
    seller's sample can appear under other URLs; `variant` re-encodes it ("scale:0.8",
    "crop:6", "quality:55", joined by "+"), as a re-upload would (images.py)."""

    path: str
    fmt: str  # "jpeg" or "png"
    broken: bool = False
    drawing: str = ""
    variant: str = ""


@dataclass(frozen=True)
class Plan:
    plan_id: int
    name: str
    price_yen: int
    price_text: str
    description: str


@dataclass(frozen=True)
class RequestOption:
    name: str
    price_yen: int
    price_text: str


@dataclass(frozen=True)
class Post:
    """A fanclub post, a social post or a market item (price and options only on market)."""

    post_id: int
    platform: str
    account_id: int
    title: str
    text: str
    published: datetime
    media: tuple[Media, ...] = ()
    people: tuple[str, ...] = ()
    is_target: bool = False
    implies_minor: bool = False
    plan_name: str | None = None
    encoding: str = "utf-8"
    links: tuple[Link, ...] = ()
    price_yen: int | None = None
    price_text: str | None = None
    options: tuple[RequestOption, ...] = ()

    @property
    def path(self) -> str:
        if self.platform == "fanclub":
            return f"/fanclub/posts/{self.post_id}"
        if self.platform == "social":
            return f"/social/api/posts/{self.post_id}"
        return f"/market/items/{self.post_id}"


@dataclass(frozen=True)
class Account:
    platform: str
    account_id: int
    handle: str
    display_name: str
    bio: str
    kind: str  # storefront, news, official, original_art, removal_service, patrol, ...
    is_target: bool
    implies_minor: bool = False
    people: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    plans: tuple[Plan, ...] = ()
    posts: tuple[Post, ...] = ()  # newest first
    encoding: str = "utf-8"  # "shift_jis" (header) or "shift_jis_meta" (only <meta>)
    former_handles: tuple[str, ...] = ()
    language: str = "ja"
    # Who runs the account (world_sellers.py); "" = nobody else: the account is its own seller.
    seller: str = ""

    @property
    def seller_key(self) -> str:
        """Ground truth for linking: accounts with the same key are one operator."""
        return self.seller or f"{self.platform}:{self.account_id}"

    @property
    def path(self) -> str:
        if self.platform == "fanclub":
            return f"/fanclub/creators/{self.handle}"
        if self.platform == "social":
            return f"/social/@{self.handle}"
        return f"/market/sellers/{self.account_id}"


@dataclass(frozen=True)
class Change:
    day: int
    kind: str  # account_added, account_removed, account_renamed, post_deleted, post_added, plan_price_changed
    platform: str
    account_id: int
    handle: str
    detail: str
    post_id: int | None = None


@dataclass(frozen=True)
class LinkPage:
    """A page of the demo's free link-in-bio service (think lit.link / linktr.ee) at
    /links/<name>: one seller's accounts and contacts on one page."""

    name: str
    title: str
    bio: str
    links: tuple[Link, ...]

    @property
    def path(self) -> str:
        return f"/links/{self.name}"


@dataclass(frozen=True)
class Decoy:
    """Two accounts that look linked (same handle, same stock text or picture, the same free
    service) but are run by different people: linking must not join them."""

    kind: str  # handle, price_list, link_service_home, stock_banner, mention
    a: tuple[str, int]  # (platform, account id)
    b: tuple[str, int]
    why: str


@dataclass(frozen=True)
class World:
    day: int
    people: tuple[Person, ...]
    accounts: tuple[Account, ...]
    changes: tuple[Change, ...] = ()
    # Post/item ids that are linked from the world but answer 404 (deleted before or on this day).
    deleted_post_paths: tuple[str, ...] = ()
    link_pages: tuple[LinkPage, ...] = ()
    decoys: tuple[Decoy, ...] = ()
    _media_index: dict[str, Media] = field(default_factory=dict, compare=False, repr=False)

    def accounts_on(self, platform: str) -> list[Account]:
        return [a for a in self.accounts if a.platform == platform]

    def account(self, platform: str, key: str | int) -> Account | None:
        """Look an account up by handle or numeric id."""
        for acc in self.accounts:
            if acc.platform == platform and (acc.handle == key or acc.account_id == key):
                return acc
        return None

    def account_by_former_handle(self, platform: str, handle: str) -> Account | None:
        for acc in self.accounts_on(platform):
            if handle in acc.former_handles:
                return acc
        return None

    def posts(self, platform: str | None = None) -> Iterator[tuple[Account, Post]]:
        for acc in self.accounts:
            if platform is None or acc.platform == platform:
                for post in acc.posts:
                    yield acc, post

    def post(self, platform: str, post_id: int) -> tuple[Account, Post] | None:
        for acc, post in self.posts(platform):
            if post.post_id == post_id:
                return acc, post
        return None

    def link_page(self, name: str) -> LinkPage | None:
        return next((page for page in self.link_pages if page.name == name), None)

    def by_id(self, platform: str, account_id: int) -> Account | None:
        return next(
            (a for a in self.accounts if a.platform == platform and a.account_id == account_id),
            None,
        )

    def same_seller_pairs(self) -> set[frozenset[tuple[str, int]]]:
        """Every pair of accounts run by one seller (the ground truth linking must find)."""
        groups: dict[str, list[tuple[str, int]]] = {}
        for acc in self.accounts:
            groups.setdefault(acc.seller_key, []).append((acc.platform, acc.account_id))
        return {
            frozenset((x, y))
            for members in groups.values()
            for x in members
            for y in members
            if x != y
        }

    def targets(self) -> list[Account]:
        return [a for a in self.accounts if a.is_target]

    def minors(self) -> list[Account]:
        return [a for a in self.accounts if a.implies_minor]

    def person(self, person_id: str) -> Person:
        return next(p for p in self.people if p.person_id == person_id)

    def media(self, path: str) -> Media | None:
        if not self._media_index:
            for acc in self.accounts:
                for item in _account_media(acc):
                    self._media_index[item.path] = item
        return self._media_index.get(path)

    def changes_since(self, day: int) -> list[Change]:
        """Changes that happened after `day` up to this world's day."""
        return [c for c in self.changes if c.day > day]


def _account_media(acc: Account) -> Iterator[Media]:
    yield avatar_media(acc)
    for post in acc.posts:
        yield from post.media


def avatar_media(acc: Account) -> Media:
    if acc.platform == "fanclub":
        return Media(f"/fanclub/media/avatars/{acc.account_id}.png", "png")
    if acc.platform == "social":
        return Media(f"/social/media/avatar/{acc.account_id}.png", "png")
    return Media(f"/market/img/sellers/{acc.account_id}.jpg", "jpeg")


def load_people(path: Path = DEMO_WATCHLIST_CSV) -> tuple[Person, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Person(
                row["id"],
                row["name"],
                row["kana"],
                tuple(a for a in row["aliases"].split("|") if a),
                row["category"],
            )
            for row in csv.DictReader(handle)
        )


def replace_account(
    accounts: list[Account], platform: str, current_handle: str, /, **updates
) -> Account:
    """Swap one account for an updated copy in place; returns the new copy."""
    for index, acc in enumerate(accounts):
        if acc.platform == platform and acc.handle == current_handle:
            accounts[index] = replace(acc, **updates)
            return accounts[index]
    raise KeyError(f"{platform}/{current_handle}")
