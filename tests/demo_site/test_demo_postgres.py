"""`mimamori demo` on PostgreSQL: an empty database is used, one with real crawls refused."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from storage.db import Database
from storage.models import CrawlRun, Flag, WatchlistPerson

REFUSAL = "already holds a mimamori store that is not a demo"


def test_demo_runs_on_an_empty_postgresql_database(mimamori, pg_url: str, tmp_path: Path) -> None:
    result = mimamori("demo", "--no-serve", data_dir=tmp_path / "demo", db=pg_url, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    assert REFUSAL not in result.stderr
    database = Database(pg_url, migrate=False)
    try:
        with database.session() as session:
            runs = list(session.scalars(select(CrawlRun)))
            flags = session.scalar(select(func.count()).select_from(Flag))
            people = session.scalar(select(func.count()).select_from(WatchlistPerson))
    finally:
        database.dispose()
    assert sorted(r.profile for r in runs) == ["demo-fanclub", "demo-market", "demo-social"]
    assert all(r.status == "finished" and r.triggered_by == "demo" for r in runs)
    assert flags and people


def test_demo_refuses_a_postgresql_database_with_real_crawls(
    mimamori, pg_url: str, tmp_path: Path
) -> None:
    database = Database(pg_url)
    try:
        with database.session() as session:
            session.add(
                CrawlRun(
                    profile="fantia",
                    platform="fantia",
                    started_at=datetime.now(UTC),
                    status="finished",
                    tool_version="test",
                    triggered_by="schedule",
                )
            )
    finally:
        database.dispose()
    result = mimamori("demo", "--no-serve", data_dir=tmp_path / "demo", db=pg_url, timeout=120)
    assert result.returncode != 0
    assert REFUSAL in result.stderr
    assert not (tmp_path / "demo" / ".mimamori-demo").exists()
