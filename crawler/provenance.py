"""Who captured the evidence: tool version and commit, browser and Playwright versions."""

from __future__ import annotations

import functools
import subprocess
from importlib import metadata
from pathlib import Path

from crawler import __version__

CHROMIUM_PATH = "/usr/bin/chromium"


@functools.cache
def tool_commit() -> str | None:
    root = Path(__file__).resolve().parent.parent
    if not (root / ".git").exists():
        return None
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


@functools.cache
def chromium_version() -> str | None:
    try:
        out = subprocess.run(
            [CHROMIUM_PATH, "--version"], capture_output=True, text=True, timeout=20
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


@functools.cache
def package_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def tool_version() -> str:
    return f"mimamori/{__version__}"


def user_agent() -> str:
    # Honest about what we are: recipients of evidence may need to show how it was fetched.
    return f"Mozilla/5.0 (compatible; mimamori/{__version__}; evidence crawler)"
