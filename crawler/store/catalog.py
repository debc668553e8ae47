"""Upserts of extracted accounts, posts and media, keyed by the platform's stable ids.

Crawling the same site twice updates last-seen times instead of adding rows; a
change to an account is kept as a revision with a readable diff.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crawler.items import AccountItem, MediaItem, PlanData, PostItem
from crawler.store.account_views import (
    TRACKED_ACCOUNT_FIELDS,
    account_view,
    readable_diff,
    stored_view,
)
from crawler.store.bulk import BulkRows
from storage.models import (
    Account,
    AccountRevision,
    EvidenceLink,
    Media,
    Plan,
    Platform,
    Post,
)
from storage.models.base import utcnow


@dataclass
class UpsertResult:
    id: int
    created: bool
    changed_fields: list[str]


def _hash(payload: Any) -> str:
    return hashlib.sha256(
        json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()


IdCache = dict[tuple[str, ...], int]
_Row = TypeVar("_Row")


def _inserted_or_existing(session: Session, row: _Row, existing: Callable[[], _Row | None]) -> _Row:
    """``row`` inserted, or the row with the same unique key that another writer inserted
    after this one looked: the workers of a distributed crawl write to one database, and a
    post page on one can reach an account while the other stores its profile page."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        found = existing()
        if found is None:
            raise
        return found
    return row


def platform_id(
    session: Session, key: str, display_name: str | None = None, cache: IdCache | None = None
) -> int:
    cache = {} if cache is None else cache
    if ("platform", key) in cache:
        return cache[("platform", key)]
    found = session.scalar(select(Platform.id).where(Platform.key == key))
    if found is None:
        platform = _inserted_or_existing(
            session,
            Platform(key=key, display_name=display_name or key),
            lambda: session.scalar(select(Platform).where(Platform.key == key)),
        )
        found = platform.id
    cache[("platform", key)] = found
    return found


def _find_account(session: Session, pid: int, key: str) -> Account | None:
    return session.scalar(
        select(Account).where(Account.platform_id == pid, Account.account_key == key)
    )


def upsert_account(
    session: Session, item: AccountItem, run_id: int | None, cache: IdCache | None = None
) -> UpsertResult:
    pid = platform_id(session, item.platform, cache=cache)
    account = _find_account(session, pid, item.account_key)
    view = account_view(item)
    new_hash = _hash(view)
    if account is None:
        account = Account(
            platform_id=pid,
            account_key=item.account_key,
            handle=item.handle,
            display_name=item.display_name,
            profile_url=item.profile_url,
            bio=item.bio,
            links=list(item.links),
            content_hash=new_hash,
            first_seen_at=item.seen_at,
            last_seen_at=item.seen_at,
            first_seen_run_id=run_id,
            last_seen_run_id=run_id,
        )
        stored = _inserted_or_existing(
            session, account, lambda: _find_account(session, pid, item.account_key)
        )
        if stored is account:
            _sync_plans(session, account.id, item.plans, item.seen_at, run_id)
            if cache is not None:
                cache[("account", item.platform, item.account_key)] = account.id
            return UpsertResult(account.id, True, [])
        account = stored  # another crawl worker stored it first: it is seen again here

    changed: list[str] = []
    if account.content_hash is not None and account.content_hash != new_hash:
        before = stored_view(session, account)
        changed = [f for f in TRACKED_ACCOUNT_FIELDS if before.get(f) != view.get(f)]
        if changed:
            session.add(
                AccountRevision(
                    account_id=account.id,
                    run_id=run_id,
                    at=item.seen_at,
                    changed_fields=changed,
                    before=before,
                    after=view,
                    diff=readable_diff(before, view),
                )
            )
    account.handle = item.handle
    account.display_name = item.display_name
    account.profile_url = item.profile_url
    account.bio = item.bio
    account.links = list(item.links)
    account.content_hash = new_hash
    account.last_seen_at = max(account.last_seen_at, item.seen_at)
    account.last_seen_run_id = run_id
    account.missing_since_run_id = None
    account.missing_since_at = None
    _sync_plans(session, account.id, item.plans, item.seen_at, run_id)
    return UpsertResult(account.id, False, changed)


