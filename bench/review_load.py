"""Review app under real volumes: 100,000 accounts and 1,000,000 posts.

Fills a database (once; reused on later runs unless --rebuild), then times the pages
a reviewer uses most, through the real ASGI app in-process (routing, SQL, templates):

    .venv/bin/python bench/review_load.py [--data-dir /tmp/mimamori-bench-review]
        [--accounts 100000] [--posts-per-account 10] [--requests 40] [--rebuild]

Target (design brief): queue and account pages under 100 ms at the median on SQLite.
"""

from __future__ import annotations

import argparse
import itertools
import random
import shutil
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.review.users import create_user
from storage.config import AppConfig
from storage.db import Database, open_database
from storage.models import (
    Account,
    Capture,
    CrawlRun,
    Decision,
    Detection,
    EvidenceLink,
    Flag,
    Plan,
    Platform,
    Post,
    User,
    WatchlistPerson,
)

PASSWORD = "bench-password-123"
CHUNK = 20_000
START = datetime(2026, 8, 1, tzinfo=UTC)
STATUSES = (
    ["new"] * 55
    + ["in_review"] * 10
    + ["needs_analyst"] * 5
    + ["escalated"] * 5
    + ["dismissed"] * 15
    + ["confirmed"] * 10
)
SURNAMES = ["星野", "桜井", "青山", "高橋", "小林", "山本", "中村", "佐々木", "松本", "井上"]
GIVEN = ["みらい", "ゆうな", "玲奈", "結衣", "花子", "彩", "美咲", "葵", "陽菜", "凛"]
BIO_WORDS = [
    "AI美女",
    "サブスク",
    "月額",
    "会員制",
    "リクエスト受付",
    "酷似",
    "コラ",
    "新作毎週",
    "DMで依頼",
    "限定公開",
]


def _chunks(rows: list[dict], size: int = CHUNK):  # type: ignore[no-untyped-def]
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _bulk(db: Database, table, rows: list[dict]) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        for chunk in _chunks(rows):
            session.execute(insert(table), chunk)


