"""The key review flows on PostgreSQL: migrations, queue paging, confirm rules, locks,
the append-only audit log and the dashboard's per-day grouping."""

from __future__ import annotations

import copy
import itertools
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import review_pg
from fastapi.testclient import TestClient
from review_factory import add_bulk_flags
from review_helpers import Env, csrf_from, login, make_env
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from crawler.detect.watchlist import WatchlistEntry
from crawler.detect.watchlist_store import import_entries
from crawler.review.app import create_app
from storage import audit
from storage.config import AppConfig
from storage.db import open_database
from storage.models import AuditEntry, Decision, Flag, User, WatchlistPerson

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not review_pg.available(), reason="PostgreSQL 15 binaries not installed"),
]
_names = itertools.count()


@pytest.fixture(scope="module")
def pg_admin_url(request: pytest.FixtureRequest) -> Iterator[str]:
    try:  # the shared server from tests/conftest.py, when it is there
        yield request.getfixturevalue("pg_server") + "/postgres"
        return
    except pytest.FixtureLookupError:
        pass
    with review_pg.temporary_server() as url:
        yield url


@pytest.fixture(scope="module")
def pg_template(pg_admin_url: str, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    name = f"review_template_{next(_names)}"
    url = review_pg.create_database(pg_admin_url, name)
    root = tmp_path_factory.mktemp("review-pg-template")
    environment = make_env(root, url)
    environment.db.dispose()  # a template database must have no connections
    return name, root / "data", environment.world


@pytest.fixture
def pg_env(pg_admin_url: str, pg_template, tmp_path: Path) -> Iterator[Env]:  # type: ignore[no-untyped-def]
    template, data, world = pg_template
    url = review_pg.create_database(pg_admin_url, f"review_{next(_names)}", template=template)
    shutil.copytree(data, tmp_path / "data")
    cfg = AppConfig.resolve(tmp_path / "data", url)
    environment = Env(cfg, open_database(cfg), copy.deepcopy(world))
    assert environment.db.engine.dialect.name == "postgresql"
    yield environment
    environment.db.dispose()


@pytest.fixture
def pg_client(pg_env: Env) -> Iterator:  # type: ignore[no-untyped-def]
    app = create_app(pg_env.cfg, database=pg_env.db)
    clients = []

    def factory(name: str) -> TestClient:
        # The item page is in Japanese unless asked (as in conftest.py's make_client).
        client = TestClient(app, base_url="http://127.0.0.1", headers={"Accept-Language": "en"})
        clients.append(client)
        return login(client, name)

    yield factory
    for client in clients:
        client.close()


def _decide(client: TestClient, flag_id: int, decision: str, note: str = ""):  # type: ignore[no-untyped-def]
    token = csrf_from(client.get(f"/review/{flag_id}").text)
    return client.post(
        f"/review/{flag_id}/decision",
        data={"decision": decision, "note": note, "csrf_token": token},
        follow_redirects=False,
    )


def test_pages_render_on_postgres(pg_client, pg_env) -> None:  # type: ignore[no-untyped-def]
    admin = pg_client("adm")
    for path in (
        "/queue",
        f"/review/{pg_env.world.flags['storefront']}",
        f"/accounts/{pg_env.world.accounts['fl-1001']}",
        "/dashboard",
        "/audit",
        "/watchlist",
        "/search?q=AI",
        "/admin/users",
        "/exports",
        "/queue?platform=kirakira&min_score=0.5",
    ):
        assert admin.get(path).status_code == 200, path
    dashboard = admin.get("/dashboard").text
    assert dashboard.count('class="bar"') == 30


def test_confirm_rules_and_locks_on_postgres(pg_client, pg_env) -> None:  # type: ignore[no-untyped-def]
    flags = pg_env.world.flags
    vol1, vol2 = pg_client("vol1"), pg_client("vol2")
    assert _decide(vol1, flags["storefront"], "confirm").status_code == 303
    assert _decide(vol2, flags["storefront"], "confirm").status_code == 303
    _decide(vol1, flags["listing"], "confirm")
    _decide(vol2, flags["listing"], "dismiss")
    vol1.get(f"/review/{flags['hostile']}")
    assert "vol1 is reviewing" in vol2.get(f"/review/{flags['hostile']}").text
    with pg_env.db.session() as s:
        statuses = {key: s.get(Flag, flags[key]).status for key in ("storefront", "listing")}
    assert statuses == {"storefront": "confirmed", "listing": "needs_analyst"}


def test_undo_on_postgres(pg_client, pg_env) -> None:  # type: ignore[no-untyped-def]
    flag_id = pg_env.world.flags["hostile"]
    vol3 = pg_client("vol3")
    assert _decide(vol3, flag_id, "dismiss").status_code == 303
    with pg_env.db.session() as s:
        decision_id = s.scalar(select(Decision.id).where(Decision.flag_id == flag_id))
    token = csrf_from(vol3.get("/queue").text)
    undone = vol3.post(
        f"/decisions/{decision_id}/undo", data={"csrf_token": token}, follow_redirects=False
    )
    assert undone.status_code == 303
    with pg_env.db.session() as s:
        flag = s.get(Flag, flag_id)
        assert (flag.status, s.get(Decision, decision_id)) == ("new", None)
        assert s.scalar(select(AuditEntry.id).where(AuditEntry.action == "decision_undone"))


def test_keyset_paging_on_postgres(pg_client, pg_env) -> None:  # type: ignore[no-untyped-def]
    add_bulk_flags(pg_env.db, 70)
    client = pg_client("vol1")
    seen, url = [], "/queue"
    while url:
        html = client.get(url).text
        seen += re.findall(r'href="/review/(\d+)" class="queue-link"', html)
        found = re.search(r'href="(/queue\?[^"]*after=[^"]+)" rel="next"', html)
        url = found.group(1).replace("&amp;", "&") if found else ""
    assert len(seen) == len(set(seen)) == 73


def test_audit_log_is_append_only_on_postgres(pg_env) -> None:  # type: ignore[no-untyped-def]
    with pg_env.db.session() as s:
        user = s.scalars(select(User).where(User.name == "adm")).one()
        entry_id = audit.record(s, user=user, action="export", detail={"bundle": "x"}).id
    for statement in (
        "UPDATE audit_log SET action = 'x' WHERE id = :id",
        "DELETE FROM audit_log WHERE id = :id",
    ):
        with pytest.raises(DBAPIError, match="append-only"), pg_env.db.session() as s:
            s.execute(text(statement), {"id": entry_id})
    with pg_env.db.session() as s:
        assert s.get(AuditEntry, entry_id).action == "export"


def test_the_flags_chart_counts_japanese_days_on_postgres(pg_client, pg_env) -> None:  # type: ignore[no-untyped-def]
    from babel.dates import format_date
    from test_review_dashboard_chart import _add_flags, _free_day

    day = _free_day(pg_env)
    _add_flags(pg_env, day, 3)  # 00:30 in Japan: the day before in UTC
    html = pg_client("ana").get("/dashboard", headers={"Accept-Language": "ja"}).text
    assert f"<title>{format_date(day, format='long', locale='ja')} — 検出：3件</title>" in html


def test_a_missed_name_is_taught_on_postgres(pg_client, pg_env) -> None:  # type: ignore[no-untyped-def]
    """The alias list and the flag's people are JSON columns: appending must persist."""
    flag_id = pg_env.world.flags["listing"]  # its bio writes 青山玲奈; the flag names p-003
    analyst = pg_client("ana")
    token = csrf_from(analyst.get(f"/review/{flag_id}").text)
    answer = analyst.post(
        f"/review/{flag_id}/name",
        data={"csrf_token": token, "person": "p-002", "written": "玲奈"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    with pg_env.db.session() as s:
        assert "玲奈" in s.get(WatchlistPerson, "p-002").aliases
        assert s.get(WatchlistPerson, "p-002").taught_aliases == ["玲奈"]
        assert s.get(Flag, flag_id).people == ["p-003", "p-002"]
        assert (
            s.scalar(
                select(AuditEntry.target_id).where(
                    AuditEntry.action == "watchlist_name_from_review"
                )
            )
            == "p-002"
        )
    # The group's own list, imported again, has never heard of the taught name: it stays.
    with pg_env.db.session() as s:
        report = import_entries(
            s, [WatchlistEntry(id="p-002", name="桜井ゆうな", kana="さくらいゆうな")], replace=False
        )
        s.commit()
    assert report.kept_taught == ["p-002"]
    with pg_env.db.session() as s:
        assert s.get(WatchlistPerson, "p-002").aliases == ["玲奈"]
