"""`mimamori detector retrain`: reviewers' decisions in a real store train a new learned layer,
installed only when it scores no worse on the held-back splits, and used by the next crawl."""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from crawler.cli.main import cli
from crawler.detect.learned import LearnedModel, installed_model_path, load_model
from crawler.detect.training import LabelledSet, load_split
from crawler.detect_runtime import detector_for
from crawler.flag.decisions import reviewed_rows
from storage.config import AppConfig
from storage.db import Database, open_database
from storage.models import Account, AuditEntry, Flag, Platform

_TRAINED: dict[Any, Any] = {}


@pytest.fixture(autouse=True)
def train_once_per_input(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A full training takes tens of seconds: tests that train on the same rows (a dry run
    and a real run) share one. retrain() itself runs unchanged around it."""
    import crawler.flag.retrain as retrain_module

    real_train = retrain_module.train

    def train(sets: Sequence[LabelledSet], **options: Any) -> Any:
        key = (tuple((s.name, tuple(s.rows)) for s in sets), tuple(sorted(options.items())))
        if key not in _TRAINED:
            _TRAINED[key] = real_train(sets, **options)
        return copy.deepcopy(_TRAINED[key])

    monkeypatch.setattr(retrain_module, "train", train)
    yield


def _store(tmp_path: Path, decisions: list[tuple[str, str]]) -> tuple[AppConfig, Database]:
    """One account per (bio text, flag status)."""
    cfg = AppConfig.resolve(tmp_path / "data")
    database = open_database(cfg)
    with database.session() as session:
        platform = Platform(key="fanlounge", display_name="FanLounge")
        session.add(platform)
        session.flush()
        for index, (bio, status) in enumerate(decisions):
            account = Account(
                platform_id=platform.id,
                account_key=f"acct-{index}",
                handle=f"seller_{index}",
                display_name=f"Seller {index}",
                profile_url=f"http://127.0.0.1:9/fanlounge/seller_{index}",
                bio=bio,
            )
            session.add(account)
            session.flush()
            session.add(Flag(account_id=account.id, status=status, score=0.6, people=[]))
        session.commit()
    return cfg, database


def _decisions(split: str, count: int, *, honest: bool) -> list[tuple[str, str]]:
    rows = load_split(split).rows[:count]
    decided = []
    for row in rows:
        positive = bool(row.label) if honest else not row.label
        decided.append((row.text, "confirmed" if positive else "dismissed"))
    return decided


def test_decisions_become_labelled_rows(tmp_path: Path) -> None:
    _cfg, database = _store(
        tmp_path,
        [("脱がし加工 1枚500円", "confirmed"), ("公式写真集 発売", "dismissed"), ("x", "new")],
    )
    with database.session() as session:
        rows = reviewed_rows(session)
    assert [(r.label, r.source) for r in rows] == [(1, "review"), (0, "review")]
    assert "脱がし加工 1枚500円" in rows[0].text and "Seller 0" in rows[0].text


def test_retrain_refuses_a_model_that_scores_worse(tmp_path: Path) -> None:
    # Reviewers who confirm every news post and dismiss every storefront teach the model the
    # opposite of the truth: the held-back split catches it and nothing is installed.
    # Enough of them to outweigh the honest shipped lines they contradict (22,000 and growing).
    wrong = [
        d for split in ("train2", "train3", "train4") for d in _decisions(split, 360, honest=False)
    ]
    cfg, _ = _store(tmp_path, wrong)
    result = CliRunner().invoke(cli, ["--data-dir", str(cfg.data_dir), "detector", "retrain"])
    assert result.exit_code == 1, result.output
    assert "was not installed" in result.output
    assert not installed_model_path(cfg.data_dir).exists()


def test_retrain_installs_a_better_model_and_the_crawl_uses_it(tmp_path: Path) -> None:
    cfg, database = _store(tmp_path, _decisions("train3", 60, honest=True))
    # The model in use adds nothing to the word rules: any sensible retrain beats it.
    useless = LearnedModel({}, -30.0, 0.5, {"digest": "useless"})
    useless.save(installed_model_path(cfg.data_dir))
    before = detector_for(database, cfg.data_dir)
    assert before.model.digest == "useless"

    result = CliRunner().invoke(cli, ["--data-dir", str(cfg.data_dir), "detector", "retrain"])
    assert result.exit_code == 0, result.output
    assert "installed" in result.output and "60 of them reviewers' decisions" in result.output

    installed = load_model(installed_model_path(cfg.data_dir))
    assert installed.meta["trained"]["by_source"]["review"] == 60
    scores = installed.meta["scores"]
    assert scores["holdout"]["recall"] > 0.8 and scores["holdout2"]["recall"] > 0.8
    assert "holdout6" in scores  # every held-back split judges a retrain
    assert set(scores["held_back"]) == {"precision", "recall", "people_recall", "minor_recall"}
    archived = list(installed_model_path(cfg.data_dir).parent.glob("model-*.json"))
    assert len(archived) == 1 and load_model(archived[0]).digest == "useless"
    after = detector_for(database, cfg.data_dir)
    assert after.model.digest == installed.digest and after.digest != before.digest
    with database.session() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "detector.retrain")
        ).one()
        assert entry.detail["review_rows"] == 60

    info = CliRunner().invoke(cli, ["--data-dir", str(cfg.data_dir), "detector", "info"])
    assert str(installed_model_path(cfg.data_dir)) in info.output


def test_retrain_dry_run_installs_nothing(tmp_path: Path) -> None:
    # The same decisions as the installing run above: the two share one training.
    cfg, _ = _store(tmp_path, _decisions("train3", 60, honest=True))
    result = CliRunner().invoke(
        cli, ["--data-dir", str(cfg.data_dir), "detector", "retrain", "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    assert "dry run: nothing installed" in result.output
    assert not installed_model_path(cfg.data_dir).exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--split", "nosuch"], "no such labelled split"),
        (["--corpus", __file__], "--corpus needs --watchlist"),
        (["--model", "/nonexistent/model.json"], "cannot read the model file"),
    ],
)
def test_evaluate_says_what_is_wrong(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path), "detector", "evaluate", *args])
    assert result.exit_code != 0
    assert message in result.output


def test_evaluate_prints_scores_per_class(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--data-dir", str(tmp_path), "detector", "evaluate", "--split", "dev", "--by-class"]
    )
    assert result.exit_code == 0, result.output
    assert "precision" in result.output and "minor-recall" in result.output
    assert "per class" not in result.output  # the shared dev split has no class column
    result = CliRunner().invoke(
        cli,
        ["--data-dir", str(tmp_path), "detector", "evaluate", "--split", "train4", "--by-class"],
    )
    assert "per class" in result.output and "undressing" in result.output
