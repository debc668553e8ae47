"""Distributed crawl benchmark: 1 worker vs 2 workers on one Redis frontier and PostgreSQL.

    .venv/bin/python bench/distributed.py [--pages 2000] [--runs 2]

Serves the generated bench site (bench/static_site.py), starts a real redis-server and a
real PostgreSQL on 127.0.0.1 (free ports, thrown away afterwards), and crawls the site:
with 1 worker (`mimamori crawl --frontier`), with 2 workers (the same plus `mimamori worker`),
interleaved, and once in one process on SQLite for comparison. Reports pages/s (to the end
of the run's judging: each command returns when its run is finished), the 2/1 ratio,
captures per URL (must be exactly 1), Redis commands and PostgreSQL inserts per page, and
whether accounts and flags equal the SQLite crawl's. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from crawl_static import free_port, start_site  # noqa: E402
from static_site import crawl_profile  # noqa: E402


def start_redis(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port)
    for _ in range(200):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    return proc, f"redis://127.0.0.1:{port}/0"


def start_postgres(base: Path) -> tuple[list[str], Path, str]:
    bindir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = base / "data", free_port()
    subprocess.run(
        [
            *as_user,
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "mimamori",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        [
            *as_user,
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(base / "log"),
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    return [*as_user, str(bindir / "pg_ctl"), "-D", str(data)], data, f"127.0.0.1:{port}"


def new_database(server: str, name: str) -> str:
    import psycopg

    with psycopg.connect(f"postgresql://mimamori@{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://mimamori@{server}/{name}"


def mimamori(data_dir: Path, db: str | None, *args: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "crawler.cli.main", "--data-dir", str(data_dir)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("MIMAMORI_DB", None)
    return subprocess.Popen(
        [*command, *(["--db", db] if db else []), *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_ok(proc: subprocess.Popen[str]) -> str:
    out, err = proc.communicate()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"mimamori failed ({proc.returncode}):\n{err[-3000:]}")
    return out


def store_facts(db_url: str) -> dict[str, Any]:
    """Captures per URL, the accounts and the flagged accounts, from the store."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.connect() as conn:
        per_url = [
            row[0]
            for row in conn.execute(
                text("SELECT count(*) FROM captures WHERE kind = 'response' GROUP BY url")
            )
        ]
        accounts = sorted(r[0] for r in conn.execute(text("SELECT account_key FROM accounts")))
        flagged = sorted(
            r[0]
            for r in conn.execute(
                text("SELECT a.account_key FROM flags f JOIN accounts a ON a.id = f.account_id")
            )
        )
    engine.dispose()
    return {
        "captures_per_url": sorted(set(per_url)),
        "urls": len(per_url),
        "accounts": accounts,
        "flagged": flagged,
    }


def pg_inserts(server: str, name: str) -> int:
    import psycopg

    with psycopg.connect(f"postgresql://mimamori@{server}/{name}") as conn:
        # Statistics reach pg_stat_database with a delay: ask for a fresh snapshot.
        conn.execute("SELECT pg_stat_clear_snapshot()")
        row = conn.execute(
            "SELECT tup_inserted FROM pg_stat_database WHERE datname = %s", (name,)
        ).fetchone()
    return int(row[0]) if row else 0


