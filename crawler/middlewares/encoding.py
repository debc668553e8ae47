"""Read each static page in the encoding its bytes are in, not only the one it declares.

Scrapy decodes a page with its Content-Type charset or <meta>, else guesses; a
Shift_JIS or EUC-JP page declared as UTF-8 (or not at all) then becomes mojibake. This
middleware sits after decompression in the response direction and replaces the
response's encoding with `capture.text_encoding.choose_encoding`'s. The evidence
middleware makes the same choice on the same bytes for the capture row and leaves it in
`TEXT_ENCODING_META`, so the page is read exactly as its capture says
(docs/architecture.md, "Capture").
"""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse

from crawler.capture.text_encoding import EncodingChoice, choose_encoding, codec_name

# The evidence middleware's choice for this response (an EncodingChoice, or None).
TEXT_ENCODING_META = "mimamori_text_encoding"


class EncodingMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EncodingMiddleware:
        return cls(crawler)

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        if not isinstance(response, TextResponse) or request.meta.get("playwright"):
            return response
        if TEXT_ENCODING_META in request.meta:
            choice = request.meta[TEXT_ENCODING_META]
        else:  # replayed from an interrupted run's WARC: no evidence middleware saw it
            content_type = response.headers.get("Content-Type", b"").decode("latin-1")
            choice = choose_encoding(response.body, content_type)
        if not isinstance(choice, EncodingChoice):
            return response
        if codec_name(response.encoding) == choice.encoding:
            return response
        if choice.detected:
            self.stats.inc_value("mimamori/encodings_detected")  # type: ignore[union-attr]
        return response.replace(encoding=choice.encoding)
