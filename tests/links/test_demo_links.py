"""Linking sellers across the demo world's platforms, end to end, against its ground truth.

Three nights crawled through the real engine (the static profiles of all three platforms each
night); after night 1 an analyst confirms nudify_daikou and exports it, night 2 finds it taken
down, night 3 finds nudify_daikou2 (the same seller back under a new handle). Then linking
(`crawler.link.run_step.link_accounts`) runs over every stored account, and its verdicts
(SellerPair) are compared with the world's ground truth: `Account.seller` says who runs which
account (crawler/demo_site/world_sellers.py), `World.decoys` which look-alikes are unrelated.
Seller clusters are the connected components of joined pairs, so two accounts of one seller
count as found when a chain of joined pairs connects them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from crawler.demo_site import DemoSite, build_world
from crawler.demo_site import world_sellers as ws
from crawler.link.id_data import id_key
from storage.config import AppConfig
from storage.db import Database
from storage.models import Account, AccountLink, Flag, Platform, SellerPair, TakedownWatch

PROFILES = ("demo-fanclub", "demo-market", "demo-social-api")
WATCHLIST = Path(__file__).resolve().parents[2] / "crawler" / "demo_site" / "watchlist.csv"
Key = tuple[str, int]  # (platform, the world's account id = the stored account key)


@dataclass
class Linked:
    database: Database
    ids: dict[Key, int]  # world account -> stored account id
    runs: dict[int, dict[str, int]] = field(default_factory=dict)  # night -> profile -> run id


def _crawl(mimamori, data_dir: Path, base: str) -> dict[str, int]:
    result = mimamori(
        "crawl",
        *PROFILES,
        "--json",
        "--no-progress",
        data_dir=data_dir,
        env={"MIMAMORI_DEMO_URL": base},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return {r["profile"]: r["run_id"] for r in json.loads(result.stdout)}


def _confirm_and_export(database: Database, handle: str) -> None:
    """What an analyst does after night 1: confirm the storefront and export its evidence."""
    with database.session() as session:
        acc = session.scalar(select(Account).where(Account.handle == handle))
        assert acc is not None
        flags = session.scalars(select(Flag).where(Flag.account_id == acc.id)).all()
        assert flags, f"{handle} was expected to be flagged on night 1"
        for flag in flags:
            flag.status = "confirmed"
        flags[0].exported_at = datetime.now(UTC)


@pytest.fixture(scope="module")
def linked(mimamori, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Linked]:
    from crawler.link.run_step import link_accounts  # LINK-CORE's run step

    data_dir = tmp_path_factory.mktemp("links")
    loaded = mimamori("watchlist", "import", str(WATCHLIST), data_dir=data_dir)
    assert loaded.returncode == 0, loaded.stderr
    database = Database(AppConfig.resolve(data_dir).db_url)
    runs: dict[int, dict[str, int]] = {}
    with DemoSite(day=1) as site:
        for night in (1, 2, 3):
            site.set_day(night)
            runs[night] = _crawl(mimamori, data_dir, site.base_url)
            if night == 1:
                _confirm_and_export(database, "nudify_daikou")
    with database.session() as session:
        rows = session.execute(
            select(Platform.key, Account.account_key, Account.id).join(
                Platform, Platform.id == Account.platform_id
            )
        ).all()
        ids = {(platform, int(key)): account_id for platform, key, account_id in rows}
        # Again over every account, as after a rule change: verdicts must come out the same
        # and the comeback must not be flagged twice.
        link_accounts(session, sorted(ids.values()), runs[3]["demo-social-api"])
    yield Linked(database, ids, runs)
    database.dispose()


def _world_accounts() -> dict[Key, str]:
    """Every account the three days show, with its seller (the ground truth)."""
    sellers: dict[Key, str] = {}
    for day in (1, 2, 3):
        for acc in build_world(day).accounts:
            sellers[(acc.platform, acc.account_id)] = acc.seller_key
    return sellers


def _names() -> dict[Key, str]:
    return {
        (a.platform, a.account_id): f"{a.platform}/{a.handle}"
        for day in (1, 2, 3)
        for a in build_world(day).accounts
    }


def _clusters(linked: Linked) -> dict[int, int]:
    """Stored account id -> its cluster's smallest id (union of joined pairs)."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    with linked.database.session() as session:
        for a, b in session.execute(
            select(SellerPair.account_a_id, SellerPair.account_b_id).where(SellerPair.joined)
        ):
            ra, rb = find(a), find(b)
            parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in linked.ids.values()}


