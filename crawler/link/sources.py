"""What of an account is searched for identifiers, and the rows that keep them.

An account's own profile URL and handle (`self_url`, `self_handle`: what a declared link
points at), its display name, bio, links (`Account.links`: URLs, or `{"url", "via"}` for a
link found on its link-in-bio page), plans and posts — stored ones that went missing
included, since a taken-down storefront's ids are what a comeback shares. Each row names
the newest captures that show it (`EvidenceLink`), so an edge can point to its evidence.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.link.id_data import id_key
from crawler.link.id_rows import chunks
from crawler.link.identifiers import Found, extract_identifiers, platform_names, url_identifiers
from crawler.link.store_edges import upsert_identifiers
from crawler.link.urls import canonical_url, is_service_page
from storage.models import Account, EvidenceLink, Plan, Platform, Post

# Captures named per identifier: the newest few (a page is captured on every run).
CAPTURES_PER_ROW = 3


@dataclass(frozen=True)
class Sighting:
    found: Found
    post_id: int | None = None


class IdentifierMemo:
    """`extract_identifiers` per text, remembered (off unless switched on).

    The store process reads each account's texts while the crawl runs (crawler/run_end.py,
    `StoreProcessJudge`) and switches this on, so the run's end finds most texts' identifiers
    ready instead of extracting them after the last page. A text is keyed by its digest;
    a change of platform names (the other argument) forgets everything."""

    LIMIT = 200_000

    def __init__(self) -> None:
        self.enabled = False
        self._found: dict[bytes, list[Found]] = {}
        self._names: Mapping[str, str] | None = None

    def extract(self, text: str | None, names: Mapping[str, str]) -> list[Found]:
        if not self.enabled or not text:
            return extract_identifiers(text, names)
        if names != self._names:
            self._found.clear()
            self._names = dict(names)
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        found = self._found.get(key)
        if found is None:
            if len(self._found) >= self.LIMIT:
                self._found.clear()
            found = self._found[key] = extract_identifiers(text, names)
        return found


IDENTIFIERS = IdentifierMemo()


# What is read of an account, a plan and a post: stored rows, or the plain columns the link
# step selects (building ORM objects for every account and post of a run took half of it).
class AccountFields(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def profile_url(self) -> str | None: ...
    @property
    def handle(self) -> str | None: ...
    @property
    def display_name(self) -> str | None: ...
    @property
    def bio(self) -> str | None: ...
    @property
    def links(self) -> Any: ...


class PlanFields(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str | None: ...
    @property
    def price_text(self) -> str | None: ...


class PostFields(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def title(self) -> str | None: ...
    @property
    def text(self) -> str | None: ...


def identifier_texts(
    account: AccountFields, plans: Sequence[PlanFields], posts: Sequence[PostFields]
) -> Iterator[str]:
    """The texts of an account that identifiers are extracted from."""
    for text in (account.display_name, account.bio):
        if text:
            yield text
    for plan in plans:
        for text in (plan.name, plan.description, plan.price_text):
            if text:
                yield text
    for post in posts:
        for text in (post.title, post.text):
            if text:
                yield text


def own_identifiers(account: AccountFields, platform_key: str) -> list[Found]:
    """The values another account's link would name: the profile URL and @handle."""
    own: list[Found] = []
    url = canonical_url(account.profile_url or "")
    if url is not None:
        own.append(Found("self_url", url.value, account.profile_url))
    handle = (account.handle or "").lstrip("@")
    if handle and len(id_key(handle)) >= 2:
        own.append(Found("self_handle", f"{platform_key}:{id_key(handle)}", f"@{handle}"))
    return own


def _links(links: Iterable[Any]) -> Iterator[Found]:
    for link in links or ():
        if isinstance(link, str):
            yield from url_identifiers(link, link)
        elif isinstance(link, dict) and isinstance(link.get("url"), str):
            via = link.get("via") if isinstance(link.get("via"), str) else None
            page = canonical_url(via) if via else None
            if page is not None and is_service_page(page):
                continue  # found on a free service's own home page: says nothing of the account
            shown = f"{via} → {link['url']}" if via else link["url"]
            yield from url_identifiers(link["url"], shown, via=via)


