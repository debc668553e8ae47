"""A local test world of two platforms shaped like real ones, for the request-side profile
features (standard library HTTP server on 127.0.0.1, fictional sellers, placeholder text):

* /fc/   a fan-club site: every page wants the `adult_check=1` cookie; the post API answers
         429 plus a `gate` cookie first, and 403 without the page's CSRF token in
         `X-CSRF-Token` or without a same-origin `Origin` and `Referer`.
* /flea/ a search-driven flea market whose sellers exist only on item pages.
"""

from __future__ import annotations

import html
import json
import threading
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

FANCLUBS = {
    "7": {"name": "Lab Club Seven", "handle": "labclub7"},
    "8": {"name": "Lab Club Eight", "handle": "labclub8"},
}
# Two API pages per club: (post id, title, publish time).
FC_POSTS = {
    (club, page): [
        (f"{club}0{page}{n}", f"Lab post {club}-{page}-{n}", f"2026-11-0{page}T0{n}:00:00Z")
        for n in (1, 2)
    ]
    for club in FANCLUBS
    for page in (1, 2)
}
SELLERS = {"s1": "Seller One", "s2": "Seller Two", "s3": "Seller Three"}
ITEMS = {
    "m101": ("s1", "Lab item one", "2026-11-01T10:00:00+09:00"),
    "m102": ("s2", "Lab item two", "2026-11-02T10:00:00+09:00"),
    "m103": ("s3", "Lab item three", "2026-11-03T10:00:00+09:00"),
    "m104": ("s1", "Lab item four", "2026-11-04T10:00:00+09:00"),
}
# keyword → result pages (a page token leads to the next).
SEARCHES = {"AI 画像 依頼": [["m101", "m102"], ["m103"]], "lab extra": [["m104", "m101"]]}


def csrf_token(club: str) -> str:
    return f"csrf-{club}-lab"


@dataclass
class Seen:
    """What the server answered, for the tests' assertions."""

    api: list[tuple[str, int]] = field(default_factory=list)
    searches: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add_api(self, path: str, status: int) -> None:
        with self.lock:
            self.api.append((path, status))


def _page(title: str, body: str, head: str = "") -> bytes:
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"{head}</head><body>{body}</body></html>"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    server: LabServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _cookies(self) -> dict[str, str]:
        jar = SimpleCookie(self.headers.get("Cookie", ""))
        return {k: m.value for k, m in jar.items()}

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if parts.path.startswith("/fc/"):
            self._fanclub(parts.path, query)
        elif parts.path.startswith("/flea/"):
            self._flea(parts.path, query)
        else:
            self._send(404, b"not found", "text/plain")

    # -- the fan-club site ---------------------------------------------------------------
    def _fanclub(self, path: str, query: dict[str, str]) -> None:
        cookies = self._cookies()
        if cookies.get("adult_check") != "1":
            self._send(403, _page("Age check", "<p>confirm your age</p>"), "text/html")
            return
        segments = path.strip("/").split("/")
        if segments == ["fc", "fanclubs"]:
            links = "".join(f'<a href="/fc/fanclubs/{c}">{c}</a>' for c in FANCLUBS)
            self._send(200, _page("Clubs", links), "text/html; charset=utf-8")
        elif len(segments) == 3 and segments[:2] == ["fc", "fanclubs"] and segments[2] in FANCLUBS:
            club = FANCLUBS[segments[2]]
            head = f'<meta name="csrf-token" content="{csrf_token(segments[2])}">'
            body = f'<h1 class="name">{club["name"]}</h1><p class="handle">@{club["handle"]}</p>'
            self._send(200, _page(club["name"], body, head), "text/html; charset=utf-8")
        elif len(segments) == 6 and segments[:3] == ["fc", "api", "v1"] and segments[5] == "posts":
            self._fanclub_api(segments[4], query.get("page", "1"), cookies)
        else:
            self._send(404, b"not found", "text/plain")

    def _fanclub_api(self, club: str, page: str, cookies: dict[str, str]) -> None:
        origin = self.server.base_url
        status = 200
        if cookies.get("gate") != "ok":
            status = 429
        elif (
            self.headers.get("X-CSRF-Token") != csrf_token(club)
            or self.headers.get("Origin") != origin
            or not (self.headers.get("Referer", "").startswith(origin + "/fc/"))
        ):
            status = 403
        self.server.seen.add_api(self.path, status)
        if status == 429:
            headers = {"Retry-After": "0", "Set-Cookie": "gate=ok; Path=/"}
            self._send(429, b'{"error": "slow down"}', "application/json", headers)
            return
        if status != 200 or (club, int(page)) not in FC_POSTS:
            self._send(
                status if status != 200 else 404, b'{"error": "refused"}', "application/json"
            )
            return
        posts = [
            {"id": pid, "title": title, "comment": "placeholder text", "posted_at": at}
            for pid, title, at in FC_POSTS[(club, int(page))]
        ]
        doc = {"posts": posts, "next_page": int(page) + 1 if int(page) < 2 else None}
        self._send(200, json.dumps(doc).encode(), "application/json")

    # -- the flea market ------------------------------------------------------------------
    def _flea(self, path: str, query: dict[str, str]) -> None:
        if path == "/flea/search":
            keyword = query.get("keyword", "")
            with self.server.seen.lock:
                self.server.seen.searches.append(keyword)
            pages = SEARCHES.get(keyword, [[]])
            index = int(query.get("page_token", "p1")[1:]) - 1
            items = pages[index] if 0 <= index < len(pages) else []
            body = "".join(f'<a class="item" href="/flea/items/{m}">{m}</a>' for m in items)
            if index + 1 < len(pages):
                body += f'<a class="next" href="{html.escape(self.path)}&page_token=p{index + 2}">next</a>'
            self._send(200, _page("Search", body), "text/html; charset=utf-8")
        elif path.startswith("/flea/items/") and path.rsplit("/", 1)[1] in ITEMS:
            seller, title, at = ITEMS[path.rsplit("/", 1)[1]]
            body = (
                f'<h1>{title}</h1><p class="description">placeholder description</p>'
                f'<p class="price">¥3,000</p><time datetime="{at}">{at}</time>'
                f'<a class="seller" href="/flea/user/{seller}">'
                f'<span class="seller-name">{SELLERS[seller]}</span></a>'
            )
            self._send(200, _page(title, body), "text/html; charset=utf-8")
        else:
            # Seller pages do not exist on this market.
            self._send(404, b"not found", "text/plain")


class LabServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"
        self.seen = Seen()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    def __enter__(self) -> LabServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)
