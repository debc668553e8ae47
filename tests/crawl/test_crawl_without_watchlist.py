"""A crawl into a data dir without a watchlist says so, and says how to load one."""

from __future__ import annotations

import json
from pathlib import Path

WATCHLIST = Path(__file__).resolve().parents[1] / "detect" / "fixtures" / "watchlist.csv"
# One listing page of the demo fan club: a real run, quick.
TINY = """\
name: tiny-fanclub
platform: fanclub
display_name: Tiny
start_urls: ["${MIMAMORI_DEMO_URL}/fanclub/"]
allow_private_addresses: true
politeness: {download_delay: 0, autothrottle: false}
health: {min_accounts: 0}
links:
  - kind: listing
    pattern: '^/fanclub/$'
    follow: false
"""


def _crawl(mimamori, tmp_path: Path, data_dir: Path, demo_site):
    profile = tmp_path / "tiny.yaml"
    profile.write_text(TINY, encoding="utf-8")
    var = f"MIMAMORI_DEMO_URL={demo_site.base_url}"
    return mimamori(
        "crawl", str(profile), "--var", var, "--json", "--no-progress", data_dir=data_dir
    )


def test_crawl_without_watchlist_warns_on_the_command_line_and_in_the_log(
    tmp_path, mimamori, demo_site
):
    result = _crawl(mimamori, tmp_path, tmp_path / "data", demo_site)
    assert result.returncode == 0, result.stderr
    assert "warning: the watchlist is empty" in result.stderr
    assert "mimamori watchlist import FILE.csv" in result.stderr
    # The log line too (what a scheduled run's log keeps), and the JSON for scripts.
    assert "[crawler.run] WARNING: the watchlist is empty" in result.stderr
    [run] = json.loads(result.stdout)
    assert any("mimamori watchlist import" in w for w in run["warnings"])


def test_crawl_with_a_watchlist_gives_no_such_warning(tmp_path, mimamori, demo_site):
    data_dir = tmp_path / "data"
    loaded = mimamori("watchlist", "import", str(WATCHLIST), data_dir=data_dir)
    assert loaded.returncode == 0, loaded.stderr
    result = _crawl(mimamori, tmp_path, data_dir, demo_site)
    assert result.returncode == 0, result.stderr
    assert "watchlist is empty" not in result.stderr
    assert json.loads(result.stdout)[0]["warnings"] == []