def sightings(
    account: AccountFields,
    platform_key: str,
    plans: Sequence[PlanFields],
    posts: Sequence[PostFields],
    names: dict[str, str],
) -> list[Sighting]:
    """Every identifier of one account, each (kind, value) once: where it is first shown
    (profile before plans before posts)."""
    found: list[Sighting] = [Sighting(f) for f in own_identifiers(account, platform_key)]
    extract = IDENTIFIERS.extract
    for text in (account.display_name, account.bio):
        found.extend(Sighting(f) for f in extract(text, names))
    found.extend(Sighting(f) for f in _links(account.links))
    for plan in plans:
        for text in (plan.name, plan.description, plan.price_text):
            found.extend(Sighting(f) for f in extract(text, names))
    for post in posts:
        for text in (post.title, post.text):
            found.extend(Sighting(f, post.id) for f in extract(text, names))
    unique: dict[tuple[str, str], Sighting] = {}
    for sighting in found:
        unique.setdefault((sighting.found.value_kind, sighting.found.value), sighting)
    return list(unique.values())


def _newest_captures(rows: Iterable[tuple[int, int]]) -> dict[int, list[int]]:
    newest: dict[int, list[int]] = {}
    for owner, capture_id in sorted(rows, key=lambda r: (r[0], -r[1])):
        kept = newest.setdefault(owner, [])
        if len(kept) < CAPTURES_PER_ROW:
            kept.append(capture_id)
    return newest


def _captures(
    session: Session, account_ids: Sequence[int], post_ids: set[int]
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Newest captures of each account's own pages, and of each post."""
    of_accounts = _newest_captures(
        session.execute(
            select(EvidenceLink.account_id, EvidenceLink.capture_id).where(
                EvidenceLink.account_id.in_(list(account_ids)), EvidenceLink.post_id.is_(None)
            )
        )
    )
    of_posts: dict[int, list[int]] = {}
    for part in chunks(sorted(post_ids)):
        of_posts.update(
            _newest_captures(
                session.execute(
                    select(EvidenceLink.post_id, EvidenceLink.capture_id).where(
                        EvidenceLink.post_id.in_(list(part))
                    )
                )
            )
        )
    return of_accounts, of_posts


def _chunk_sightings(
    session: Session, ids: Sequence[int], names: dict[str, str]
) -> dict[int, list[Sighting]]:
    accounts = session.execute(
        select(
            Account.id,
            Account.profile_url,
            Account.handle,
            Account.display_name,
            Account.bio,
            Account.links,
            Platform.key.label("platform_key"),
        )
        .join(Platform, Platform.id == Account.platform_id)
        .where(Account.id.in_(list(ids)))
    )
    plans: dict[int, list[PlanFields]] = {}
    for plan in session.execute(
        select(Plan.account_id, Plan.name, Plan.description, Plan.price_text)
        .where(Plan.account_id.in_(list(ids)))
        .order_by(Plan.account_id, Plan.name)
    ):
        plans.setdefault(plan.account_id, []).append(plan)
    posts: dict[int, list[PostFields]] = {}
    for post in session.execute(
        select(Post.account_id, Post.id, Post.title, Post.text)
        .where(Post.account_id.in_(list(ids)))
        .order_by(Post.account_id, Post.first_seen_at, Post.id)
    ):
        posts.setdefault(post.account_id, []).append(post)
    return {
        account.id: sightings(
            account,
            account.platform_key,
            plans.get(account.id, []),
            posts.get(account.id, []),
            names,
        )
        for account in accounts
    }


def refresh_identifiers(session: Session, account_ids: Sequence[int], run_id: int | None) -> int:
    """Extract and upsert the identifiers of these accounts; returns how many rows."""
    names = platform_names(session.execute(select(Platform.key, Platform.display_name)))
    written = 0
    for part in chunks(sorted(set(account_ids))):
        found = _chunk_sightings(session, part, names)
        post_ids = {s.post_id for rows in found.values() for s in rows if s.post_id is not None}
        of_accounts, of_posts = _captures(session, part, post_ids)
        rows = [
            {
                "account_id": account_id,
                "value_kind": s.found.value_kind,
                "value": s.found.value,
                "shown": s.found.shown,
                "post_id": s.post_id,
                "capture_ids": (of_posts.get(s.post_id, []) if s.post_id is not None else [])
                or of_accounts.get(account_id, []),
            }
            for account_id, rows_found in found.items()
            for s in rows_found
        ]
        written += upsert_identifiers(session, rows, run_id)
    return written
