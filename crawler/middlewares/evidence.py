"""Record every response the static downloader receives, as it came off the wire.

Sits next to the downloader (after compression and redirect handling in the
response direction), so the WARC holds the raw, still-encoded body and every 3xx,
429 and 404 along the way. Browser pages are recorded from the browser's own
network events instead (crawler.middlewares.browser_pages), and media by metadata only.
"""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse

from crawler.capture.media_capture import MEDIA_META
from crawler.capture.recorder import Exchange, Recorder
from crawler.capture.text_encoding import EncodingChoice, choose_encoding, decompressed
from crawler.middlewares.encoding import TEXT_ENCODING_META
from crawler.runtime import run_state
from spiders.contract import EVIDENCE_META, RECORD_ID_META

__all__ = ["EVIDENCE_META", "RECORD_ID_META", "REPLAYED_META", "EvidenceMiddleware"]

# Set on responses replayed from an interrupted run's WARC: their evidence is already there.
REPLAYED_META = "mimamori_replayed"


def header_pairs(headers) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    pairs = []
    for key, values in headers.items():
        name = key.decode("latin-1")
        for value in values:
            pairs.append((name, value.decode("latin-1")))
    return pairs


class EvidenceMiddleware:
    def __init__(self, recorder: Recorder, max_page_bytes: int = 8 * 1024 * 1024) -> None:
        self.recorder = recorder
        self.max_page_bytes = max_page_bytes

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EvidenceMiddleware:
        state = run_state(crawler)
        return cls(state.recorder, state.profile.limits.max_page_bytes)

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        if (
            request.meta.get("playwright")
            or request.meta.get(MEDIA_META)
            or request.meta.get(REPLAYED_META)
        ):
            return response
        choice = self._text_encoding(response)
        request.meta[TEXT_ENCODING_META] = choice
        record_id = self.recorder.record_exchange(
            Exchange(
                url=request.url,
                final_url=response.url,
                method=request.method,
                request_headers=header_pairs(request.headers),
                request_body=request.body or b"",
                status=response.status,
                response_headers=header_pairs(response.headers),
                body=response.body,
                protocol=response.protocol or "HTTP/1.1",
                ip_address=str(response.ip_address) if response.ip_address else None,
                text_encoding=choice.encoding if choice is not None else None,
            )
        )
        request.meta[RECORD_ID_META] = record_id
        request.meta.setdefault(EVIDENCE_META, []).append(record_id)
        return response

    def _text_encoding(self, response: Response) -> EncodingChoice | None:
        """How the page will be read (crawler.middlewares.encoding), decided on the bytes the
        server meant, for the capture row."""
        if not isinstance(response, TextResponse):
            return None
        coding = response.headers.get("Content-Encoding", b"").decode("latin-1")
        body = decompressed(response.body, coding, self.max_page_bytes)
        if body is None:
            return None
        return choose_encoding(body, response.headers.get("Content-Type", b"").decode("latin-1"))
