"""wabac.js, the library ReplayWeb.page loads WACZ files with, run under Node as a checker.

It comes from the npm registry (pinned in wabac/package.json) into a cache dir,
$MIMAMORI_NPM_CACHE or ~/.cache/mimamori/wabac, and its own TypeScript sources are bundled
for Node with esbuild (wabac's published bundle does not export the loader). The registry
is the only network contact, and only at install time: `./bootstrap.sh test` installs it,
or the first test that needs it. As a script: `python tests/export/wabac_verifier.py`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

SOURCES = Path(__file__).with_name("wabac")
INSTALL_TIMEOUT = 600


class WabacUnavailable(RuntimeError):
    """wabac.js could not be installed from the npm registry (the reason is the message)."""


def cache_dir() -> Path:
    default = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mimamori"
    return Path(os.environ.get("MIMAMORI_NPM_CACHE") or default / "wabac")


def _installed_version(target: Path) -> str | None:
    manifest = target / "node_modules" / "@webrecorder" / "wabac" / "package.json"
    return json.loads(manifest.read_text())["version"] if manifest.exists() else None


def install() -> Path:
    """The runnable checker (installing wabac.js first if needed)."""
    if not shutil.which("node") or not shutil.which("npm"):
        raise WabacUnavailable("node and npm are not on PATH")
    target = cache_dir()
    target.mkdir(parents=True, exist_ok=True)
    wanted = json.loads((SOURCES / "package.json").read_text())["dependencies"]
    shutil.copy(SOURCES / "package.json", target / "package.json")
    shutil.copy(SOURCES / "check_wacz.mjs", target / "check_wacz.mjs")
    if _installed_version(target) != wanted["@webrecorder/wabac"]:
        # --ignore-scripts: nothing from the registry runs at install time.
        command = ["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts"]
        run = subprocess.run(
            command, cwd=target, capture_output=True, text=True, timeout=INSTALL_TIMEOUT
        )
        if run.returncode != 0:
            raise WabacUnavailable((run.stdout + run.stderr).strip()[-800:])
    bundled = target / "check_wacz.bundle.mjs"
    build = [
        str(target / "node_modules" / ".bin" / "esbuild"),
        "check_wacz.mjs",
        "--bundle",
        "--format=esm",
        "--platform=node",
        "--log-level=warning",
        f"--outfile={bundled.name}",
    ]
    run = subprocess.run(build, cwd=target, capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        raise WabacUnavailable("esbuild could not bundle wabac.js: " + run.stderr[-800:])
    return bundled


def check(checker: Path, bundle: Path) -> list[dict[str, Any]]:
    """What wabac verified when it loaded the bundle (see wabac/check_wacz.mjs)."""
    run = subprocess.run(
        ["node", str(checker), str(bundle)], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    try:
        print(f"wabac.js checker ready: {install()}")
    except WabacUnavailable as exc:
        print(f"wabac.js not installed: {exc}", file=sys.stderr)
        sys.exit(1)
