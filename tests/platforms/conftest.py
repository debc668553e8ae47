"""The platform test world and one crawl of every bundled platform profile against it."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from platform_world import PlatformWorld
from prefetch import PREFETCH

REPO = Path(__file__).resolve().parents[2]
PLATFORM_PROFILES = ["fantia", "fanbox", "cien", "skeb", "rakuma"]
CONTACT = "abuse-desk@example.org"


@dataclass
class WorldCrawl:
    world: PlatformWorld
    data_dir: Path
    results: dict[str, dict[str, Any]]  # profile name -> CrawlResult.as_dict()


def _crawl_world(config: pytest.Config) -> WorldCrawl:
    """All five bundled profiles crawled concurrently in one child process, as one night."""
    data_dir = config._tmp_path_factory.mktemp("platforms-data")  # type: ignore[attr-defined]
    world = PlatformWorld().start()
    try:
        variables = {**world.variables, "MIMAMORI_CONTACT": CONTACT}
        result = PREFETCH.run(
            [
                sys.executable,
                str(Path(__file__).with_name("crawl_world.py")),
                str(data_dir),
                json.dumps(variables),
                *PLATFORM_PROFILES,
            ],
            timeout=300,
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"},
        )
        assert result.returncode == 0, f"crawl failed:\n{result.stdout}\n{result.stderr[-6000:]}"
        rows = json.loads(result.stdout.strip().splitlines()[-1])
    except BaseException:
        world.stop()
        raise
    return WorldCrawl(world, data_dir, {row["profile"]: row for row in rows})


# Crawled in the background from the start of the session (see tests/prefetch.py).
PREFETCH.offer("world_crawl", _crawl_world)


@pytest.fixture(scope="session")
def world_crawl(request: pytest.FixtureRequest) -> Iterator[WorldCrawl]:
    crawl = PREFETCH.take("world_crawl", request.config)
    yield crawl
    crawl.world.stop()


@pytest.fixture(scope="session")
def platform_world(world_crawl: WorldCrawl) -> PlatformWorld:
    """The world the bundled profiles were crawled from (its request logs show that crawl)."""
    return world_crawl.world
