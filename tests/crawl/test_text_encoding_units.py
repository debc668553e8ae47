"""Pages are read in the encoding their bytes are in, whatever they declare."""

from __future__ import annotations

import gzip
import zlib
from collections import Counter
from types import SimpleNamespace

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse

from crawler.capture.text_encoding import (
    EncodingChoice,
    choose_encoding,
    decompressed,
)
from crawler.middlewares.encoding import TEXT_ENCODING_META, EncodingMiddleware

TEXT = "<html><body><p>鷺ノ宮澪奈のAI画像セット、ご依頼はこちら。よろしくお願いします。</p></body></html>"
META_UTF8 = '<html><head><meta charset="utf-8"></head>' + TEXT[6:]


@pytest.mark.parametrize(
    ("page", "encoding", "content_type", "expected"),
    [
        (TEXT, "utf-8", "text/html; charset=utf-8", EncodingChoice("utf-8", False)),
        (TEXT, "utf-8", None, EncodingChoice("utf-8", False)),
        (TEXT, "cp932", "text/html; charset=Shift_JIS", EncodingChoice("cp932", False)),
        (TEXT, "cp932", "text/html; charset=utf-8", EncodingChoice("cp932", True)),
        (META_UTF8, "cp932", "text/html", EncodingChoice("cp932", True)),
        (TEXT, "cp932", None, EncodingChoice("cp932", True)),
        (TEXT, "euc_jp", "text/html", EncodingChoice("euc_jp", True)),
        (TEXT, "euc_jp", "text/html; charset=utf-8", EncodingChoice("euc_jp", True)),
        # EUC-JP decodes without error as Shift_JIS (half-width katakana soup).
        (TEXT * 3, "euc_jp", "text/html; charset=shift_jis", EncodingChoice("euc_jp", True)),
        (TEXT, "euc_jp", "text/html; charset=EUC-JP", EncodingChoice("euc_jp", False)),
    ],
)
def test_the_encoding_is_the_bytes_not_the_label(
    page: str, encoding: str, content_type: str | None, expected: EncodingChoice
) -> None:
    assert choose_encoding(page.encode(encoding), content_type) == expected


def test_one_broken_byte_in_a_long_utf8_page_keeps_utf8() -> None:
    body = (TEXT * 20).encode("utf-8") + b"\xff" + TEXT.encode("utf-8")
    assert choose_encoding(body, "text/html; charset=utf-8") == EncodingChoice("utf-8", False)


@pytest.mark.parametrize("body", [b"", b"\x00\x01\x02\xfe\xff" * 50, b"<script>\x81\x82</script>"])
def test_hostile_bytes_give_a_choice_or_none_never_an_error(body: bytes) -> None:
    choice = choose_encoding(body, "text/html")
    assert choice is None or isinstance(choice, EncodingChoice)


def test_the_recorder_decides_on_the_inflated_bytes_within_the_size_limit() -> None:
    body = TEXT.encode("cp932")
    assert decompressed(gzip.compress(body), "gzip", 10_000) == body
    assert decompressed(zlib.compress(body), "deflate", 10_000) == body
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    assert decompressed(raw.compress(body) + raw.flush(), "deflate", 10_000) == body
    assert decompressed(body, None, 10_000) == body
    assert decompressed(gzip.compress(b"x" * 50_000), "gzip", 10_000) is None  # a bomb
    assert decompressed(b"not gzip", "gzip", 10_000) is None
    assert decompressed(body, "br", 10_000) is None  # not read here: no encoding recorded


def _middleware() -> tuple[EncodingMiddleware, Counter[str]]:
    stats: Counter[str] = Counter()
    crawler = SimpleNamespace(stats=SimpleNamespace(inc_value=lambda key: stats.update([key])))
    return EncodingMiddleware(crawler), stats  # type: ignore[arg-type]


def _response(body: bytes, content_type: str, meta: dict | None = None) -> HtmlResponse:
    request = Request("http://127.0.0.1:9/shop", meta=meta or {})
    headers = {"Content-Type": content_type}
    return HtmlResponse(request.url, body=body, headers=headers, request=request)


def test_a_shift_jis_page_declared_utf8_is_read_as_shift_jis() -> None:
    middleware, stats = _middleware()
    response = _response(TEXT.encode("cp932"), "text/html; charset=utf-8")
    assert "鷺ノ宮" not in response.text  # what Scrapy alone makes of it
    out = middleware.process_response(response.request, response)
    assert isinstance(out, TextResponse) and "鷺ノ宮澪奈" in out.text
    assert out.encoding == "cp932" and stats["mimamori/encodings_detected"] == 1


def test_the_evidence_middlewares_choice_is_the_one_used() -> None:
    middleware, _ = _middleware()
    meta = {TEXT_ENCODING_META: EncodingChoice("euc_jp", True)}
    response = _response(TEXT.encode("euc_jp"), "text/html", meta)
    out = middleware.process_response(response.request, response)
    assert out.encoding == "euc_jp" and "鷺ノ宮澪奈" in out.text


def test_a_correctly_declared_page_is_left_alone() -> None:
    middleware, stats = _middleware()
    response = _response(TEXT.encode("utf-8"), "text/html; charset=utf-8")
    assert middleware.process_response(response.request, response) is response
    assert stats == Counter()
