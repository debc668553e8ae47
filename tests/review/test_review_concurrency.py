"""Many reviewers at once, over real sockets: concurrent page views and sign-ins against a
served app on the default SQLite store, with every audit entry accounted for."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import httpx
import pytest
from review_factory import PASSWORD
from review_helpers import Env, LiveServer, csrf_from
from sqlalchemy import func, select

from crawler.review.app import create_app
from storage.models import AuditEntry


def _audit_count(env: Env, action: str, name: str | None = None) -> int:
    query = select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)
    with env.db.session() as session:
        if name is None:
            return session.scalar(query) or 0
        rows = session.scalars(select(AuditEntry.detail).where(AuditEntry.action == action))
        return sum(1 for detail in rows if detail.get("name") == name)


def _signed_in(url: str, name: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=60)
    page = client.get("/login")
    answer = client.post(
        "/login",
        data={"name": name, "password": PASSWORD, "csrf_token": csrf_from(page.text)},
    )
    assert answer.status_code == 303, answer.text
    return client


def _all_at_once(jobs: list[Callable[[], int]]) -> Counter[int]:
    """Run every job on its own thread, released together by a barrier."""
    start = Barrier(len(jobs))

    def run(job: Callable[[], int]) -> int:
        start.wait()
        return job()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return Counter(pool.map(run, jobs))


def test_sixty_concurrent_page_views_from_three_users_all_served_and_audited(live) -> None:  # type: ignore[no-untyped-def]
    server, env = live
    clients = [_signed_in(server.url, name) for name in ("vol1", "vol2", "ana")]
    flags = [env.world.flags[key] for key in ("storefront", "listing", "hostile")]
    before = _audit_count(env, "view_evidence")
    jobs = [
        (lambda c=clients[i % 3], f=flags[i % 3]: c.get(f"/review/{f}").status_code)
        for i in range(60)
    ]
    statuses = _all_at_once(jobs)
    for client in clients:
        client.close()
    assert statuses == Counter({200: 60})
    assert _audit_count(env, "view_evidence") - before == 60


def _login_attempt(
    url: str, name: str, password: str, headers: dict[str, str]
) -> Callable[[], int]:
    client = httpx.Client(base_url=url, timeout=60, headers=headers)
    token = csrf_from(client.get("/login").text)

    def attempt() -> int:
        try:
            return client.post(
                "/login", data={"name": name, "password": password, "csrf_token": token}
            ).status_code
        finally:
            client.close()

    return attempt


def test_sixty_concurrent_wrong_passwords_check_at_most_the_limit(live) -> None:  # type: ignore[no-untyped-def]
    server, env = live
    limit = server.server.config.app.state.limiter.max_failures
    jobs = [_login_attempt(server.url, "vol3", "wrong-password!", {}) for _ in range(60)]
    statuses = _all_at_once(jobs)
    # 401 is a password checked and refused; 429 refused before any check.
    assert statuses[500] == 0
    assert statuses[401] == limit
    assert statuses[401] + statuses[429] == 60
    assert _audit_count(env, "login_failed", "vol3") == statuses[401]
    assert _audit_count(env, "login_throttled", "vol3") == statuses[429]


@pytest.fixture
def behind_proxy(live) -> Iterator[tuple[LiveServer, Env]]:  # type: ignore[no-untyped-def]
    """The same store served by an app that trusts 127.0.0.1 as its reverse proxy."""
    _, env = live
    cfg = dataclasses.replace(env.cfg, trusted_proxies=("127.0.0.1",))
    with LiveServer(create_app(cfg, database=env.db)) as server:
        yield server, env


def _try(url: str, name: str, password: str, client_ip: str) -> int:
    return _login_attempt(url, name, password, {"X-Forwarded-For": client_ip})()


def test_one_address_failing_for_one_name_does_not_lock_out_the_office(behind_proxy) -> None:  # type: ignore[no-untyped-def]
    server, env = behind_proxy
    office = "203.0.113.7"
    codes = [_try(server.url, "nobody-here", "wrong-password!", office) for _ in range(7)]
    assert codes == [401] * 5 + [429] * 2
    # A colleague behind the same address still signs in.
    assert _try(server.url, "vol2", PASSWORD, office) == 303
    with env.db.session() as session:
        addrs = set(
            session.scalars(
                select(AuditEntry.remote_addr).where(AuditEntry.action == "login_failed")
            )
        )
    assert office in addrs


def test_one_name_cannot_be_tried_from_many_addresses(behind_proxy) -> None:  # type: ignore[no-untyped-def]
    server, _ = behind_proxy
    codes = [_try(server.url, "adm", "wrong-password!", f"198.51.100.{i}") for i in range(1, 8)]
    assert codes == [401] * 5 + [429] * 2
    # Even the right password waits until the window passes.
    assert _try(server.url, "adm", PASSWORD, "198.51.100.99") == 429


def test_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(live) -> None:  # type: ignore[no-untyped-def]
    server, env = live
    assert _try(server.url, "ghost", "wrong-password!", "192.0.2.55") == 401
    with env.db.session() as session:
        entry = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == "login_failed")
            .order_by(AuditEntry.id.desc())
        ).first()
    assert entry is not None and entry.detail["name"] == "ghost"
    assert entry.remote_addr == "127.0.0.1"
