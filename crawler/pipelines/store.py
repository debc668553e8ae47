"""Hand every item to the background store writer; finish the run when the spider closes."""

from __future__ import annotations

import hashlib
from typing import Any

from scrapy import Spider
from sqlalchemy.orm import Session

from crawler.items import AccountItem, MediaItem, PostItem
from crawler.runtime import CrawlContext
from crawler.store import catalog


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class StorePipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        return cls(crawler)

    @property
    def context(self) -> CrawlContext:
        return self.crawler.spider.context

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        context = self.context
        run_id = context.run_id
        if isinstance(item, AccountItem):
            context.touched_accounts.add((item.platform, item.account_key))

            def op(session: Session, item: AccountItem = item) -> None:
                result = catalog.upsert_account(session, item, run_id, context.id_cache)
                captures = context.ledger.capture_ids(session, item.evidence)
                catalog.link_evidence(
                    session, captures, result.id, None, context.linked, context.bulk
                )

            context.store.submit(op)
        elif isinstance(item, PostItem):
            context.touched_accounts.add((item.platform, item.account_key))

            def op(session: Session, item: PostItem = item) -> None:
                result = catalog.upsert_post(session, item, run_id, context.id_cache)
                account_id = catalog.find_account_id(
                    session, item.platform, item.account_key, context.id_cache
                )
                assert account_id is not None
                captures = context.ledger.capture_ids(session, item.evidence)
                catalog.link_evidence(
                    session, captures, account_id, result.id, context.linked, context.bulk
                )

            context.store.submit(op)
        elif isinstance(item, MediaItem):
            thumb = (
                context.put_blob(item.thumbnail, "thumbnail", "image/jpeg")
                if item.thumbnail
                else item.known_thumb_blob
            )
            original = (
                context.put_blob(
                    item.original, "original", item.content_type or "application/octet-stream"
                )
                if item.original
                else None
            )

            def op(session: Session, item: MediaItem = item) -> None:
                account_id = catalog.find_account_id(session, item.platform, item.account_key)
                if account_id is None:
                    return
                post_id = (
                    catalog.find_post_id(session, account_id, item.post_key)
                    if item.post_key
                    else None
                )
                catalog.store_media(session, item, account_id, post_id, thumb, original)
                captures = context.ledger.capture_ids(session, item.evidence)
                catalog.link_evidence(
                    session, captures, account_id, post_id, context.linked, context.bulk
                )

            context.store.submit(op)
            # The pipeline is the last holder of the bytes; drop them with the item.
            item.thumbnail = None
            item.original = None
        return item