def _sync_plans(
    session: Session, account_id: int, plans: list[PlanData], seen_at: datetime, run_id: int | None
) -> None:
    existing = {
        p.name: p for p in session.scalars(select(Plan).where(Plan.account_id == account_id))
    }
    seen_names = set()
    for data in plans:
        seen_names.add(data.name)
        plan = existing.get(data.name)
        if plan is None:
            session.add(
                Plan(
                    account_id=account_id,
                    name=data.name,
                    price=data.price,
                    currency=data.currency,
                    price_text=data.price_text,
                    description=data.description,
                    first_seen_at=seen_at,
                    last_seen_at=seen_at,
                )
            )
            continue
        plan.price = data.price
        plan.currency = data.currency
        plan.price_text = data.price_text
        plan.description = data.description
        plan.last_seen_at = seen_at
        plan.missing_since_run_id = None
    for name, plan in existing.items():
        if name not in seen_names and plan.missing_since_run_id is None and run_id is not None:
            plan.missing_since_run_id = run_id


def _account_id_for_post(
    session: Session, item: PostItem, run_id: int | None, cache: IdCache | None
) -> int:
    found = find_account_id(session, item.platform, item.account_key, cache)
    if found is not None:
        _seen_through_post(session, found, item, run_id, cache)
        return found
    # The post page was reached before its account page (the account row is completed when
    # that page is extracted), or the account has no page at all (a flea-market seller known
    # only from its items): then the post's account fields are all there is.
    pid = platform_id(session, item.platform, cache=cache)
    account = _inserted_or_existing(
        session,
        Account(
            platform_id=pid,
            account_key=item.account_key,
            handle=item.account_handle or item.account_key,
            display_name=item.account_display_name,
            profile_url=item.account_url or "",
            first_seen_at=item.seen_at,
            last_seen_at=item.seen_at,
            first_seen_run_id=run_id,
            last_seen_run_id=run_id,
        ),
        lambda: _find_account(session, pid, item.account_key),
    )
    if cache is not None:
        cache[("account", item.platform, item.account_key)] = account.id
        cache[("account_seen", item.platform, item.account_key)] = account.id
    return account.id


def _seen_through_post(
    session: Session, account_id: int, item: PostItem, run_id: int | None, cache: IdCache | None
) -> None:
    """A post of a stored account was seen: the account is alive in this run, even when it has
    no account page (else presence.py would mark a seller whose items are still listed as gone).
    Once per account and run; fills in names only where the row has none."""
    seen_key = ("account_seen", item.platform, item.account_key)
    if cache is not None and seen_key in cache:
        return
    account = session.get(Account, account_id)
    assert account is not None
    if account.last_seen_run_id != run_id or account.missing_since_run_id is not None:
        account.last_seen_at = max(account.last_seen_at, item.seen_at)
        account.last_seen_run_id = run_id
        account.missing_since_run_id = None
        account.missing_since_at = None
    account.handle = account.handle or item.account_handle or item.account_key
    account.display_name = account.display_name or item.account_display_name
    account.profile_url = account.profile_url or item.account_url or ""
    if cache is not None:
        cache[seen_key] = account_id


def preload_post_ids(session: Session, platform: str, cache: IdCache) -> None:
    """Remember every stored post of a platform, so that a post missing from the cache is known
    to be new without a query (one SELECT per post was the store writer's largest cost)."""
    rows = session.execute(
        select(Account.account_key, Post.post_key, Post.id)
        .join(Post, Post.account_id == Account.id)
        .join(Platform, Platform.id == Account.platform_id)
        .where(Platform.key == platform)
    )
    for account_key, post_key, post_id in rows:
        cache[("post", platform, account_key, post_key)] = post_id
    cache[("posts_preloaded", platform)] = 1


def upsert_post(
    session: Session, item: PostItem, run_id: int | None, cache: IdCache | None = None
) -> UpsertResult:
    account_id = _account_id_for_post(session, item, run_id, cache)
    new_hash = _hash([item.title, item.text, item.price_text, sorted(item.media_urls)])
    key = ("post", item.platform, item.account_key, item.post_key)
    post: Post | None
    if cache is not None and key in cache:
        post = session.get(Post, cache[key])
    elif cache is not None and ("posts_preloaded", item.platform) in cache:
        post = None
    else:
        post = session.scalar(
            select(Post).where(Post.account_id == account_id, Post.post_key == item.post_key)
        )
    if post is None:
        # A Core insert on the table: the ORM-enabled `insert(Post)` runs its bulk-persistence
        # machinery for this one row, 2.4 times the cost (measured; docs/benchmarks.md).
        posts = Post.__table__
        post_id = session.scalar(
            insert(posts).returning(posts.c.id),
            {
                "account_id": account_id,
                "post_key": item.post_key,
                "url": item.url,
                "title": item.title,
                "text": item.text,
                "price": item.price,
                "currency": item.currency,
                "posted_at_text": item.posted_at_text,
                "posted_at": item.posted_at,
                "fee_text": item.fee_text,
                "content_hash": new_hash,
                "first_seen_at": item.seen_at,
                "last_seen_at": item.seen_at,
                "first_seen_run_id": run_id,
                "last_seen_run_id": run_id,
            },
        )
        assert post_id is not None
        if cache is not None:
            cache[key] = post_id
        return UpsertResult(post_id, True, [])
    if cache is not None:
        cache[key] = post.id
    changed = ["content"] if post.content_hash != new_hash else []
    # A post seen both in a timeline and on its own page: keep the fuller text.
    if item.text and (not post.text or len(item.text) >= len(post.text) or changed):
        post.text = item.text
    post.title = item.title or post.title
    post.url = item.url or post.url
    post.price = item.price if item.price is not None else post.price
    post.currency = item.currency or post.currency
    post.posted_at_text = item.posted_at_text or post.posted_at_text
    post.posted_at = item.posted_at or post.posted_at
    post.fee_text = item.fee_text or post.fee_text
    post.content_hash = new_hash
    post.last_seen_at = max(post.last_seen_at, item.seen_at)
    post.last_seen_run_id = run_id
    post.missing_since_run_id = None
    post.missing_since_at = None
    return UpsertResult(post.id, False, changed)


