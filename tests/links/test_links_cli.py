"""`mimamori links`: seller clusters and their edges as text and JSON, hostile values made
harmless for a terminal, and clear refusals."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from click.testing import CliRunner
from link_rows import REVIEW_TESTS  # noqa: F401  (makes the review factories importable)

from crawler.cli.main import cli
from storage.config import AppConfig
from storage.db import open_database


@dataclass
class Linked:
    cfg: AppConfig
    accounts: dict[str, int]
    extra: dict[str, int]


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Linked:
    from link_factory import link_world
    from review_factory import build_world

    cfg = AppConfig.resolve(tmp_path_factory.mktemp("links-cli") / "data")
    db = open_database(cfg)
    world = build_world(cfg, db, with_users=False)
    extra = link_world(cfg, db, world)
    db.dispose()
    return Linked(cfg, dict(world.accounts), extra)


def run(linked: Linked, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(linked.cfg.data_dir), "links", *args])
    return result.exit_code, result.output


def test_text_lists_every_cluster_with_its_edges(linked: Linked) -> None:
    code, out = run(linked)
    assert code == 0, out
    # aiko_studio, deep_collage, x_payload, school_memories and both comebacks are one seller;
    # news_watch is linked only by similar words and stays out.
    assert out.count("seller cluster:") == 1
    assert "seller cluster: 6 accounts, 5 joined pair(s)" in out
    assert f"#{linked.accounts['fl-1001']} fanlounge @aiko_studio" in out
    assert "@news_watch" not in out
    assert "identifier/paypay: <script>alert('pay')</script>@paypay" in out
    assert "image: pdq-near (4)" in out
    assert "minor-risk" in out and "gone" in out
    # A value that would clear the screen and recolour it is printed as escapes.
    assert "\x1b" not in out and "\x07" not in out
    assert "declared/profile_url: \\x1b[2J\\x1b[31mpay-me\\x07" in out


def test_json_has_accounts_pairs_and_edges(linked: Linked) -> None:
    code, out = run(linked, "--json", "--account", str(linked.accounts["kk-2002"]))
    assert code == 0, out
    data = json.loads(out)
    assert data["total"] == 1
    (cluster,) = data["clusters"]
    handles = {a["handle"] for a in cluster["accounts"]}
    assert handles == {
        "aiko_studio", "deep_collage", "school_memories", "x_payload", "aiko_returns",
        "memories_again",
    }  # fmt: skip
    first = next(
        p for p in cluster["pairs"]
        if {p["account_a_id"], p["account_b_id"]}
        == {linked.accounts["fl-1001"], linked.accounts["kk-2002"]}
    )  # fmt: skip
    assert first["joined"] and first["score"] == 1.6
    assert [e["kind"] for e in first["edges"]] == ["identifier", "image"]
    assert first["edges"][0]["value"] == "<script>alert('pay')</script>@paypay"
    assert first["edges"][0]["a_shown"].startswith("PayPay <img")


def test_an_unlinked_account_is_a_cluster_of_one(linked: Linked) -> None:
    code, out = run(linked, "--account", str(linked.accounts["fl-5005"]))
    assert code == 0, out
    assert "seller cluster: 1 accounts, 0 joined pair(s)" in out and "@news_watch" in out


def test_wrong_input_is_refused_clearly(linked: Linked) -> None:
    code, out = run(linked, "--account", "999999")
    assert code == 1 and "no account with id 999999" in out
    code, out = run(linked, "--account", "twelve")
    assert code == 2 and "'twelve' is not a valid integer" in out
    code, out = run(linked, "--limit", "0")
    assert code == 2
