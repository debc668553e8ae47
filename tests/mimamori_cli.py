"""The `mimamori` command run in a child process, as the tests' `mimamori` fixture does; a
module of its own so that fixtures built in the background (prefetch.py) can use it too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from prefetch import PREFETCH

REPO = Path(__file__).resolve().parent.parent


def run_mimamori(
    *args: str,
    data_dir: Path,
    db: str | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 600,
    input: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the `mimamori` command in a child process, exactly as a user would."""
    command = [sys.executable, "-m", "crawler.cli.main", "--data-dir", str(data_dir)]
    if db:
        command += ["--db", db]
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    full_env.pop("MIMAMORI_DB", None)
    return PREFETCH.run([*command, *args], timeout=timeout, env=full_env, input=input, cwd=REPO)
