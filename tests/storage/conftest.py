"""Fixtures shared by the store's tamper tests: a migrated database template, copied per
test, and a small store built on it with the real WARC writer (store_builder.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_builder import Store, build_store

from storage.db import Database


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store-template") / "mimamori.sqlite3"
    Database(f"sqlite:///{path}").dispose()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


@pytest.fixture
def store(tmp_path: Path, template: Path) -> Iterator[Store]:
    built = build_store(tmp_path / "data", template)
    yield built
    built.db.dispose()
