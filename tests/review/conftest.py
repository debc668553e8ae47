"""Fixtures for the review app: a fresh data dir with the fixture world, an in-process
client, a real uvicorn server on 127.0.0.1 and the system Chromium."""

from __future__ import annotations

import copy
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient
from review_factory import PASSWORD, World, build_world

from crawler.config import AppConfig
from crawler.review.app import create_app
from crawler.review.ratelimit import LoginRateLimiter
from storage.db import Database, open_database

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class Env:
    def __init__(self, cfg: AppConfig, db: Database, world: World) -> None:
        self.cfg = cfg
        self.db = db
        self.world = world


def make_env(tmp: Path, db_url: str | None = None) -> Env:
    cfg = AppConfig.resolve(tmp / "data", db_url)
    db = open_database(cfg)
    return Env(cfg, db, build_world(cfg, db))


@pytest.fixture(scope="session")
def template_env(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, World]:
    """Built once (migrations, argon2 hashes, images); each test gets a copy of its data dir."""
    root = tmp_path_factory.mktemp("review-template")
    environment = make_env(root)
    environment.db.dispose()  # closes connections, so SQLite folds its WAL into the file
    return root / "data", environment.world


@pytest.fixture
def env(tmp_path: Path, template_env: tuple[Path, World]) -> Iterator[Env]:
    source, world = template_env
    shutil.copytree(source, tmp_path / "data")
    cfg = AppConfig.resolve(tmp_path / "data")
    environment = Env(cfg, open_database(cfg), copy.deepcopy(world))
    yield environment
    environment.db.dispose()


def csrf_from(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "page has no CSRF field"
    return found.group(1)


def login(client: TestClient, name: str, password: str = PASSWORD) -> TestClient:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "name": name,
            "password": password,
            "csrf_token": csrf_from(page.text),
            "next": "/queue",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client


@pytest.fixture
def make_client(env: Env) -> Iterator:
    clients: list[TestClient] = []
    app = create_app(env.cfg, database=env.db, rate_limiter=LoginRateLimiter(max_failures=3))

    def factory(name: str | None = None) -> TestClient:
        client = TestClient(app, base_url="http://127.0.0.1")
        client.__enter__()
        clients.append(client)
        if name:
            login(client, name)
        return client

    yield factory
    for client in clients:
        client.__exit__(None, None, None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(
            uvicorn.Config(
                app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
            )
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Env]]:
    environment = make_env(tmp_path_factory.mktemp("live"))
    app = create_app(environment.cfg, database=environment.db)
    with LiveServer(app) as server:
        yield server, environment
    environment.db.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("system chromium not installed")
    with playwright_api.sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
