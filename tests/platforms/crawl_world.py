"""Crawl bundled platform profiles into a data dir, in this process (a child of the test).

    python crawl_world.py DATA_DIR VARIABLES_JSON PROFILE...
    python crawl_world.py --live VARIABLES_JSON PROFILE   (`profile check --live`'s report)

This is the one place that lets a bundled real-platform profile reach 127.0.0.1: it loads
the profile exactly as `mimamori crawl --var ...` would, then allows private addresses on
the loaded copy. Nothing in the product can do that for a bundled profile, so the address
guard stays on for the real platforms (tests/platforms/test_profile_variables.py checks).
Prints the crawl results (or the live check's report) as JSON on stdout.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _lab_copy(name: str, variables: dict[str, str]):  # type: ignore[no-untyped-def]
    from spiders.profile import load_profile

    profile = load_profile(name, variables)
    # The bundled 1.5-2 s delays (and AutoThrottle, which starts from them) are politeness
    # towards the real platforms; against the local world they only made each profile's
    # crawl take ~45 s. Concurrency stays as bundled, so requests keep their real order.
    # test_profile_variables.py still checks the bundled delays themselves.
    polite = profile.politeness.model_copy(update={"download_delay": 0, "autothrottle": False})
    return profile.model_copy(update={"allow_private_addresses": True, "politeness": polite})


def live(variables: dict[str, str], name: str) -> int:
    from dataclasses import asdict

    from crawler.profile_check import live_check

    report = live_check(_lab_copy(name, variables), max_pages=12)
    pages = [asdict(page) for page in report.pages]
    print(json.dumps({"pages": pages, "problems": report.problems}, ensure_ascii=False))
    return 0


def main(data_dir: Path, variables: dict[str, str], names: list[str]) -> int:
    from crawler.demo_site import DEMO_WATCHLIST_CSV
    from crawler.detect import load_watchlist_csv
    from crawler.detect.watchlist_store import import_entries
    from crawler.run import run_crawls
    from storage.config import AppConfig
    from storage.db import open_database

    cfg = AppConfig.resolve(data_dir)
    cfg.ensure_dirs()
    database = open_database(cfg)
    with database.session() as session:
        import_entries(session, load_watchlist_csv(DEMO_WATCHLIST_CSV), replace=False)
    profiles = [_lab_copy(name, variables) for name in names]
    results = run_crawls(cfg, profiles, show_progress=False, triggered_by="test", database=database)
    print(json.dumps([r.as_dict() for r in results], default=str))
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "--live":
        sys.exit(live(json.loads(sys.argv[2]), sys.argv[3]))
    sys.exit(main(Path(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3:]))
