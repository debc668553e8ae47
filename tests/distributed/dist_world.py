"""A real redis-server on 127.0.0.1 and a free port, a small generated site, and its profile."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Event, Lock, Thread

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
from static_site import crawl_profile, render  # noqa: E402

PAGES = 120


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis(*extra: str) -> Iterator[str]:
    """redis-server without persistence, stopped at the end; yields its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server not installed (./bootstrap.sh test installs it)")
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="mimamori-redis-")
    proc = subprocess.Popen(
        [
            binary,
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            workdir,
            *extra,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    for _ in range(200):
        try:
            client.ping()
            break
        except redis.AuthenticationError:
            # Listening, and asking for the password: up.
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[str]:
    yield from _redis()


REDIS_PASSWORD = "fictional-frontier-secret"


@pytest.fixture(scope="session")
def redis_with_password() -> Iterator[str]:
    """A redis-server that wants REDIS_PASSWORD (AUTH); yields its URL without it."""
    yield from _redis("--requirepass", REDIS_PASSWORD)


@pytest.fixture
def frontier_url(redis_server: str) -> str:
    """A database of its own per test (0..15 are there by default)."""
    import redis

    for db in range(1, 16):
        client = redis.Redis.from_url(f"{redis_server}/{db}")
        if client.dbsize() == 0 and client.set("mimamori:test-claim", 1, nx=True):
            return f"{redis_server}/{db}"
    raise RuntimeError("no free redis database")


class _Handler(BaseHTTPRequestHandler):
    pages = PAGES
    delay_s = 0.0
    # Account pages wait for it: a test opens it once every worker has joined the run.
    gate: Event
    load: Load

    def do_GET(self) -> None:
        body = render(self.path, self.pages)
        if self.path.startswith("/acct/"):
            self.gate.wait(60)
        with self.load.lock:
            self.load.active += 1
            self.load.most = max(self.load.most, self.load.active)
        if self.delay_s:
            # Slow pages keep a worker busy long enough to be killed in the middle of them.
            time.sleep(self.delay_s)
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body or b"not found")
        with self.load.lock:
            self.load.active -= 1

    def log_message(self, *args: object) -> None:
        pass


@dataclass
class Load:
    """Requests the site was answering at once, and the most at any moment."""

    active: int = 0
    most: int = 0
    lock: Lock = field(default_factory=Lock)


@dataclass
class Site:
    profile: Path
    base: str
    gate: Event
    load: Load


def serve_site(
    tmp_path: Path,
    delay_s: float = 0.0,
    *,
    concurrency: int = 4,
    download_delay: float = 0,
    pages: int = PAGES,
) -> tuple[ThreadingHTTPServer, Site]:
    gate, load = Event(), Load()
    attrs = {"delay_s": delay_s, "gate": gate, "load": load, "pages": pages}
    handler = type("Handler", (_Handler,), attrs)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    path = tmp_path / "dist.yaml"
    path.write_text(crawl_profile(base, name="dist", concurrency=concurrency, delay=download_delay))
    return server, Site(path, base, gate, load)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    server, served = serve_site(tmp_path)
    yield served
    served.gate.set()
    server.shutdown()


def expected_urls(base: str, pages: int = PAGES) -> set[str]:
    from static_site import layout

    accounts, listings = layout(pages)
    posts = accounts * 9
    return (
        {f"{base}/list/{n}" for n in range(listings)}
        | {f"{base}/acct/{i}" for i in range(accounts)}
        | {f"{base}/post/{j}" for j in range(posts)}
    )
