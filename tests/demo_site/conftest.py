"""Shared fixtures: a demo server on a free loopback port and a small urllib client."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message

import pytest

from crawler.demo_site import DemoSite


@dataclass
class Fetched:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def fetch(url: str, follow: bool = True, method: str = "GET", timeout: float = 10) -> Fetched:
    assert url.startswith(("http://127.0.0.1:", "http://[::1]:")), url
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, method=method)
    try:
        with opener.open(request, timeout=timeout) as response:
            return Fetched(response.status, response.headers, response.read())
    except urllib.error.HTTPError as err:
        return Fetched(err.code, err.headers, err.read())


@pytest.fixture(name="fetch")
def fetch_fixture():  # type: ignore[no-untyped-def]
    """The urllib client above, as a fixture (test dirs are not packages here)."""
    return fetch


@pytest.fixture(scope="module")
def site() -> Iterator[DemoSite]:
    """A day-1 server shared by read-only tests of one module."""
    with DemoSite(port=0, day=1) as demo:
        yield demo


@pytest.fixture
def fresh_site() -> Iterator[DemoSite]:
    """A server of its own, for tests that change the day or rely on first-visit state."""
    with DemoSite(port=0, day=1) as demo:
        yield demo
