"""The HTTP server of the demo world: standard library only, one daemon thread per connection."""

from __future__ import annotations

import ipaddress
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

from crawler.demo_site import pages_fanclub, pages_links, pages_market, pages_site, pages_social
from crawler.demo_site.responses import Reply, Request, json_reply, not_found
from crawler.demo_site.world import build_world
from crawler.demo_site.world_model import MAX_DAY, World

PLATFORM_HANDLERS = {
    "/fanclub": pages_fanclub.handle,
    "/social": pages_social.handle,
    "/market": pages_market.handle,
    "/links": pages_links.handle,
}


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class DemoSite:
    """The demo world on a local port. `start()` returns the base URL; use as a context manager."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, day: int = 1) -> None:
        if not is_loopback(host):
            raise ValueError(f"the demo site only binds loopback addresses, not {host!r}")
        self.host = host
        self.port = port
        self._check_day(day)
        self._day = day
        self._lock = threading.Lock()
        self._throttled_once: set[str] = set()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""

    @staticmethod
    def _check_day(day: int) -> None:
        if not isinstance(day, int) or not 1 <= day <= MAX_DAY:
            raise ValueError(f"day must be an integer from 1 to {MAX_DAY}, got {day!r}")

    @property
    def day(self) -> int:
        with self._lock:
            return self._day

    def set_day(self, day: int) -> None:
        self._check_day(day)
        build_world(day)  # build before switching so requests never wait on it
        with self._lock:
            self._day = day

    def world(self) -> World:
        return build_world(self.day)

    def start(self) -> str:
        if self._server is not None:
            return self.base_url
        build_world(self._day)
        self._stopping.clear()
        server_class = _IPv6Server if ":" in self.host else ThreadingHTTPServer
        server = server_class((self.host.strip("[]"), self.port), _Handler)
        server.daemon_threads = True
        server.site = self  # type: ignore[attr-defined]
        self._server = server
        self.port = server.server_address[1]
        shown_host = f"[{self.host}]" if ":" in self.host else self.host
        self.base_url = f"http://{shown_host}:{self.port}"
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="demo-site",
            daemon=True,
        )
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        if self._server is None:
            return
        self._stopping.set()  # ends streamed bodies (endless page, huge page) promptly
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> DemoSite:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _request(self, method: str, target: str) -> Request:
        return Request(
            method, target, self.base_url, self._throttled_once, self._lock, self._stopping
        )


def dispatch(req: Request, world: World) -> Reply:
    path = req.path
    for prefix, handler in PLATFORM_HANDLERS.items():
        if path == prefix or path.startswith(prefix + "/"):
            reply = handler(req, world)
            if reply is not None:
                return reply
    return pages_site.handle(req, world) or not_found()


class _IPv6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "DemoPlatforms/1.0"
    # Headers and body go out in separate writes; without this, Nagle + delayed ACK add ~40 ms
    # to every keep-alive response.
    disable_nagle_algorithm = True

    @property
    def site(self) -> DemoSite:
        return self.server.site  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: object) -> None:
        # Quiet: tests start the server many times.
        return

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        parts = urlsplit(self.path)
        if parts.path != "/__demo/day":
            self._send(json_reply({"error": "method_not_allowed"}, 405), True)
            return
        raw = parse_qs(parts.query).get("n", [""])[0]
        try:
            self.site.set_day(int(raw))
        except ValueError:
            self._send(json_reply({"error": f"n must be 1..{MAX_DAY}"}, 400), True)
            return
        self._send(json_reply({"day": self.site.day}), True)

    def _serve(self, send_body: bool) -> None:
        req = self.site._request(self.command, self.path)
        if req.path == "/__demo/day":
            reply = json_reply({"day": self.site.day})
        else:
            reply = dispatch(req, self.site.world())
        self._send(reply, send_body)

    def _send(self, reply: Reply, send_body: bool) -> None:
        if reply.delay and self.site._stopping.wait(reply.delay):
            return
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.stream is None:
                self.send_header("Content-Length", str(len(reply.body)))
            elif reply.length is not None:
                self.send_header("Content-Length", str(reply.length))
            else:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if not send_body:
                return
            if reply.stream is None:
                self.wfile.write(reply.body)
                return
            for chunk in reply.stream:
                self.wfile.write(chunk)
            if self.site._stopping.is_set():
                self.close_connection = True
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True
        finally:
            if reply.stream is not None and hasattr(reply.stream, "close"):
                reply.stream.close()
