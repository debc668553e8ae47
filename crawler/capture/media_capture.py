"""Media of posts: fetch, hash in memory, keep at most a blurred thumbnail, record the fetch.

The spider only lists a post's media URLs (`PostItem.media_urls`); this is where they
are fetched. Media already hashed by an earlier run are not fetched again, and media
of minor-risk accounts or posts keep no image at all (docs/architecture.md, "Safety").
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.capture.media import MediaError, blurred_thumbnail, hash_media
from crawler.capture.minor_risk import MinorRiskMap
from crawler.capture.recorder import Recorder
from crawler.capture.traffic import MEDIA_NOTE
from crawler.items import AccountItem, MediaItem, PostItem
from spiders.profile import Profile
from storage.models import Media

# Pages first: media wait behind every page already queued.
MEDIA_PRIORITY = -10
MEDIA_META = "mimamori_media"
MEDIA_POST_META = "mimamori_post"
MEDIA_POST_TEXT_META = "mimamori_post_text"
POST_TEXT_CHARS = 20_000


def load_known_media(session: Session) -> dict[str, dict[str, Any]]:
    """Media URLs hashed by earlier runs: re-fetching them every night only adds storage."""
    rows = session.execute(
        select(
            Media.url,
            Media.sha256,
            Media.pdq,
            Media.pdq_quality,
            Media.width,
            Media.height,
            Media.size,
            Media.content_type,
            Media.thumb_blob,
        ).where(Media.sha256.is_not(None), Media.error.is_(None))
    ).all()
    return {row.url: row._asdict() for row in rows}


class MediaCapture:
    def __init__(
        self,
        recorder: Recorder,
        profile: Profile,
        known_media: dict[str, dict[str, Any]],
        minor_risk: MinorRiskMap,
    ) -> None:
        self.recorder = recorder
        self.profile = profile
        self.known_media = known_media
        self.minor_risk = minor_risk

    @property
    def enabled(self) -> bool:
        return bool(self.profile.media.fetch)

    def note_account(self, account: AccountItem) -> None:
        """Media of an account whose own page implies minors keep no thumbnail."""
        if self.enabled:
            self.minor_risk.check_account(account.account_key, account.detection_text())

    def follow_post(
        self,
        post: PostItem,
        callback: Callable[[Response], Any],
        errback: Callable[[Any], Any],
    ) -> Iterator[Request | MediaItem]:
        """A request per new media URL of the post, an item per media hashed before."""
        if not self.enabled:
            return
        for media_url in post.media_urls:
            if urlsplit(media_url).scheme not in ("http", "https"):
                continue
            known = self.known_media.get(media_url)
            if known is not None:
                yield self.known_item(post, media_url, known)
                continue
            yield Request(
                media_url,
                callback=callback,
                errback=errback,
                priority=MEDIA_PRIORITY,
                meta={
                    MEDIA_META: True,
                    MEDIA_POST_META: (post.account_key, post.post_key),
                    MEDIA_POST_TEXT_META: post.detection_text()[:POST_TEXT_CHARS],
                },
            )

    def known_item(self, post: PostItem, url: str, known: dict[str, Any]) -> MediaItem:
        item = MediaItem(
            platform=self.profile.platform,
            account_key=post.account_key,
            post_key=post.post_key,
            url=url,
            fetched_at=datetime.now(UTC),
            sha256=known["sha256"],
            pdq=known["pdq"],
            pdq_quality=known["pdq_quality"],
            width=known["width"],
            height=known["height"],
            size=known["size"],
            content_type=known["content_type"],
        )
        if self.minor_risk.is_minor(post.account_key, post.detection_text()):
            item.withheld_reason = "minor_risk"
        else:
            item.known_thumb_blob = known["thumb_blob"]
        return item

    def fetched_item(self, response: Response) -> MediaItem:
        """Hash a fetched medium in memory and record the fetch (never its bytes) in the WARC."""
        account_key, post_key = response.meta[MEDIA_POST_META]
        body = response.body
        sha = hashlib.sha256(body).hexdigest()
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        item = MediaItem(
            platform=self.profile.platform,
            account_key=account_key,
            post_key=post_key,
            url=response.url,
            fetched_at=datetime.now(UTC),
            sha256=sha,
            size=len(body),
            content_type=content_type or None,
        )
        minor = self.minor_risk.is_minor(account_key, response.meta.get(MEDIA_POST_TEXT_META, ""))
        try:
            hashes, image = hash_media(body)
        except MediaError as exc:
            item.error = str(exc)
            image = None
        else:
            item.pdq = hashes.pdq
            item.pdq_quality = hashes.pdq_quality
            item.width = hashes.width
            item.height = hashes.height
        if minor:
            item.withheld_reason = "minor_risk"
        elif image is not None:
            item.thumbnail = blurred_thumbnail(image)
            if self.profile.media.keep_originals:
                item.original = body
        fields = {
            "status": str(response.status),
            "content-type": content_type,
            "sha256": sha,
            "size": str(len(body)),
            "pdq": item.pdq or "",
            "note": MEDIA_NOTE,
        }
        item.evidence = [
            self.recorder.record_media_fetch(
                url=response.url,
                status=response.status,
                fields=fields,
                body_sha256=sha,
                size=len(body),
            )
        ]
        return item