def test_every_account_of_the_three_days_was_stored(linked: Linked) -> None:
    assert set(_world_accounts()) <= set(linked.ids)


def test_every_true_same_seller_pair_is_in_one_cluster(linked: Linked) -> None:
    sellers, names, cluster = _world_accounts(), _names(), _clusters(linked)
    missed = sorted(
        f"{names[a]} + {names[b]} ({sellers[a]})"
        for a in sellers
        for b in sellers
        if a < b and sellers[a] == sellers[b] and cluster[linked.ids[a]] != cluster[linked.ids[b]]
    )
    assert not missed, "same seller, not joined:\n" + "\n".join(missed)


def test_no_decoy_pair_is_joined(linked: Linked) -> None:
    names, cluster = _names(), _clusters(linked)
    decoys = {d for day in (1, 2, 3) for d in build_world(day).decoys}
    assert decoys
    joined = sorted(
        f"{names[d.a]} + {names[d.b]}: {d.why}"
        for d in decoys
        if cluster[linked.ids[d.a]] == cluster[linked.ids[d.b]]
    )
    assert not joined, "decoys joined:\n" + "\n".join(joined)


def test_every_joined_pair_is_one_seller(linked: Linked) -> None:
    sellers, names = _world_accounts(), _names()
    by_id = {account_id: key for key, account_id in linked.ids.items()}
    with linked.database.session() as session:
        pairs = session.execute(
            select(SellerPair.account_a_id, SellerPair.account_b_id).where(SellerPair.joined)
        ).all()
    assert pairs
    wrong = sorted(
        f"{names[by_id[a]]} + {names[by_id[b]]}"
        for a, b in pairs
        if sellers[by_id[a]] != sellers[by_id[b]]
    )
    assert not wrong, "joined across sellers:\n" + "\n".join(wrong)


def _edges(linked: Linked, a: Key, b: Key) -> list[AccountLink]:
    x, y = sorted((linked.ids[a], linked.ids[b]))
    with linked.database.session() as session:
        edges = session.scalars(
            select(AccountLink).where(AccountLink.account_a_id == x, AccountLink.account_b_id == y)
        ).all()
        session.expunge_all()
        return list(edges)


def test_a_link_found_only_on_the_link_in_bio_page_is_a_declared_edge(linked: Linked) -> None:
    samples = ("social", build_world(1).account("social", "hoshizora_samples").account_id)  # type: ignore[union-attr]
    fanclub = ("fanclub", build_world(1).account("fanclub", "hoshizora_ai").account_id)  # type: ignore[union-attr]
    assert "declared" in {e.kind for e in _edges(linked, samples, fanclub)}


def test_the_comeback_is_flagged_and_names_the_taken_down_account(linked: Linked) -> None:
    gone_key = ("social", build_world(1).account("social", "nudify_daikou").account_id)  # type: ignore[union-attr]
    back_key = ("social", build_world(3).account("social", "nudify_daikou2").account_id)  # type: ignore[union-attr]
    gone, back = linked.ids[gone_key], linked.ids[back_key]
    with linked.database.session() as session:
        watch = session.scalar(select(TakedownWatch).where(TakedownWatch.account_id == gone))
        assert watch is not None and watch.gone_at is not None
        assert watch.gone_run_id == linked.runs[2]["demo-social-api"]
        comebacks = session.scalars(select(Flag).where(Flag.reason == "comeback")).all()
        assert [(f.account_id, f.related_account_id) for f in comebacks] == [(back, gone)]
        # Names the earlier account (not just the new one, whose handle contains it).
        assert re.search(r"nudify_daikou(?!2)", comebacks[0].detail or ""), comebacks[0].detail
    kinds = {(e.kind, e.value_kind) for e in _edges(linked, gone_key, back_key)}
    assert ("identifier", "paypay") in kinds and "image" in {k for k, _ in kinds}
    paypay = [e for e in _edges(linked, gone_key, back_key) if e.value_kind == "paypay"]
    # Stored as the detector normalises it (case, width and separators folded).
    assert paypay[0].value == id_key(ws.PAYPAY_NUGASHI)
