"""After the demo crawl (three platforms, browser pages, media): every run signed a checkpoint,
and `mimamori verify --store` finds nothing wrong, row by row and record by record."""

from __future__ import annotations

import json
from pathlib import Path

from storage.checkpoints import CHECKPOINT_FILE


def test_demo_store_verifies_with_a_checkpoint_per_run(demo_data_dir: Path, mimamori) -> None:  # type: ignore[no-untyped-def]
    lines = (demo_data_dir / "warc" / CHECKPOINT_FILE).read_text().splitlines()
    statements = [json.loads(json.loads(line)["statement"]) for line in lines]
    assert [s["seq"] for s in statements] == list(range(1, len(statements) + 1))
    assert len({s["run_id"] for s in statements}) == len(statements) >= 3
    result = mimamori("verify", "--store", data_dir=demo_data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "VERDICT: OK" in result.stdout
    assert f"checkpoints {len(statements)}" in result.stdout
