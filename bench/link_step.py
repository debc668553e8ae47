"""The linking step at scale: a store of N accounts whose identifiers are already extracted
(rows inserted directly, as earlier runs would have left them), then one run of R accounts
with real bios going through the whole step (`crawler/link/run_step.link_accounts`):
extraction, finders against all N stored accounts, edges, verdicts, comebacks.

    python bench/link_step.py --accounts 100000 --run 500 [--db URL]

Prints JSON: the time to fill the store, and the step's time and counts. The step's cost
should follow R, not N (every look-up is an index search; tests/links/test_link_step.py
checks the query plans)."""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from crawler.link.run_step import link_accounts
from storage.config import AppConfig
from storage.db import open_database
from storage.models import Account, AccountIdentifier, CrawlRun, Platform
from storage.models.base import utcnow

BATCH = 5000


def _fill(session, accounts: int, platform_id: int) -> list[int]:
    now = utcnow()
    ids: list[int] = []
    for start in range(0, accounts, BATCH):
        rows = [
            {
                "platform_id": platform_id,
                "account_key": f"s{n}",
                "handle": f"seller_{n}",
                "profile_url": f"https://fan.example/u/seller_{n}",
                "bio": "",
                "links": [],
                "first_seen_at": now,
                "last_seen_at": now,
            }
            for n in range(start, min(start + BATCH, accounts))
        ]
        ids.extend(session.scalars(insert(Account).returning(Account.id), rows))
        values = []
        for n, account_id in zip(range(start, start + len(rows)), ids[start:], strict=True):
            for kind, value in (
                ("self_url", f"fan.example/u/seller_{n}"),
                ("self_handle", f"fan:seller{n}"),
                ("paypay", f"pay{n}"),
                ("email", f"seller{n}@mail.example.jp"),
                ("link", f"fan.example/u/seller_{(n * 7) % accounts}"),
            ):
                values.append(
                    {
                        "account_id": account_id,
                        "value_kind": kind,
                        "value": value,
                        "capture_ids": [],
                    }
                )
        session.execute(insert(AccountIdentifier), values)
    return ids


def _run_accounts(session, run: int, stored: int, platform_id: int, run_id: int) -> list[int]:
    rng = random.Random(15)
    rows = []
    for n in range(run):
        other = rng.randrange(stored)
        shared = f"PayPay ID：pay{other}" if n % 10 == 0 else f"PayPay ID: fresh{n}"
        rows.append(
            {
                "platform_id": platform_id,
                "account_key": f"r{n}",
                "handle": f"newshop_{n}",
                "profile_url": f"https://market.example/s/newshop_{n}",
                "bio": f"AIコラのリクエスト受付中。{shared}。店舗 https://fan.example/u/seller_{n}",
                "links": [f"https://lit.link/newshop{n}"],
                "first_seen_at": utcnow(),
                "last_seen_at": utcnow(),
                "first_seen_run_id": run_id,
                "last_seen_run_id": run_id,
            }
        )
    return list(session.scalars(insert(Account).returning(Account.id), rows))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--run", type=int, default=500)
    parser.add_argument("--db", default=None)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="mimamori-link-bench-"))
    db = open_database(AppConfig.resolve(data, args.db))
    started = time.perf_counter()
    with db.session() as s:
        fan, market = Platform(key="fan", display_name="Fan"), Platform(key="mk", display_name="Mk")
        s.add_all([fan, market])
        s.flush()
        _fill(s, args.accounts, fan.id)
        run = CrawlRun(profile="mk", platform="mk", tool_version="bench")
        s.add(run)
        s.flush()
        run_ids = _run_accounts(s, args.run, args.accounts, market.id, run.id)
    filled = time.perf_counter() - started
    with db.session() as s:
        step = link_accounts(s, run_ids, run.id)
    step.pop("comeback_flags", None)
    step.pop("rule_version", None)
    result = {
        "stored_accounts": args.accounts,
        "run_accounts": args.run,
        "backend": db.engine.dialect.name,
        "fill_s": round(filled, 2),
        "step": step,
    }
    json.dump(result, sys.stdout, indent=2)
    print()
    db.dispose()


if __name__ == "__main__":
    main()