def fill(db: Database, accounts: int, posts_per_account: int, rng: random.Random) -> None:
    began = time.perf_counter()
    users, people, run_id = _fill_base(db, rng)
    _fill_accounts(db, accounts, people, run_id, rng)
    print(f"  accounts, plans, detections, flags: {time.perf_counter() - began:.0f} s", flush=True)
    post_ids = itertools.count(1)
    capture_ids = itertools.count(1)
    for first in range(1, accounts + 1, 10_000):
        last = min(first + 10_000, accounts + 1)
        _fill_posts(db, range(first, last), posts_per_account, run_id, rng, post_ids, capture_ids)
        print(
            f"  posts up to account {first + 9_999}: {time.perf_counter() - began:.0f} s",
            flush=True,
        )
    decisions = [
        {
            "flag_id": f,
            "account_id": f,
            "user_id": users["vol2"],
            "decision": "confirm",
            "created_at": START,
        }
        for f in rng.sample(range(1, accounts + 1), accounts // 10)
    ]
    _bulk(db, Decision, decisions)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE") if db.is_sqlite else None
    print(f"filled in {time.perf_counter() - began:.0f} s", flush=True)


def _fill_base(db: Database, rng: random.Random) -> tuple[dict[str, int], list[str], int]:
    """Reviewers, platforms, a 1,000-person watchlist and the one crawl run."""
    users = {
        name: create_user(db, name, role, PASSWORD)[0].id
        for name, role in (("vol1", "volunteer"), ("vol2", "volunteer"), ("ana", "analyst"))
    }
    _bulk(
        db,
        Platform,
        [
            {"id": i + 1, "key": f"platform{i + 1}", "display_name": f"Platform {i + 1}"}
            for i in range(5)
        ],
    )
    people = [f"p-{i:05d}" for i in range(1000)]
    _bulk(
        db,
        WatchlistPerson,
        [
            {
                "id": pid,
                "name": rng.choice(SURNAMES) + rng.choice(GIVEN),
                "aliases": [],
                "imported_at": START,
            }
            for pid in people
        ],
    )
    with db.session() as session:
        run = CrawlRun(
            profile="bench",
            platform="platform1",
            started_at=START,
            finished_at=START,
            status="finished",
            health_ok=True,
            tool_version="bench",
        )
        session.add(run)
        session.flush()
        run_id = run.id

    return users, people, run_id


def _fill_accounts(
    db: Database, accounts: int, people: list[str], run_id: int, rng: random.Random
) -> None:
    account_rows, plan_rows, flag_rows, detection_rows = [], [], [], []
    for a in range(1, accounts + 1):
        account, plans, detection, flag = _account_rows(a, people, run_id, rng)
        account_rows.append(account)
        plan_rows.extend(plans)
        detection_rows.append(detection)
        flag_rows.append(flag)
    _bulk(db, Account, account_rows)
    _bulk(db, Plan, plan_rows)
    _bulk(db, Detection, detection_rows)
    _bulk(db, Flag, flag_rows)


def _account_rows(
    a: int, people: list[str], run_id: int, rng: random.Random
) -> tuple[dict, list[dict], dict, dict]:
    """One seller: its account, two plans, the account detection naming a person, its flag."""
    seen = START + timedelta(seconds=a * 60)
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    bio = (
        " ".join(rng.sample(BIO_WORDS, 4))
        + f" {name}に似せた画像、上位プランで指名できます。No.{a}"
    )
    account = {
        "id": a,
        "platform_id": a % 5 + 1,
        "account_key": f"acct-{a}",
        "handle": f"seller_{a}",
        "display_name": f"Seller {a}",
        "profile_url": f"https://platform{a % 5 + 1}.example/u/{a}",
        "bio": bio,
        "links": [],
        "first_seen_at": seen,
        "last_seen_at": seen,
        "first_seen_run_id": run_id,
        "last_seen_run_id": run_id,
    }
    plans = []
    for p, (plan, price) in enumerate((("ライト", 500), ("リクエスト", 10000))):
        plans.append(
            {
                "id": a * 2 + p,
                "account_id": a,
                "name": plan,
                "price": Decimal(price),
                "currency": "JPY",
                "first_seen_at": seen,
                "last_seen_at": seen,
            }
        )
    person = rng.choice(people)
    detection = _account_detection(a, name, bio, person, run_id, seen)
    flag = {
        "id": a,
        "account_id": a,
        "status": rng.choice(STATUSES),
        "reason": "new_account",
        "score": round(rng.uniform(0.5, 1.0), 3),
        "minor_risk": rng.random() < 0.03,
        "people": [person],
        "detection_id": a,
        "run_id": run_id,
        "created_at": seen + timedelta(seconds=5),
        "updated_at": seen + timedelta(seconds=5),
    }
    return account, plans, detection, flag


def _account_detection(
    a: int, name: str, bio: str, person: str, run_id: int, seen: datetime
) -> dict:
    start = bio.find(name)
    return {
        "id": a,
        "account_id": a,
        "post_id": None,
        "subject": "account",
        "run_id": run_id,
        "flagged": True,
        "score": 0.9,
        "minor_risk": False,
        "people": [person],
        "detector_version": "bench",
        "text_sha256": "0" * 64,
        "reasons": [
            {
                "family": "person",
                "term": name,
                "matched": name,
                "start": start,
                "end": start + len(name),
                "person_id": person,
                "part": "bio",
            },
            {
                "family": "commerce",
                "term": "サブスク",
                "matched": "サブスク",
                "start": None,
                "end": None,
                "part": "bio",
            },
        ],
        "created_at": seen,
    }


def _fill_posts(
    db: Database,
    account_ids: range,
    posts_per_account: int,
    run_id: int,
    rng: random.Random,
    post_ids: Iterator[int],
    capture_ids: Iterator[int],
) -> None:
    """Posts (the first of each account flagged), two captures and links per account."""
    post_rows, post_detections, capture_rows, link_rows = [], [], [], []
    for a in account_ids:
        seen = START + timedelta(seconds=a * 60)
        for p in range(posts_per_account):
            post_id = next(post_ids)
            text = f"新作 {p}: " + " ".join(rng.sample(BIO_WORDS, 3)) + f" 会員限定の画像 {post_id}"
            post_rows.append(
                {
                    "id": post_id,
                    "account_id": a,
                    "post_key": f"{a}-{p}",
                    "url": f"https://platform{a % 5 + 1}.example/p/{post_id}",
                    "title": f"投稿 {p}",
                    "text": text,
                    "first_seen_at": seen + timedelta(minutes=p),
                    "last_seen_at": seen + timedelta(minutes=p),
                }
            )
            if p == 0:
                post_detections.append(_post_detection(a, post_id, run_id, seen))
        for kind in ("response", "screenshot"):
            capture_id = next(capture_ids)
            capture_rows.append(
                {
                    "id": capture_id,
                    "run_id": run_id,
                    "kind": kind,
                    "url": f"https://platform{a % 5 + 1}.example/u/{a}",
                    "method": "GET",
                    "headers": [],
                    "captured_at": seen,
                    "sha256": f"{capture_id:064x}",
                    "body_length": 1000,
                    "tool_version": "bench",
                    "warc_file": "bench.warc.gz",
                    "warc_offset": capture_id * 1000,
                    "warc_length": 1000,
                }
            )
            link_rows.append({"capture_id": capture_id, "account_id": a, "post_id": None})
    _bulk(db, Post, post_rows)
    _bulk(db, Detection, post_detections)
    _bulk(db, Capture, capture_rows)
    _bulk(db, EvidenceLink, link_rows)


def _post_detection(account_id: int, post_id: int, run_id: int, seen: datetime) -> dict:
    return {
        "account_id": account_id,
        "post_id": post_id,
        "subject": "post",
        "run_id": run_id,
        "flagged": True,
        "score": 0.8,
        "minor_risk": False,
        "people": [],
        "detector_version": "bench",
        "text_sha256": "0" * 64,
        "created_at": seen,
        "reasons": [
            {"family": "synthetic", "term": BIO_WORDS[0], "matched": BIO_WORDS[0], "part": "text"}
        ],
    }


def _login(client, name: str) -> None:  # type: ignore[no-untyped-def]
    import re

    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post(
        "/login",
        data={"name": name, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def measure(cfg: AppConfig, db: Database, requests: int) -> list[tuple[str, str, float, float]]:
    from fastapi.testclient import TestClient

    from crawler.review.app import create_app

    app = create_app(cfg, database=db)
    with db.session() as session:
        accounts = session.scalar(select(func.count()).select_from(Account))
        posts = session.scalar(select(func.count()).select_from(Post))
        open_flag = session.scalar(
            select(Flag.id)
            .where(Flag.status == "new", Flag.minor_risk.is_(False))
            .order_by(Flag.id.desc())
            .limit(1)
        )
        middle_account = accounts // 2
    print(f"database: {accounts:,} accounts, {posts:,} posts")
    results = []
    for user in ("vol1", "ana"):
        client = TestClient(app, base_url="http://127.0.0.1")
        _login(client, user)
        deep_cursor = None
        html = client.get("/queue").text
        import re

        for _ in range(20):  # walk 20 pages in to get a deep cursor
            found = re.search(r'after=([^"&]+)" rel="next"', html)
            if not found:
                break
            deep_cursor = found.group(1)
            html = client.get(f"/queue?after={deep_cursor}").text
        pages = {
            "queue, first page": "/queue",
            "queue, page 21 (keyset)": f"/queue?after={deep_cursor}",
            "queue, platform filter": "/queue?platform=platform3",
            "queue, score >= 0.95": "/queue?min_score=0.95",
            "item view": f"/review/{open_flag}",
            "account page": f"/accounts/{middle_account}",
        }
        for label, url in pages.items():
            for _ in range(3):
                assert client.get(url).status_code == 200, url
            timings = []
            for _ in range(requests):
                began = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - began) * 1000)
                assert response.status_code == 200
            timings.sort()
            results.append(
                (user, label, statistics.median(timings), timings[int(len(timings) * 0.95) - 1])
            )
        client.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", default="/tmp/mimamori-bench-review")
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--posts-per-account", type=int, default=10)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument(
        "--rebuild", action="store_true", help="delete and refill the bench database"
    )
    args = parser.parse_args()
    data_dir = Path(args.data_dir)
    if args.rebuild and data_dir.exists():
        shutil.rmtree(data_dir)
    cfg = AppConfig.resolve(data_dir)
    fresh = not (data_dir / "mimamori.sqlite3").exists()
    db = open_database(cfg)
    if fresh:
        print(f"filling {cfg.db_url} ...", flush=True)
        fill(db, args.accounts, args.posts_per_account, random.Random(4))
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(User)) >= 3
    results = measure(cfg, db, args.requests)
    print()
    print("| who | page | median ms | p95 ms |")
    print("|---|---|---:|---:|")
    for user, label, median, p95 in results:
        print(f"| {user} | {label} | {median:.1f} | {p95:.1f} |")
    worst = max(median for _, label, median, _ in results if label.startswith(("queue", "account")))
    print(f"\nslowest queue/account median: {worst:.1f} ms (target < 100 ms)")


if __name__ == "__main__":
    main()
