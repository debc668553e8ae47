"""The platform test world and one crawl of every bundled platform profile against it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from platform_world import PlatformWorld

REPO = Path(__file__).resolve().parents[2]
PLATFORM_PROFILES = ["fantia", "fanbox", "cien", "skeb", "rakuma"]
CONTACT = "abuse-desk@example.org"


@dataclass
class WorldCrawl:
    world: PlatformWorld
    data_dir: Path
    results: dict[str, dict[str, Any]]  # profile name -> CrawlResult.as_dict()


@pytest.fixture(scope="session")
def platform_world() -> Iterator[PlatformWorld]:
    with PlatformWorld() as world:
        yield world


@pytest.fixture(scope="session")
def world_crawl(
    platform_world: PlatformWorld, tmp_path_factory: pytest.TempPathFactory
) -> WorldCrawl:
    """All five bundled profiles crawled concurrently in one child process, as one night."""
    data_dir = tmp_path_factory.mktemp("platforms-data")
    variables = {**platform_world.variables, "MIMAMORI_CONTACT": CONTACT}
    result = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).with_name("crawl_world.py")),
            str(data_dir),
            json.dumps(variables),
            *PLATFORM_PROFILES,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"},
    )
    assert result.returncode == 0, f"crawl failed:\n{result.stdout}\n{result.stderr[-6000:]}"
    rows = json.loads(result.stdout.strip().splitlines()[-1])
    return WorldCrawl(platform_world, data_dir, {row["profile"]: row for row in rows})
