"""Record a browser page's own network traffic as it happens, through the Recorder.

Chromium fetched the page, not Scrapy: each response event of the page becomes a
WARC exchange (media only as a metadata record, never their bytes; safety rules in
docs/architecture.md). The main document's record is what the DOM and screenshot
records of the page are concurrent to.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from dataclasses import dataclass, field
from typing import Any

from crawler.capture.recorder import Exchange, Recorder
from spiders.contract import RECEIVED_JSON_MAX_BYTES, RECEIVED_JSON_PAGE_MAX_BYTES, ReceivedJson

logger = logging.getLogger(__name__)

# Browser resources whose bodies are never written to the WARC (media: safety rules).
MEDIA_RESOURCE_TYPES = {"image", "media"}
SKIPPED_RESOURCE_TYPES = {"font", "websocket", "eventsource", "manifest"}
MEDIA_NOTE = "media payload deliberately not archived (mimamori safety policy)"
# Scripts' own calls: what a client-rendered page gets its data from.
API_RESOURCE_TYPES = {"xhr", "fetch"}


@dataclass
class PageTraffic:
    tasks: list[asyncio.Future[None]] = field(default_factory=list)
    records: list[str] = field(default_factory=list)
    main: str | None = None
    # Bodies the spider may read with `response:` (spiders.contract.RECEIVED_JSON_META).
    received_json: list[ReceivedJson] = field(default_factory=list)
    received_json_bytes: int = 0

    def keep_json(self, url: str, status: int, body: bytes) -> None:
        """Keep a copy of an API body for the spider, within the per-body and per-page caps."""
        if len(body) > RECEIVED_JSON_MAX_BYTES or (
            self.received_json_bytes + len(body) > RECEIVED_JSON_PAGE_MAX_BYTES
        ):
            self.received_json.append(ReceivedJson(url, status, b"", too_large=True))
            return
        self.received_json_bytes += len(body)
        self.received_json.append(ReceivedJson(url, status, body))


class BrowserTraffic:
    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder
        self._pages: dict[Any, PageTraffic] = {}

    def on_response(self, pw_response: Any) -> None:
        """Playwright 'response' event: record the exchange once its body is available."""
        try:
            page = pw_response.frame.page
        except Exception:
            return
        state = self._pages.setdefault(page, PageTraffic())
        state.tasks.append(asyncio.ensure_future(self._record(pw_response, state)))

    async def drain(self, page: Any) -> PageTraffic:
        """Wait for every response of the page seen so far to be recorded."""
        state = self._pages.get(page, PageTraffic())
        while True:
            pending = [t for t in state.tasks if not t.done()]
            if not pending:
                break
            await asyncio.gather(*pending, return_exceptions=True)
        return state

    def forget(self, page: Any) -> None:
        self._pages.pop(page, None)

    async def _record(self, pw_response: Any, state: PageTraffic) -> None:
        request = pw_response.request
        resource_type = request.resource_type
        if resource_type in SKIPPED_RESOURCE_TYPES:
            return
        try:
            status = pw_response.status
            headers = await pw_response.headers_array()
            request_headers = await request.headers_array()
            try:
                server = await pw_response.server_addr()
            except Exception:
                server = None
            body = b""
            if not (300 <= status < 400):
                try:
                    body = await pw_response.body()
                except Exception:
                    body = b""
        except Exception as exc:
            logger.debug("could not read browser response %s: %s", pw_response.url, exc)
            return
        pairs = [(h["name"], h["value"]) for h in headers]
        if resource_type in MEDIA_RESOURCE_TYPES:
            record_id = self._record_media(pw_response.url, status, pairs, body)
        else:
            # Chromium hands us the decoded body: don't claim an encoding it no longer has.
            pairs = [
                (k, v) for k, v in pairs if k.lower() not in ("content-encoding", "content-length")
            ]
            pairs.append(("Content-Length", str(len(body))))
            record_id = self.recorder.record_exchange(
                Exchange(
                    url=pw_response.url,
                    final_url=pw_response.url,
                    method=request.method,
                    request_headers=[(h["name"], h["value"]) for h in request_headers],
                    request_body=(request.post_data_buffer or b""),
                    status=status,
                    response_headers=pairs,
                    body=body,
                    ip_address=(server or {}).get("ipAddress"),
                    via_browser=True,
                )
            )
        state.records.append(record_id)
        if _may_be_json(resource_type, status, pairs):
            state.keep_json(pw_response.url, status, body)
        if (
            request.is_navigation_request()
            and pw_response.frame.parent_frame is None
            and not (300 <= status < 400)
        ):
            state.main = record_id

    def _record_media(
        self, url: str, status: int, headers: list[tuple[str, str]], body: bytes
    ) -> str:
        sha = hashlib.sha256(body).hexdigest()
        return self.recorder.record_media_fetch(
            url=url,
            status=status,
            fields={
                "status": str(status),
                "content-type": next((v for k, v in headers if k.lower() == "content-type"), ""),
                "sha256": sha,
                "size": str(len(body)),
                "note": MEDIA_NOTE,
            },
            body_sha256=sha,
            size=len(body),
        )


def _may_be_json(resource_type: str, status: int, headers: list[tuple[str, str]]) -> bool:
    """An API answer worth handing to the spider: a script's call, or anything labelled JSON."""
    if not 200 <= status < 300 or resource_type in MEDIA_RESOURCE_TYPES:
        return False
    content_type = next((v for k, v in headers if k.lower() == "content-type"), "").lower()
    return resource_type in API_RESOURCE_TYPES or "json" in content_type