def link_evidence(
    session: Session,
    capture_ids: list[int],
    account_id: int,
    post_id: int | None = None,
    linked: set[tuple[int, int, int | None]] | None = None,
    bulk: BulkRows | None = None,
) -> None:
    """Link captures to an account (and post). `linked` remembers links this run already made:
    captures are new in every run, so no link to them can exist from an earlier one."""
    for capture_id in capture_ids:
        key = (capture_id, account_id, post_id)
        if linked is not None:
            if key in linked:
                continue
            linked.add(key)
        elif session.scalar(
            select(EvidenceLink.id).where(
                EvidenceLink.capture_id == capture_id,
                EvidenceLink.account_id == account_id,
                EvidenceLink.post_id.is_(None)
                if post_id is None
                else EvidenceLink.post_id == post_id,
            )
        ):
            continue
        if bulk is not None:
            bulk.add(
                EvidenceLink,
                {"capture_id": capture_id, "account_id": account_id, "post_id": post_id},
            )
        else:
            session.add(EvidenceLink(capture_id=capture_id, account_id=account_id, post_id=post_id))


def detection_row(
    *,
    account_id: int,
    post_id: int | None,
    subject: str,
    run_id: int | None,
    detection: dict[str, Any],
    text_sha256: str,
    detector_version: str,
) -> dict[str, Any]:
    return {
        "account_id": account_id,
        "post_id": post_id,
        "subject": subject,
        "run_id": run_id,
        "flagged": bool(detection.get("flagged")),
        "score": float(detection.get("score", 0.0)),
        "minor_risk": bool(detection.get("minor_risk")),
        "people": list(detection.get("people", [])),
        "reasons": list(detection.get("reasons", [])),
        "detector_version": detector_version,
        "text_sha256": text_sha256,
        "created_at": utcnow(),
    }


def store_media(
    session: Session,
    item: MediaItem,
    account_id: int,
    post_id: int | None,
    thumb_blob: str | None,
    original_blob: str | None,
) -> Media:
    media = session.scalar(
        select(Media).where(
            Media.account_id == account_id,
            Media.post_id.is_(None) if post_id is None else Media.post_id == post_id,
            Media.url == item.url,
        )
    )
    if media is None:
        media = Media(account_id=account_id, post_id=post_id, url=item.url)
        session.add(media)
    media.sha256 = item.sha256
    media.pdq = item.pdq
    media.pdq_quality = item.pdq_quality
    media.width = item.width
    media.height = item.height
    media.size = item.size
    media.content_type = item.content_type
    media.thumb_blob = thumb_blob
    media.original_blob = original_blob
    media.withheld_reason = item.withheld_reason
    media.error = item.error
    media.fetched_at = item.fetched_at
    session.flush()
    return media


def find_account_id(
    session: Session, platform: str, account_key: str, cache: IdCache | None = None
) -> int | None:
    if cache is not None and ("account", platform, account_key) in cache:
        return cache[("account", platform, account_key)]
    found = session.scalar(
        select(Account.id)
        .join(Platform, Platform.id == Account.platform_id)
        .where(Platform.key == platform, Account.account_key == account_key)
    )
    if found is not None and cache is not None:
        cache[("account", platform, account_key)] = found
    return found


def find_post_id(session: Session, account_id: int, post_key: str) -> int | None:
    return session.scalar(
        select(Post.id).where(Post.account_id == account_id, Post.post_key == post_key)
    )
