"""Fixtures shared by every test folder: the CLI as a user runs it, a real PostgreSQL,
the demo site, and one demo crawl that many tests read (it takes about a minute)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mimamori_cli import run_mimamori
from prefetch import PREFETCH

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def mimamori():
    return run_mimamori


# -- PostgreSQL ------------------------------------------------------------------------------


def _pg_bindir() -> Path | None:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A throwaway PostgreSQL server on 127.0.0.1 and a free port; yields its base URL."""
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server not installed (./bootstrap.sh test installs it)")
    as_user: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="mimamori-pg-"))
    if os.geteuid() == 0:
        # PostgreSQL refuses to run as root.
        try:
            shutil.chown(base, "postgres")
        except LookupError:
            pytest.skip("no `postgres` system user to run the test server as")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = base / "data", free_port()
    subprocess.run(
        [
            *as_user,
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "mimamori",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
    )
    options = (
        f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    )
    subprocess.run(
        [
            *as_user,
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(base / "log"),
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://mimamori@127.0.0.1:{port}"
    finally:
        subprocess.run(
            [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: str) -> str:
    """A fresh, empty database on the test server."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(
        pg_server.replace("postgresql+psycopg", "postgresql") + "/postgres", autocommit=True
    ) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{pg_server}/{name}"


# -- the demo world ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_site() -> Iterator[object]:
    from crawler.demo_site import DemoSite

    with DemoSite() as site:
        yield site


def _demo_crawl(config: pytest.Config, data_dir: Path) -> None:
    """`mimamori demo --no-serve` once into a fresh data dir: the main job, as a user runs it."""
    result = run_mimamori("demo", "--no-serve", data_dir=data_dir, timeout=900)
    assert result.returncode == 0, (
        f"demo failed:\nSTDOUT:\n{result.stdout}\nSTDERR:\n{result.stderr[-5000:]}"
    )


PREFETCH.offer_shared("demo_data_dir", _demo_crawl)


@pytest.fixture(scope="session")
def demo_data_dir(request: pytest.FixtureRequest) -> Path:
    """The demo crawl's data dir (read-only: copy it to change it), crawled in the background
    from the start of the session (see prefetch.py)."""
    return PREFETCH.take("demo_data_dir", request.config)


# -- background builds of the big session fixtures (prefetch.py) -----------------------------


def pytest_collection_finish(session: pytest.Session) -> None:
    PREFETCH.start(session)


def pytest_sessionfinish(session: pytest.Session) -> None:
    PREFETCH.close()


# Under pytest-xdist (`--dist loadfile`) each test file goes to one worker, so a module's
# fixtures are built once. A session fixture that holds a live server cannot be shared
# between workers, so every file under these folders goes to the same worker: the platform
# world's `world_crawl` is crawled once.
ONE_WORKER_FOLDERS = ("tests/platforms/",)


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, called in the controller
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class FolderAwareFileScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return next((f for f in ONE_WORKER_FOLDERS if path.startswith(f)), path)

    return FolderAwareFileScheduling(config, log)


# -- RFC 3161 timestamp authorities ----------------------------------------------------------


@pytest.fixture(scope="session")
def timestamp_authority(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A real local RFC 3161 authority (openssl ts) on 127.0.0.1; `.url`, `.ca_file`."""
    from timestamp_authority import LocalAuthority

    authority = LocalAuthority(tmp_path_factory.mktemp("tsa-trusted"), name="Trusted").start()
    yield authority
    authority.stop()


@pytest.fixture(scope="session")
def untrusted_authority(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A second authority with its own CA, which no test configures as trusted."""
    from timestamp_authority import LocalAuthority

    authority = LocalAuthority(tmp_path_factory.mktemp("tsa-untrusted"), name="Other").start()
    yield authority
    authority.stop()
