"""Three nights of the demo world, crawled through the real engine as the scheduler would.

Night 1 crawls day 1; between nights reviewers act (dismiss one account, confirm and
export two); night 2 crawls day 2, night 3 crawls day 3 (fanclub only).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from storage.db import Database
from storage.models import Account, Export, Flag, Platform

STATIC_PROFILES = ("demo-fanclub", "demo-market", "demo-social-api")


@dataclass
class Nights:
    data_dir: Path
    database: Database
    runs: dict[int, dict[str, int]] = field(default_factory=dict)  # night -> profile -> run id
    summaries: dict[int, dict[str, dict]] = field(default_factory=dict)


def crawl(mimamori, data_dir: Path, base: str, *profiles: str) -> list[dict]:
    result = mimamori(
        "crawl",
        *profiles,
        "--json",
        "--no-progress",
        data_dir=data_dir,
        env={"MIMAMORI_DEMO_URL": base},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return json.loads(result.stdout)


def account(session, platform: str, handle: str) -> Account:
    found = session.scalar(
        select(Account)
        .join(Platform, Platform.id == Account.platform_id)
        .where(Platform.key == platform, Account.handle == handle)
    )
    assert found is not None, f"{platform}/{handle} was not stored"
    return found


def review_between_nights(database: Database) -> None:
    """What volunteers and analysts do after night 1."""
    now = datetime.now(UTC)
    with database.session() as session:
        dismissed = account(session, "fanclub", "ai_bijin_lab")
        for flag in session.scalars(select(Flag).where(Flag.account_id == dismissed.id)):
            flag.status = "dismissed"
        gone = account(session, "social", "nudify_daikou")
        staying = account(session, "social", "nightfake_en")
        for acc in (gone, staying):
            flags = list(session.scalars(select(Flag).where(Flag.account_id == acc.id)))
            assert flags, f"{acc.handle} was expected to be flagged on night 1"
            for flag in flags:
                flag.status = "confirmed"
        # One exported through a flag's export stamp, the other listed in an export bundle.
        session.scalars(select(Flag).where(Flag.account_id == gone.id)).first().exported_at = now
        session.add(
            Export(
                path="/tmp/bundle.wacz", sha256="0" * 64, purpose="police", account_ids=[staying.id]
            )
        )
