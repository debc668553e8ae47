"""`mimamori links rebuild`: every account's edges found again and every pair re-judged, with
the comeback it reveals flagged once, from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from link_core_world import build_link_world
from sqlalchemy import func, select

from crawler.cli.main import cli
from storage.config import AppConfig
from storage.db import open_database
from storage.models import Flag, SellerPair


def _run(cfg: AppConfig, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(cfg.data_dir), "links", *args])
    return result.exit_code, result.output


def test_rebuild_links_a_store_nobody_linked_yet(tmp_path: Path) -> None:
    cfg = AppConfig.resolve(tmp_path / "data")
    db = open_database(cfg)
    world = build_link_world(cfg, db)
    db.dispose()
    code, out = _run(cfg, "--json")
    assert code == 0 and json.loads(out)["total"] == 0
    code, out = _run(cfg, "rebuild")
    assert code == 0, out
    assert out.startswith("links rebuilt: ") and "1 new comeback flag(s)" in out
    code, out = _run(cfg, "--account", str(world.accounts["mk_back"]), "--json")
    assert code == 0, out
    (cluster,) = json.loads(out)["clusters"]
    members = {a["id"] for a in cluster["accounts"]}
    assert {world.accounts["mk_back"], world.accounts["fc_gone"]} <= members
    # A second rebuild changes nothing and flags nothing again.
    code, out = _run(cfg, "rebuild")
    assert code == 0 and "0 new comeback flag(s)" in out
    db = open_database(cfg)
    with db.session() as s:
        assert s.scalar(select(func.count(Flag.id)).where(Flag.reason == "comeback")) == 1
        assert s.scalar(select(func.count(SellerPair.id)).where(SellerPair.joined)) > 0
    db.dispose()
