"""Third-party proof: pywb replays the bundle's own WARC + CDXJ in a real Chromium."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import PROFILE_TEXT, Exported, build_case, export_case

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def replay(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Exported]]:
    root = tmp_path_factory.mktemp("replay")
    exported = export_case(build_case(root / "data"), root / "case.wacz")
    unpacked = root / "unpacked"
    with zipfile.ZipFile(exported.path) as zf:
        zf.extractall(unpacked)
    # pywb reads the bundle's archive/ and its CDXJ index as they are (no re-indexing).
    (root / "config.yaml").write_text(
        "collections:\n"
        "  evidence:\n"
        f"    archive_paths: {unpacked / 'archive'}/\n"
        f"    index_paths: {unpacked / 'indexes'}/\n"
        "framed_replay: false\n"
    )
    port = free_port()
    wayback = Path(sys.executable).parent / "wayback"
    log = (root / "pywb.log").open("wb")
    proc = subprocess.Popen(
        [str(wayback), "--bind", "127.0.0.1", "--port", str(port)],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/evidence/", timeout=2)
                break
            except urllib.error.HTTPError:
                break  # answering at all means it is up
            except OSError as exc:
                if proc.poll() is not None or time.monotonic() > deadline:
                    tail = (root / "pywb.log").read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"pywb did not start: {tail}") from exc
                time.sleep(0.3)
        yield base, exported
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        log.close()


@pytest.fixture(scope="module")
def chromium() -> Iterator:
    api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("system chromium not installed")
    with api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.mark.parametrize(
    "timestamp",
    [
        "20260115143005",  # the original response
        "20260116143005",  # the next day's revisit record, resolved to the same payload
    ],
)
def test_pywb_replays_captured_page_in_chromium(
    replay: tuple[str, Exported], chromium, timestamp: str
) -> None:
    base, _ = replay
    page = chromium.new_page()
    try:
        target = f"{base}/evidence/{timestamp}/http://127.0.0.1:8765/u/deepseller"
        response = page.goto(target, wait_until="load")
        assert response is not None and response.status == 200
        assert PROFILE_TEXT in page.inner_text("#bio")
        assert page.inner_text("h1") == "@deepseller"
        assert page.url.startswith(base)  # nothing was fetched from the live site
    finally:
        page.close()


def test_pywb_reports_uncaptured_pages_as_missing(replay: tuple[str, Exported], chromium) -> None:
    base, _ = replay
    page = chromium.new_page()
    try:
        response = page.goto(f"{base}/evidence/2026/http://127.0.0.1:8765/u/never-captured")
        assert response is not None and response.status == 404
    finally:
        page.close()
