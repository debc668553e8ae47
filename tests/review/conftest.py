"""Fixtures for the review app: a fresh data dir with the fixture world, an in-process
client, a real uvicorn server on 127.0.0.1 and the system Chromium."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from review_factory import World
from review_helpers import Env, LiveServer, csrf_from, free_port, login, make_env  # noqa: F401

from crawler.review.app import create_app
from crawler.review.ratelimit import LoginRateLimiter
from storage.config import AppConfig
from storage.db import open_database

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


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


@pytest.fixture
def make_client(env: Env) -> Iterator:
    clients: list[TestClient] = []
    app = create_app(env.cfg, database=env.db, rate_limiter=LoginRateLimiter(max_failures=3))

    def factory(name: str | None = None) -> TestClient:
        # The app speaks Japanese unless asked; these tests read its English texts.
        client = TestClient(app, base_url="http://127.0.0.1", headers={"Accept-Language": "en"})
        client.__enter__()
        clients.append(client)
        if name:
            login(client, name)
        return client

    yield factory
    for client in clients:
        client.__exit__(None, None, None)


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
