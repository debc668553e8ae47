"""A real scheduled crawl of the demo site with alerts set up: the digest goes out after the
run, a dead mail server is recorded and does not fail the run, and no name reaches the chat."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alert_world import Receiver, free_port, write_alerts
from sqlalchemy import select

from crawler.demo_site import DEMO_WATCHLIST_CSV, DemoSite
from crawler.detect import load_watchlist_csv
from crawler.detect.watchlist_store import import_entries
from crawler.schedule.jobs import run_profile_job
from storage.config import AppConfig
from storage.db import open_database
from storage.models import Account, CrawlRun, Flag, WatchlistPerson


@pytest.fixture(scope="module")
def site() -> Iterator[DemoSite]:
    with DemoSite(day=1) as demo:
        yield demo


def test_dead_mail_server_does_not_fail_the_scheduled_run(
    tmp_path: Path, site: DemoSite, webhook_receiver: Receiver, monkeypatch
) -> None:
    monkeypatch.setenv("MIMAMORI_DEMO_URL", site.base_url)
    monkeypatch.delenv("MIMAMORI_DB", raising=False)
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "pw-never-shown")
    cfg = AppConfig.resolve(tmp_path / "data")
    database = open_database(cfg)
    with database.session() as session:
        import_entries(session, load_watchlist_csv(DEMO_WATCHLIST_CSV), replace=False)
    write_alerts(
        cfg,
        'review_url = "http://127.0.0.1:8000"\nlanguages = ["en"]\n'
        '[[targets]]\nname = "mail"\n'
        f'url = "mailto://alerts:${{TEST_SMTP_PASSWORD}}@127.0.0.1:{free_port()}'
        '?from=a@example.org&to=b@example.org&mode=insecure"\n'
        f'[[targets]]\nname = "hook"\nurl = "json://{webhook_receiver.url}/night"\n',
    )
    outcome = run_profile_job(
        profile_ref="demo-social-api",
        profile_name="demo-social-api",
        data_dir=str(cfg.data_dir),
        db_url=cfg.db_url,
    )
    assert outcome["status"] == "finished", outcome
    assert [(a["target"], a["ok"]) for a in outcome["alerts"]] == [("mail", False), ("hook", True)]
    with database.session() as session:
        [run] = session.scalars(select(CrawlRun))
        flags = list(session.scalars(select(Flag)))
        flagged = list(
            session.scalars(select(Account).where(Account.id.in_([f.account_id for f in flags])))
        )
        people = list(session.scalars(select(WatchlistPerson)))
    database.dispose()
    assert run.status == "finished" and run.health_ok is True
    assert [a["target"] for a in run.stats["alerts"]] == ["mail", "hook"]
    assert flags, "the demo night should flag storefronts"
    [(path, payload)] = webhook_receiver.posts
    text = payload["title"] + "\n" + payload["message"]
    assert path == "/night"
    assert f"New flags: {len(flags)}" in text
    assert f"Run {run.id} · demo-social-api" in text
    names = [p.name for p in people] + [str(a) for p in people for a in p.aliases or []]
    names += [a.handle for a in flagged if a.handle] + [
        a.display_name for a in flagged if a.display_name
    ]
    leaked = [name for name in names if len(name) >= 2 and name in text]
    assert not leaked
    assert "pw-never-shown" not in str(run.stats)