def distributed_run(
    tmp: Path, base: str, pg: str, redis_url: str, workers: int, label: str
) -> dict[str, Any]:
    import redis

    client = redis.Redis.from_url(redis_url)
    client.flushall()
    profile = tmp / "bench-dist.yaml"
    profile.write_text(crawl_profile(base, name="bench-dist", concurrency=8))
    name = f"bench_{label}"
    db = new_database(pg, name)
    data_dir = tmp / f"data-{label}"
    # Create the tables before the clock starts: both workers would race to migrate.
    wait_ok(mimamori(data_dir, db, "db", "upgrade"))
    commands_before = client.info("stats")["total_commands_processed"]
    started = time.perf_counter()
    seeder = mimamori(
        data_dir,
        db,
        "crawl",
        str(profile),
        "--frontier",
        redis_url,
        "--json",
        "--no-progress",
        "--worker-id",
        "w1",
    )
    others = []
    if workers > 1:
        while client.get("mimamori:profile:bench-dist:run") is None:
            time.sleep(0.01)
        others = [
            mimamori(
                data_dir,
                db,
                "worker",
                "--frontier",
                redis_url,
                "--profiles",
                str(profile),
                "--worker-id",
                f"w{n}",
            )
            for n in range(2, workers + 1)
        ]
    result = json.loads(wait_ok(seeder))[0]
    for proc in others:
        wait_ok(proc)
    elapsed = time.perf_counter() - started
    commands = client.info("stats")["total_commands_processed"] - commands_before
    facts = store_facts(db)
    pages = facts["urls"]
    return {
        "workers": workers,
        "pages": pages,
        "seconds": round(elapsed, 2),
        "pages_per_s": round(pages / elapsed, 1),
        "redis_commands_per_page": round(commands / pages, 1),
        "pg_inserts_per_page": round(pg_inserts(pg, name) / pages, 1),
        "per_worker_pages": {k: v["pages"] for k, v in result["summary"]["workers"].items()},
        **facts,
    }


def sqlite_run(tmp: Path, base: str) -> dict[str, Any]:
    profile = tmp / "bench-dist.yaml"
    profile.write_text(crawl_profile(base, name="bench-dist", concurrency=8))
    data_dir = tmp / "data-sqlite"
    started = time.perf_counter()
    wait_ok(mimamori(data_dir, None, "crawl", str(profile), "--json", "--no-progress"))
    elapsed = time.perf_counter() - started
    facts = store_facts(f"sqlite:///{data_dir / 'mimamori.sqlite3'}")
    return {"pages_per_s": round(facts["urls"] / elapsed, 1), "seconds": round(elapsed, 2), **facts}


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {k: rows[0][k] for k in ("pages", "captures_per_url")} | {
        "pages_per_s": [r["pages_per_s"] for r in rows],
        "redis_commands_per_page": [r["redis_commands_per_page"] for r in rows],
        "pg_inserts_per_page": [r["pg_inserts_per_page"] for r in rows],
        "per_worker_pages": [r["per_worker_pages"] for r in rows],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=2, help="interleaved 1- and 2-worker runs")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="mimamori-bench-dist-"))
    # A directory of its own: the postgres user must be able to enter it.
    pg_base = Path(tempfile.mkdtemp(prefix="mimamori-bench-pg-"))
    site, base = start_site(args.pages)
    redis_proc, redis_url = start_redis(tmp)
    pg_ctl, _, pg = start_postgres(pg_base)
    try:
        single = sqlite_run(tmp, base)
        one, two = [], []
        for n in range(args.runs):
            one.append(distributed_run(tmp, base, pg, redis_url, 1, f"one{n}"))
            two.append(distributed_run(tmp, base, pg, redis_url, 2, f"two{n}"))
        same = all(
            r["accounts"] == single["accounts"] and r["flagged"] == single["flagged"]
            for r in one + two
        )
        best1 = max(r["pages_per_s"] for r in one)
        best2 = max(r["pages_per_s"] for r in two)
        report = {
            "pages": args.pages,
            "cpus": os.cpu_count(),
            "sqlite_single_process": {
                k: single[k] for k in ("pages_per_s", "urls", "captures_per_url")
            }
            | {"accounts": len(single["accounts"]), "flagged": len(single["flagged"])},
            "one_worker": summarise(one),
            "two_workers": summarise(two),
            "ratio_two_over_one_best": round(best2 / best1, 2),
            "same_accounts_and_flags_as_sqlite": same,
        }
        print(json.dumps(report, indent=2))
    finally:
        site.terminate()
        redis_proc.terminate()
        subprocess.run([*pg_ctl, "-m", "immediate", "-w", "stop"], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(pg_base, ignore_errors=True)


if __name__ == "__main__":
    main()
