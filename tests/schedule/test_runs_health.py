"""Crawl health: a profile whose selectors broke fails its check, loudly, in `mimamori runs`."""

from __future__ import annotations

import json
from pathlib import Path

from storage.config import AppConfig

REPO = Path(__file__).resolve().parents[2]


def test_broken_selectors_fail_the_health_check_and_show_in_runs(
    mimamori, cfg: AppConfig, tmp_path: Path
) -> None:
    market = (REPO / "spiders/profiles/demo-market.yaml").read_text()
    assert 'key: "div.mk-seller::attr(data-seller-id)"' in market
    broken = tmp_path / "broken-market.yaml"
    # The site "redesigned" its seller pages: the profile's account selector finds nothing.
    broken.write_text(
        market.replace("name: demo-market", "name: broken-market").replace(
            'key: "div.mk-seller::attr(data-seller-id)"',
            'key: "div.seller-card-v2::attr(data-seller-id)"',
        )
    )
    crawled = mimamori("crawl", str(broken), "--json", "--no-progress", data_dir=cfg.data_dir)
    assert crawled.returncode == 1, crawled.stderr[-3000:]
    assert "crawl health check failed for broken-market" in crawled.stderr

    ok = mimamori("crawl", "demo-social-api", "--no-progress", data_dir=cfg.data_dir)
    assert ok.returncode == 0, ok.stderr[-3000:]

    listed = mimamori("runs", "--json", data_dir=cfg.data_dir)
    assert listed.returncode == 1  # the newest run of broken-market is unhealthy
    runs = {r["profile"]: r for r in json.loads(listed.stdout)}
    bad, good = runs["broken-market"], runs["demo-social-api"]
    assert bad["health_ok"] is False and bad["status"] == "finished"
    # Items still name their sellers, so accounts are counted; the broken seller pages
    # are what fails the run.
    assert any("account pages gave no account" in m for m in bad["health_messages"])
    assert bad["stats"]["pages"] > 0 and bad["stats"]["finish_reason"] == "finished"
    assert good["health_ok"] is True and good["health_messages"] == []
    for key in ("pages", "accounts", "errors", "new_flags", "bytes", "duration_s"):
        assert key in good["stats"], key
    # The time to the end of judging (what the benchmark quotes) includes the crawl's.
    assert good["stats"]["judged_s"] >= good["stats"]["duration_s"] > 0

    table = mimamori("runs", data_dir=cfg.data_dir)
    assert table.returncode == 1
    assert "FAILED" in table.stdout and "account pages gave no account" in table.stdout
    only_good = mimamori("runs", "--profile", "demo-social-api", data_dir=cfg.data_dir)
    assert only_good.returncode == 0 and "broken-market" not in only_good.stdout
