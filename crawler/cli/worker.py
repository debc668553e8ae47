"""`mimamori worker`: work on the distributed runs in a shared frontier (docs/deploy.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Any

import click

from crawler.cli.crawl import parse_vars
from crawler.distributed.frontier_url import (
    FRONTIER_PASSWORD_ENV,
    FrontierAuthError,
    split_password,
)
from spiders.profile import ProfileError
from storage.config import AppConfig

SERVE_POLL_S = 2.0


def run_distributed(
    cfg: AppConfig,
    profile_refs: list[str],
    variables: dict[str, str],
    frontier: str,
    *,
    seed: bool,
    **options: object,
) -> list[dict[str, object]]:
    from crawler.distributed.run import run_workers
    from crawler.run import resolve_profiles

    try:
        profiles = resolve_profiles(profile_refs, variables, operator_dir=cfg.profiles_dir)
    except ProfileError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        results = run_workers(cfg, profiles, frontier, seed=seed, **options)  # type: ignore[arg-type]
    except FrontierAuthError as exc:
        raise click.ClickException(str(exc)) from None
    return [r.as_dict() for r in results]


def _connect(frontier: str) -> Any:
    from crawler.distributed.frontier import connect

    try:
        return connect(frontier)
    except FrontierAuthError as exc:
        raise click.ClickException(str(exc)) from None


def _serve(cfg: AppConfig, frontier: str, only: tuple[str, ...], passthrough: list[str]) -> None:
    """Wait for runs; work on each in a process of its own (a reactor starts only once)."""
    from crawler.distributed.frontier import Frontier

    client = _connect(frontier)
    # Each child gets the password in its environment, not in its (visible) arguments.
    frontier, password = split_password(frontier)
    env = {**os.environ, **({FRONTIER_PASSWORD_ENV: password} if password else {})}
    done: set[int] = set()
    while True:
        for run_id, profile in sorted(Frontier.active_runs(client).items()):
            if run_id in done or (only and profile not in only):
                continue
            done.add(run_id)
            command = [sys.executable, "-m", "crawler.cli.main", "--data-dir", str(cfg.data_dir)]
            if cfg.db_url:
                command += ["--db", cfg.db_url]
            command += ["worker", "--frontier", frontier, "--profiles", profile, *passthrough]
            subprocess.run(command, check=False, env=env)
        time.sleep(SERVE_POLL_S)


@click.command("worker")
@click.option(
    "--frontier", required=True, metavar="redis://HOST:PORT/DB", help="The shared frontier."
)
@click.option(
    "--profiles",
    "profile_refs",
    multiple=True,
    metavar="PROFILE",
    help="Work only on runs of these profiles (names or YAML files; default: every active run).",
)
@click.option("--var", "variables", multiple=True, metavar="NAME=VALUE")
@click.option("--serve", is_flag=True, help="Keep waiting for new runs instead of exiting.")
@click.option("--worker-id", default=None, help="This worker's id in WARC names (default: pid).")
@click.option(
    "--lease",
    "lease_s",
    default=60.0,
    show_default=True,
    help="Seconds a silent worker keeps its requests.",
)
@click.option(
    "--log-level", default="WARNING", type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"])
)
@click.option("--json", "as_json", is_flag=True, help="Print the run summaries as JSON.")
@click.pass_obj
def worker_cmd(
    cfg: AppConfig,
    frontier: str,
    profile_refs: tuple[str, ...],
    variables: tuple[str, ...],
    serve: bool,
    worker_id: str | None,
    lease_s: float,
    log_level: str,
    as_json: bool,
) -> None:
    """Take requests from the shared frontier until the run is drained (or, with --serve,
    keep waiting for the next runs). Rows go to --db, WARCs to this worker's own series."""
    if serve:
        passthrough = ["--lease", str(lease_s), "--log-level", log_level]
        passthrough += ["--worker-id", worker_id] if worker_id else []
        passthrough += [f"--var={v}" for v in variables]
        _serve(cfg, frontier, profile_refs, passthrough)
        return
    refs = list(profile_refs)
    if not refs:
        from crawler.distributed.frontier import Frontier

        refs = sorted(set(Frontier.active_runs(_connect(frontier)).values()))
    results = run_distributed(
        cfg,
        refs,
        parse_vars(variables),
        frontier,
        seed=False,
        worker_id=worker_id,
        lease_s=lease_s,
        log_level=log_level,
        show_progress=False,
    )
    if as_json:
        click.echo(json.dumps(results, ensure_ascii=False, indent=2))
    if any(r["problems"] for r in results):
        sys.exit(1)


def register(group: click.Group) -> None:
    group.add_command(worker_cmd)
