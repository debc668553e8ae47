"""Helpers the review tests import by name. Kept out of conftest.py: with several test
folders, `from conftest import ...` can resolve to another folder's conftest."""

from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path

import uvicorn
from fastapi.testclient import TestClient
from review_factory import PASSWORD, World, build_world

from storage.config import AppConfig
from storage.db import Database, open_database


def csrf_from(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "page has no CSRF field"
    return found.group(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(self, app, **config: object) -> None:  # type: ignore[no-untyped-def]
        """`config` goes to uvicorn (ssl_certfile and ssl_keyfile serve https)."""
        self.port = free_port()
        # As crawler/review/server.py serves: uvicorn never rewrites the scheme or client.
        config.setdefault("proxy_headers", False)
        scheme = "https" if config.get("ssl_certfile") else "http"
        self.url = f"{scheme}://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(
            uvicorn.Config(
                app,
                host="127.0.0.1",
                port=self.port,
                log_level="warning",
                lifespan="off",
                **config,  # type: ignore[arg-type]
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


class Env:
    def __init__(self, cfg: AppConfig, db: Database, world: World) -> None:
        self.cfg = cfg
        self.db = db
        self.world = world


def make_env(tmp: Path, db_url: str | None = None) -> Env:
    cfg = AppConfig.resolve(tmp / "data", db_url)
    db = open_database(cfg)
    return Env(cfg, db, build_world(cfg, db))


def sign_in_page(page, base_url: str, name: str, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    """Sign a Playwright page in through the form, as a person does, and land on the queue."""
    page.goto(base_url + "/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    # The sign-in form's own button: the language switch in the header is a form too.
    page.click('form[action="/login"] button[type=submit]')
    page.wait_for_url(re.compile(r".*/queue$"))


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
