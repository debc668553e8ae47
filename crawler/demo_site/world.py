"""The demo world as data: the ground truth that the pages render and that tests compare crawls to.

`build_world(day)` is deterministic: the same day always gives the same ids, texts, prices and
media paths, so a crawl result can be checked field by field against it. The model is in
`world_model.py`, the seed texts in `world_content.py`; this module puts them together.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from crawler.demo_site import world_content, world_sellers
from crawler.demo_site.world_model import (
    AWKWARD_PATHS,
    JST,
    MAX_DAY,
    Change,
    Post,
    World,
    load_people,
)


@lru_cache(maxsize=8)
def build_world(day: int = 1) -> World:
    """The world as it is on `day` (1 = base; 2 and 3 add the changes listed in `World.changes`)."""
    if not 1 <= day <= MAX_DAY:
        raise ValueError(f"day must be between 1 and {MAX_DAY}, got {day}")
    accounts = world_sellers.with_seller_signals(world_content.base_accounts())
    changes: list[Change] = []
    deleted: list[str] = [AWKWARD_PATHS["dead_post_404"]]
    for change_day in range(2, day + 1):
        accounts, day_changes = world_content.apply_day(change_day, accounts)
        changes.extend(day_changes)
        changes.extend(world_sellers.apply_day(change_day, accounts))
    for change in changes:
        if change.kind == "post_deleted" and change.post_id is not None:
            deleted.append(_deleted_path(change))
    return World(
        day,
        load_people(),
        tuple(world_sellers.with_sellers(accounts)),
        tuple(changes),
        tuple(deleted),
        world_sellers.link_pages(),
        world_sellers.decoys(),
    )


def _deleted_path(change: Change) -> str:
    stub = Post(change.post_id or 0, change.platform, change.account_id, "", "", datetime.now(JST))
    return stub.path
