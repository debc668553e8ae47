"""Shared fixtures: a watchlist of fictional people and one detector built per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.detect import Detector, load_watchlist_csv

FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture(scope="session")
def watchlist_path() -> Path:
    return FIXTURES / "watchlist.csv"


@pytest.fixture(scope="session")
def detector(watchlist_path: Path) -> Detector:
    return Detector(load_watchlist_csv(watchlist_path))
