"""The crawl's Scrapy loggers make no records below the run's log level."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# In a child process: building a crawler process installs the reactor.
PROBE = """
import logging, sys
from crawler.settings import crawler_process
crawler_process(sys.argv[1])
print(logging.getLogger("scrapy.core.engine").isEnabledFor(logging.DEBUG))
"""


@pytest.mark.parametrize(("level", "debug_made"), [("WARNING", "False"), ("DEBUG", "True")])
def test_scrapy_debug_records_are_made_only_when_asked_for(level: str, debug_made: str) -> None:
    # Scrapy sets its loggers to DEBUG and filters at the handler: a "Crawled" record per
    # page was built and dropped at the default level.
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, level], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == debug_made
