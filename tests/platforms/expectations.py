"""What a crawl of the platform world must have stored, derived from the cast."""

from __future__ import annotations

from datetime import datetime

from platform_world.cast import PLATFORMS, Creator, Work, everyone


def post_key(creator: Creator, work: Work) -> str:
    if creator.platform == "skeb":  # the API's global work id, not the per-creator number
        return str(int(creator.key) * 1000 + int(work.id))
    return work.id


def posted_at_text(creator: Creator, work: Work) -> str:
    if creator.platform == "fantia":  # the post API gives RFC 2822 dates
        return datetime.fromisoformat(work.published).strftime("%a, %d %b %Y %H:%M:%S %z")
    return work.published


def accounts(platform: str) -> dict[str, Creator]:
    return {c.key: c for c in PLATFORMS[platform]}


def posts(platform: str) -> dict[tuple[str, str], tuple[str, str]]:
    """(account key, post key) -> (title or text start, posted_at text)."""
    return {
        (c.key, post_key(c, w)): (w.title, posted_at_text(c, w))
        for c in PLATFORMS[platform]
        for w in c.works
    }


def targets() -> set[tuple[str, str]]:
    return {(c.platform, c.key) for c in everyone() if c.target}


def minors() -> set[tuple[str, str]]:
    return {(c.platform, c.key) for c in everyone() if c.minor}
