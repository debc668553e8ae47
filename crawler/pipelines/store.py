"""Hand every item to the run's store (its writer thread or its store process), which links it
to the evidence behind it (crawler/store/item_writes.py)."""

from __future__ import annotations

from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler

from crawler.capture.recorder import Recorder
from crawler.items import AccountItem, MediaItem, PostItem
from crawler.runtime import run_state
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
            self.store.write("account", item, self.run_id)
        elif isinstance(item, PostItem):
            self.store.touched_accounts.add((item.platform, item.account_key))
            self.store.write("post", item, self.run_id)
        elif isinstance(item, MediaItem):
            self._write_media(item)
        return item

    def _write_media(self, item: MediaItem) -> None:
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
        # The pipeline is the last holder of the bytes: drop them before the item is written
        # (and, with a store process, pickled), and with the item.
        item.thumbnail = None
        item.original = None
        self.store.write("media", item, thumb, original)
