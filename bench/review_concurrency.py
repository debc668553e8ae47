"""A patrol team at once: 20 reviewers signed in to the real served review app.

Fills a store (2,000 flagged accounts by default, with the review_load.py generator), adds
20 reviewers (16 volunteers, 4 analysts), serves the app with uvicorn on 127.0.0.1 in its
own process, and lets every reviewer work at full speed on its own thread: the queue, the
next item (an audited evidence view, with the soft lock), a decision when the item offers
one, sometimes the dashboard. Then it compares the audit log with what was done.

    .venv/bin/python bench/review_concurrency.py [--backend sqlite|postgresql|both]
        [--reviewers 20] [--rounds 15] [--accounts 2000]

PostgreSQL is started the way the tests start it (tests/review/review_pg.py, needs the
PostgreSQL 15 binaries). Pass: errors = 0 and audit rows written = audited actions taken.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import re
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import func, select, text

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests" / "review")]

import review_load  # noqa: E402
from review_load import PASSWORD, fill  # noqa: E402

from crawler.review.users import create_user  # noqa: E402
from storage.config import AppConfig  # noqa: E402
from storage.db import open_database  # noqa: E402
from storage.models import AuditEntry  # noqa: E402

DECISION_FORM = re.compile(r'action="/review/(\d+)/decision"')
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Tally:
    """One reviewer's results; merged at the end."""

    latencies_ms: list[float] = field(default_factory=list)  # pages and decisions
    sign_in_ms: list[float] = field(default_factory=list)  # argon2 on purpose: apart
    errors: list[str] = field(default_factory=list)
    audited: int = 0  # actions that must each leave one audit row
    decisions: int = 0
    refused: int = 0  # 409: someone else decided or holds the item (not an error)


def _serve(cfg: AppConfig, port: int) -> None:
    import uvicorn

    from crawler.review.app import create_app

    uvicorn.run(
        create_app(cfg), host="127.0.0.1", port=port, log_level="warning", proxy_headers=False
    )


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def served(cfg: AppConfig) -> Iterator[str]:
    port = _free_port()
    process = multiprocessing.get_context("spawn").Process(target=_serve, args=(cfg, port))
    process.start()
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{url}/login", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or not process.is_alive():
                    raise RuntimeError("the review app did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.join(10)


class Reviewer:
    def __init__(self, url: str, name: str, tally: Tally, rng: random.Random) -> None:
        self.client = httpx.Client(base_url=url, timeout=120)
        self.name, self.tally, self.rng = name, tally, rng

    def _timed(self, method: str, path: str, **kwargs) -> httpx.Response | None:  # type: ignore[no-untyped-def]
        began = time.perf_counter()
        try:
            response = self.client.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            self.tally.errors.append(f"{method} {path}: {exc!r}")
            return None
        self.tally.latencies_ms.append((time.perf_counter() - began) * 1000)
        if response.status_code >= 500:
            self.tally.errors.append(f"{method} {path}: HTTP {response.status_code}")
            return None
        return response

    def sign_in(self) -> bool:
        began = time.perf_counter()
        signed_in = self._sign_in()
        self.tally.sign_in_ms.append((time.perf_counter() - began) * 1000)
        return signed_in

    def _sign_in(self) -> bool:
        page = self._timed("GET", "/login")
        token = CSRF.search(page.text) if page is not None else None
        if token is None:
            self.tally.errors.append(f"{self.name}: no sign-in form")
            return False
        answer = self._timed(
            "POST",
            "/login",
            data={"name": self.name, "password": PASSWORD, "csrf_token": token.group(1)},
        )
        if answer is None or answer.status_code != 303:
            self.tally.errors.append(
                f"{self.name}: sign-in answered {answer and answer.status_code}"
            )
            return False
        self.tally.audited += 1
        del self.tally.latencies_ms[-2:]  # counted in sign_in_ms instead
        return True

    def round(self) -> None:
        self._timed("GET", "/queue")
        item = self._timed("GET", "/queue/next", follow_redirects=True)
        if item is None or "/review/" not in str(item.url):
            return
        if item.status_code == 200:
            self.tally.audited += 1  # view_evidence
        form, token = DECISION_FORM.search(item.text), CSRF.search(item.text)
        if form and token and self.rng.random() < 0.6:
            decision = self.rng.choice(["confirm", "confirm", "dismiss", "escalate"])
            answer = self._timed(
                "POST",
                f"/review/{form.group(1)}/decision",
                data={"decision": decision, "csrf_token": token.group(1)},
            )
            if answer is not None and answer.status_code == 303:
                self.tally.audited += 1
                self.tally.decisions += 1
            elif answer is not None and answer.status_code == 409:
                self.tally.refused += 1
        if self.rng.random() < 0.2:
            self._timed("GET", "/dashboard")


bulk_insert = review_load._bulk


def _bulk_keeping_sequences(db, table, rows: list[dict]) -> None:  # type: ignore[no-untyped-def]
    """review_load's bulk insert, then PostgreSQL's id sequence moved past the explicit ids
    it inserted (fill mixes rows with and without ids; SQLite needs nothing)."""
    bulk_insert(db, table, rows)
    if db.is_sqlite or not rows or not isinstance(rows[0].get("id"), int):
        return
    name = table.__table__.name
    with db.session() as session:
        session.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), max(id)) FROM {name}")
        )


