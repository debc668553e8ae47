"""Third-party proof: pywb imports the bundle with `wb-manager add` and replays it in Chromium."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
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


def pywb_tool(name: str) -> Path:
    """pywb pins redis 2.10, which scrapy-redis cannot use: bootstrap.sh gives it a venv of
    its own (.venv-pywb); an environment that has pywb beside mimamori works too."""
    own = Path(__file__).resolve().parents[2] / ".venv-pywb" / "bin" / name
    return own if own.exists() else Path(sys.executable).parent / name


def wb_manager(root: Path, *args: str) -> None:
    tool = pywb_tool("wb-manager")
    done = subprocess.run([str(tool), *args], cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def replay(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Exported]]:
    root = tmp_path_factory.mktemp("replay")
    exported = export_case(build_case(root / "data"), root / "case.wacz")
    # pywb's own import of a WACZ, the bundle unchanged: it copies archive/*.warc.gz and
    # takes the bundle's indexes/index.cdx.gz as the collection index (no re-indexing).
    wb_manager(root, "init", "evidence")
    wb_manager(root, "add", "--unpack-wacz", "evidence", str(exported.path))
    (root / "config.yaml").write_text("framed_replay: false\n")
    port = free_port()
    wayback = pywb_tool("wayback")
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


def test_pywb_imported_the_bundles_own_index(replay: tuple[str, Exported]) -> None:
    _, exported = replay
    root = exported.path.parent
    index = (root / "collections" / "evidence" / "indexes" / "index.cdxj").read_text()
    # Our lines (recordId is a field only mimamori writes), pointing at the copied WARC.
    assert index.count('"recordId"') == 4
    assert '"filename": "case-0.warc.gz"' in index
    assert (root / "collections" / "evidence" / "archive" / "case-0.warc.gz").exists()
