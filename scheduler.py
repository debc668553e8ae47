"""Run mimamori's crawl scheduler: `python scheduler.py [--data-dir DIR] [--db URL]`.

The same as `mimamori [--data-dir DIR] [--db URL] schedule run`; see docs/scheduler.md
for adding jobs and running it under systemd.
"""

from __future__ import annotations

import sys

from crawler.cli.main import cli

if __name__ == "__main__":
    cli(args=[*sys.argv[1:], "schedule", "run"], prog_name="scheduler.py")