def _team(db) -> list[str]:  # type: ignore[no-untyped-def]
    names = []
    for i in range(1, 21):
        name = f"rev{i:02d}"
        create_user(db, name, "analyst" if i > 16 else "volunteer", PASSWORD)
        names.append(name)
    return names


def run_team(url: str, names: list[str], rounds: int) -> Tally:
    tallies = [Tally() for _ in names]
    start = threading.Barrier(len(names))

    def work(index: int) -> None:
        reviewer = Reviewer(url, names[index], tallies[index], random.Random(index))
        start.wait()
        if reviewer.sign_in():
            for _ in range(rounds):
                reviewer.round()
        reviewer.client.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(names))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = Tally()
    for tally in tallies:
        total.latencies_ms += tally.latencies_ms
        total.sign_in_ms += tally.sign_in_ms
        total.errors += tally.errors
        total.audited += tally.audited
        total.decisions += tally.decisions
        total.refused += tally.refused
    return total


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def bench(backend: str, reviewers: int, rounds: int, accounts: int) -> bool:
    review_load._bulk = _bulk_keeping_sequences
    from review_pg import create_database, temporary_server

    with tempfile.TemporaryDirectory(prefix="mimamori-bench-team-") as tmp:
        server = temporary_server() if backend == "postgresql" else nullcontext(None)
        with server as admin_url:
            db_url = create_database(admin_url, "team") if admin_url else None
            cfg = AppConfig.resolve(Path(tmp) / "data", db_url)
            db = open_database(cfg)
            fill(db, accounts, 3, random.Random(7))
            names = _team(db)[:reviewers]
            with db.session() as session:
                before = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
            with served(cfg) as url:
                began = time.perf_counter()
                total = run_team(url, names, rounds)
                elapsed = time.perf_counter() - began
            with db.session() as session:
                after = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
            db.dispose()
    written = after - before
    print(f"\n{backend}: {reviewers} reviewers x {rounds} rounds in {elapsed:.1f} s")
    print(f"  requests {len(total.latencies_ms)}, errors {len(total.errors)}")
    for error in total.errors[:5]:
        print(f"    {error}")
    print(
        f"  pages and decisions p50 {_percentile(total.latencies_ms, 0.5):.0f} ms, "
        f"p95 {_percentile(total.latencies_ms, 0.95):.0f} ms"
    )
    print(
        f"  sign-in (argon2, all at once) p50 {_percentile(total.sign_in_ms, 0.5):.0f} ms, "
        f"p95 {_percentile(total.sign_in_ms, 0.95):.0f} ms"
    )
    print(f"  decisions {total.decisions} (refused as taken by others: {total.refused})")
    print(f"  audit rows written {written}, audited actions taken {total.audited}")
    return not total.errors and written == total.audited


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--reviewers", type=int, default=20, choices=range(1, 21))
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--accounts", type=int, default=2000)
    args = parser.parse_args()
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    results = [bench(b, args.reviewers, args.rounds, args.accounts) for b in backends]
    print("\nPASS" if all(results) else "\nFAIL")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
