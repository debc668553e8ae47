"""Which text encoding a page's bytes are in, when its header or <meta> says nothing or lies.

Japanese sites still serve Shift_JIS/CP932 and EUC-JP, often declared as UTF-8 or not at
all; read with the declared (or guessed Latin) encoding the page becomes mojibake and
a named person in it is missed. The declaration is kept whenever the bytes decode under
it (a few stray bad bytes are tolerated: a UTF-8 page with one broken character stays
UTF-8); otherwise bs4's `UnicodeDammit` tries the Japanese encodings first. The result
is recorded with the page's capture (docs/architecture.md, "Capture").
"""

from __future__ import annotations

import codecs
import zlib
from dataclasses import dataclass

from bs4 import UnicodeDammit
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

# Tried in this order when the declaration fails: EUC-JP before CP932, because EUC-JP
# bytes also decode (as half-width katakana garbage) as CP932, but not the other way round.
JAPANESE_CANDIDATES = ("utf-8", "euc_jp", "cp932")
# Up to one undecodable byte in this many characters still counts as "the declaration holds".
TOLERATED_ERRORS_PER_CHARS = 1000
_HALFWIDTH_KANA = range(0xFF61, 0xFFA0)


@dataclass(frozen=True)
class EncodingChoice:
    encoding: str
    # True when the bytes overruled (or stood in for) the page's own declaration.
    detected: bool


def codec_name(encoding: str) -> str:
    """The canonical Python codec name ("Shift_JIS" and "sjis" are one codec)."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding.lower()


def declared_encoding(body: bytes, content_type: str | None) -> str | None:
    """What the page says it is: a byte order mark, the Content-Type charset, or <meta>."""
    bom, _ = read_bom(body)
    found = bom or http_content_type_encoding(content_type or "")
    found = found or html_body_declared_encoding(body)
    if not found:
        return None
    try:
        return codec_name(found)
    except LookupError:
        return None


def choose_encoding(body: bytes, content_type: str | None) -> EncodingChoice | None:
    """The encoding to read `body` with; None when no candidate fits (leave it to Scrapy)."""
    declared = declared_encoding(body, content_type)
    if declared is not None and _holds(body, declared):
        if declared in ("cp932", "shift_jis") and _looks_like_euc_jp(body, declared):
            return EncodingChoice("euc_jp", detected=True)
        return EncodingChoice(declared, detected=False)
    dammit = UnicodeDammit(
        body,
        user_encodings=list(JAPANESE_CANDIDATES),
        exclude_encodings=[declared] if declared else [],
        is_html=True,
    )
    found = dammit.original_encoding
    if not found or dammit.contains_replacement_characters:
        return None
    name = codec_name(found)
    # Nothing declared and plain ASCII/UTF-8: that is what it is, not a detection.
    return EncodingChoice(name, detected=declared is not None or name not in ("ascii", "utf-8"))


def _holds(body: bytes, encoding: str) -> bool:
    try:
        text = body.decode(encoding, errors="replace")
    except LookupError:
        return False
    return text.count("\ufffd") * TOLERATED_ERRORS_PER_CHARS <= len(text)


def _looks_like_euc_jp(body: bytes, declared: str) -> bool:
    """EUC-JP declared as Shift_JIS decodes without error, as half-width katakana soup."""
    try:
        as_euc = body.decode("euc_jp")
    except UnicodeDecodeError:
        return False
    as_declared = body.decode(declared, errors="replace")
    return _halfwidth_kana(as_declared) > 2 * _halfwidth_kana(as_euc) + 10


def _halfwidth_kana(text: str) -> int:
    return sum(1 for ch in text if ord(ch) in _HALFWIDTH_KANA)


def decompressed(body: bytes, content_encoding: str | None, max_size: int) -> bytes | None:
    """The body as the server meant it, for the evidence recorder (which sees wire bytes).

    None for a coding this does not read (brotli, zstd) or a body over `max_size` once
    inflated: then no encoding is recorded for the capture, and the page is still read
    correctly by `EncodingMiddleware` after Scrapy's own decompression."""
    codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
    for coding in reversed(codings):
        if coding == "identity":
            continue
        if coding not in ("gzip", "x-gzip", "deflate"):
            return None
        # 47: zlib or gzip header, detected; raw deflate (some servers) as the fallback.
        for wbits in (47, -zlib.MAX_WBITS):
            inflater = zlib.decompressobj(wbits)
            try:
                out = inflater.decompress(body, max_size + 1)
            except zlib.error:
                continue
            if len(out) > max_size:
                return None
            body = out
            break
        else:
            return None
    return body
