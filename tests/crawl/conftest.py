"""In-process fixtures for the crawl engine's unit tests: a migrated SQLite database per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.config import AppConfig
from storage.db import Database


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate once; each test starts from a copy (the migrations take most of a second)."""
    path = tmp_path_factory.mktemp("template") / "mimamori.sqlite3"
    database = Database(f"sqlite:///{path}")
    database.dispose()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


@pytest.fixture
def app_cfg(tmp_path: Path, migrated_sqlite: Path) -> AppConfig:
    shutil.copy(migrated_sqlite, tmp_path / "mimamori.sqlite3")
    cfg = AppConfig.resolve(tmp_path)
    cfg.ensure_dirs()
    return cfg


@pytest.fixture
def database(app_cfg: AppConfig) -> Iterator[Database]:
    db = Database(app_cfg.db_url, migrate=False)
    yield db
    db.dispose()
