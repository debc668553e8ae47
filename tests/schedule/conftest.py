"""A demo site and a fresh data dir per test, for scheduler and run-health tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.demo_site import DemoSite
from storage.config import AppConfig


@pytest.fixture(scope="module")
def site() -> Iterator[DemoSite]:
    with DemoSite(day=1) as demo:
        yield demo


@pytest.fixture
def cfg(tmp_path: Path, site: DemoSite, monkeypatch: pytest.MonkeyPatch) -> AppConfig:
    # Crawl children inherit the environment: that is how profiles find the demo site.
    monkeypatch.setenv("MIMAMORI_DEMO_URL", site.base_url)
    monkeypatch.delenv("MIMAMORI_DB", raising=False)
    return AppConfig.resolve(tmp_path / "data")
