"""Hand every item to the run's background store writer, linked to the evidence behind it."""

from __future__ import annotations

from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from sqlalchemy.orm import Session

from crawler.capture.recorder import Recorder
from crawler.items import AccountItem, MediaItem, PostItem
from crawler.runtime import run_state
from crawler.store import catalog
from crawler.store.run_store import RunStore


class StorePipeline:
    def __init__(self, store: RunStore, recorder: Recorder, run_id: int) -> None:
        self.store = store
        self.recorder = recorder
        self.run_id = run_id

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        state = run_state(crawler)
        return cls(state.store, state.recorder, state.run_id)

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if isinstance(item, AccountItem):
            self.store.touched_accounts.add((item.platform, item.account_key))
            self.store.submit(lambda session, item=item: self._store_account(session, item))
        elif isinstance(item, PostItem):
            self.store.touched_accounts.add((item.platform, item.account_key))
            self.store.submit(lambda session, item=item: self._store_post(session, item))
        elif isinstance(item, MediaItem):
            self._submit_media(item)
        return item

    def _link(
        self, session: Session, evidence: list[str], account_id: int, post_id: int | None
    ) -> None:
        captures = self.store.ledger.capture_ids(session, evidence)
        catalog.link_evidence(
            session, captures, account_id, post_id, self.store.linked, self.store.bulk
        )

    def _store_account(self, session: Session, item: AccountItem) -> None:
        result = catalog.upsert_account(session, item, self.run_id, self.store.id_cache)
        self._link(session, item.evidence, result.id, None)

    def _store_post(self, session: Session, item: PostItem) -> None:
        result = catalog.upsert_post(session, item, self.run_id, self.store.id_cache)
        account_id = catalog.find_account_id(
            session, item.platform, item.account_key, self.store.id_cache
        )
        assert account_id is not None
        self._link(session, item.evidence, account_id, result.id)

    def _submit_media(self, item: MediaItem) -> None:
        thumb = (
            self.recorder.put_blob(item.thumbnail, "thumbnail", "image/jpeg")
            if item.thumbnail
            else item.known_thumb_blob
        )
        original = (
            self.recorder.put_blob(
                item.original, "original", item.content_type or "application/octet-stream"
            )
            if item.original
            else None
        )

        def op(session: Session) -> None:
            account_id = catalog.find_account_id(session, item.platform, item.account_key)
            if account_id is None:
                return
            post_id = (
                catalog.find_post_id(session, account_id, item.post_key) if item.post_key else None
            )
            catalog.store_media(session, item, account_id, post_id, thumb, original)
            self._link(session, item.evidence, account_id, post_id)

        self.store.submit(op)
        # The pipeline is the last holder of the bytes; drop them with the item.
        item.thumbnail = None
        item.original = None
