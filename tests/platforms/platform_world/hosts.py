"""A small threaded HTTP server per fictional platform host, on 127.0.0.1 and a free port.

Each real platform lives on its own host (FANBOX even splits www and api), so the test world
starts one server per host: cookies, Origin checks and offsite rules then behave as on the
real sites. Standard library only; `Site.handle` turns a `Req` into a `Reply`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Req:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    cookies: dict[str, str]

    def arg(self, name: str, default: str = "") -> str:
        return self.query.get(name, default)


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)


def html(text: str, status: int = 200, *, charset: str | None = "utf-8") -> Reply:
    """An HTML page; `charset=None` sends the bytes (already encoded) with no declaration."""
    content_type = f"text/html; charset={charset}" if charset else "text/html"
    return Reply(status, text.encode(charset or "utf-8"), content_type)


def raw_html(body: bytes) -> Reply:
    return Reply(200, body, "text/html")


def as_json(data: object, status: int = 200) -> Reply:
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return Reply(status, body, "application/json; charset=utf-8")


def not_found() -> Reply:
    return html("<h1>404 Not Found</h1>", 404)


Handler = Callable[[Req], Reply]


class Host:
    """One fictional host: `start()` binds 127.0.0.1 on a free port and sets `base_url`."""

    def __init__(self, name: str, handler: Handler) -> None:
        self.name = name
        self.handler = handler
        self.base_url = ""
        self.hits: list[tuple[str, int]] = []  # (path?query, status): what the crawler asked
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _RequestHandler)
        server.daemon_threads = True
        server.host = self  # type: ignore[attr-defined]
        self._server = server
        self.base_url = f"http://127.0.0.1:{server.server_address[1]}"
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def record(self, target: str, status: int) -> None:
        with self._lock:
            self.hits.append((target, status))


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "PlatformWorld/1.0"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def _serve(self, send_body: bool) -> None:
        host: Host = self.server.host  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        jar = SimpleCookie()
        jar.load(self.headers.get("Cookie", ""))
        req = Req(
            self.command,
            parts.path,
            query,
            {k.lower(): v for k, v in self.headers.items()},
            {k: m.value for k, m in jar.items()},
        )
        try:
            reply = host.handler(req)
        except Exception as exc:  # a bug in the fixture must show, not hang the crawl
            reply = html(f"<pre>fixture error: {exc!r}</pre>", 500)
        host.record(self.path, reply.status)
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(reply.body)


ROBOTS = "User-agent: *\nDisallow: /mypage/\nDisallow: /settings/\n"


def common(req: Req) -> Reply | None:
    """What every host serves: robots.txt (the crawler obeys it) and placeholder images."""
    if req.path == "/robots.txt":
        return Reply(200, ROBOTS.encode(), "text/plain")
    if req.path.startswith("/img/"):
        from crawler.demo_site.images import render_placeholder

        return Reply(200, render_placeholder(req.path, "jpeg"), "image/jpeg")
    return None


def page(title: str, body: str, head: str = "") -> str:
    return (
        '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">'
        f"<title>{title}</title>{head}</head><body>{body}</body></html>"
    )
