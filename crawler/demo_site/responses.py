"""What a page handler returns, and the small helpers that build it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    # A streamed body: sent chunk by chunk. `length` is its Content-Length when known; without
    # it the connection is closed at the end of the body.
    stream: Iterator[bytes] | None = None
    length: int | None = None
    delay: float = 0.0


@dataclass
class Request:
    """One incoming request plus the server-wide state the awkward pages need."""

    method: str
    target: str
    base_url: str
    throttled_once: set[str]
    state_lock: threading.Lock
    stopping: threading.Event

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.target).query).items()}

    def absolute(self, url: str) -> str:
        """Root-relative world links become absolute URLs on this server; others stay as they are."""
        return self.base_url + url if url.startswith("/") else url

    def first_visit(self, key: str) -> bool:
        with self.state_lock:
            if key in self.throttled_once:
                return False
            self.throttled_once.add(key)
            return True


def html(
    text: str, encoding: str = "utf-8", declare_in_header: bool = True, status: int = 200
) -> Reply:
    """Encode a page; characters the legacy codec lacks (emoji) become numeric references."""
    codec = {"shift_jis": "shift_jis", "euc_jp": "euc_jp"}.get(encoding, "utf-8")
    label = {"shift_jis": "Shift_JIS", "euc_jp": "EUC-JP"}.get(codec, "utf-8")
    content_type = f"text/html; charset={label}" if declare_in_header else "text/html"
    return Reply(status, text.encode(codec, errors="xmlcharrefreplace"), content_type)


def json_reply(data: Any, status: int = 200) -> Reply:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Reply(status, body, "application/json; charset=utf-8", {"Cache-Control": "no-store"})


def redirect(location: str, status: int = 301) -> Reply:
    return Reply(status, b"", "text/plain; charset=utf-8", {"Location": location})


def not_found(what: str = "ページが見つかりません") -> Reply:
    page = (
        "<!DOCTYPE html><html lang='ja'><head><meta charset='utf-8'><title>404 Not Found</title></head>"
        f"<body><h1>404 Not Found</h1><p class='error'>{what}</p></body></html>"
    )
    return html(page, status=404)


def text(body: str, content_type: str = "text/plain; charset=utf-8", status: int = 200) -> Reply:
    return Reply(status, body.encode("utf-8"), content_type)
