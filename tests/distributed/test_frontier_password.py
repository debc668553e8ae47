"""The frontier's Redis password stays out of the scheduler's job store: the job keeps the URL
without it and reads it from MIMAMORI_FRONTIER_PASSWORD when it runs, and refuses clearly
when it is not there (crawler/distributed/frontier_url.py, docs/deploy.md)."""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

import pytest
import redis
from click.testing import CliRunner
from dist_world import REDIS_PASSWORD, Site, expected_urls
from helpers import response_captures
from sqlalchemy import text

from crawler.cli.main import cli
from crawler.distributed.frontier_url import FRONTIER_PASSWORD_ENV
from crawler.schedule.jobs import _database_url, crawl_command, run_profile_job
from storage.config import AppConfig
from storage.db import Database

pytestmark = pytest.mark.postgres


def _stored_jobs(db_url: str) -> list[bytes]:
    database = Database(db_url)
    try:
        with database.engine.connect() as conn:
            return [
                bytes(row[0])
                for row in conn.execute(text("SELECT job_state FROM apscheduler_jobs"))
            ]
    finally:
        database.dispose()


def test_a_scheduled_run_reads_the_frontier_password_from_the_environment(
    tmp_path: Path,
    site: Site,
    redis_with_password: str,
    pg_url: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.delenv(FRONTIER_PASSWORD_ENV, raising=False)
    data_dir = tmp_path / "data"
    plain = f"{redis_with_password}/1"
    with_secret = plain.replace("redis://", f"redis://:{REDIS_PASSWORD}@")
    # The test server trusts local connections: any database password gets in, and none
    # may be kept in the job store either.
    db_secret = "fictional-database-secret"
    db_with_secret = pg_url.replace("mimamori@", f"mimamori:{db_secret}@")
    assert db_with_secret != pg_url
    base = ["--data-dir", str(data_dir), "--db", db_with_secret]
    added = CliRunner().invoke(
        cli,
        [*base, "schedule", "add", str(site.profile), "--every", "3600", "--frontier", with_secret],
    )
    assert added.exit_code == 0, added.output
    assert FRONTIER_PASSWORD_ENV in added.output

    (state,) = _stored_jobs(pg_url)
    assert REDIS_PASSWORD.encode() not in state, "the job store holds no password"
    assert db_secret.encode() not in state
    kwargs = pickle.loads(state)["kwargs"]
    assert kwargs["frontier"] == plain and kwargs["frontier_password"] is True
    assert kwargs["db_url"] == pg_url

    # Without the variable the job refuses before starting anything, and says why.
    refused = run_profile_job(**kwargs)
    assert refused["status"] == "crashed"
    assert FRONTIER_PASSWORD_ENV in refused["message"] and "needs a password" in refused["message"]
    assert REDIS_PASSWORD not in refused["message"]
    assert response_captures(pg_url)[0] == [], "no run was opened"

    # With it, the run goes through the password-protected frontier.
    monkeypatch.setenv(FRONTIER_PASSWORD_ENV, REDIS_PASSWORD)
    site.gate.set()
    with caplog.at_level(logging.INFO, logger="crawler.schedule.jobs"):
        outcome = run_profile_job(**kwargs)
    assert outcome["status"] == "finished", outcome
    runs, per_url, _ = response_captures(pg_url)
    assert [r.id for r in runs] == outcome["run_ids"]
    assert per_url.keys() == expected_urls(site.base) and set(per_url.values()) == {1}
    assert runs[0].stats["workers"].popitem()[1]["dequeued"] == len(per_url)
    # The child's command line (logged, and visible in `ps`) has no password either.
    assert "starting crawl" in caplog.text and REDIS_PASSWORD not in caplog.text
    # The scheduler's own MIMAMORI_DB gives the database password back, and the child gets
    # it in its environment, not on its command line.
    assert _database_url(kwargs["db_url"], {"MIMAMORI_DB": db_with_secret}) == db_with_secret
    command = crawl_command(AppConfig.resolve(data_dir, db_with_secret), "dist")
    assert "--db" not in command and db_secret not in " ".join(command)
    assert "--db" in crawl_command(AppConfig.resolve(data_dir, pg_url), "dist")
    client = redis.Redis.from_url(with_secret)
    assert not list(client.scan_iter(match="mimamori:run:*"))


def test_a_worker_without_the_password_refuses_clearly(
    tmp_path: Path, site: Site, redis_with_password: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(FRONTIER_PASSWORD_ENV, raising=False)
    args = ["--data-dir", str(tmp_path / "data"), "worker", "--profiles", str(site.profile)]
    result = CliRunner().invoke(cli, [*args, "--frontier", f"{redis_with_password}/2"])
    assert result.exit_code == 1
    assert "needs a password" in result.output and FRONTIER_PASSWORD_ENV in result.output

    wrong = f"{redis_with_password}/2".replace("redis://", "redis://:not-it@")
    result = CliRunner().invoke(cli, [*args, "--frontier", wrong])
    assert result.exit_code == 1
    assert "refused the password" in result.output and "not-it" not in result.output
