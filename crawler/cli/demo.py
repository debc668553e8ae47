"""`mimamori demo`: see the whole tool work on the bundled demo world, on this machine only."""

from __future__ import annotations

import os
import secrets
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

import click
from rich.console import Console
from sqlalchemy import create_engine, func, inspect, make_url, select
from sqlalchemy.exc import SQLAlchemyError

from crawler.progress import summary_table
from storage.config import AppConfig
from storage.models import Account, CrawlRun, User, WatchlistPerson

DEMO_PROFILES = ["demo-fanclub", "demo-social", "demo-market"]
DEMO_MARKER = ".mimamori-demo"
DEMO_LOGIN_FILE = "demo-login.txt"
DEMO_USER = "demo-analyst"


def _check_demo_dir(cfg: AppConfig) -> None:
    """Refuse to mix demo data into a data dir or database that holds real evidence."""
    marker = cfg.data_dir / DEMO_MARKER
    if marker.exists():
        # A demo folder pointed at a database with real crawls must not add to it either.
        if _stored(cfg.db_url).real_runs:
            _refuse(cfg)
        return
    database_file = cfg.data_dir / "mimamori.sqlite3"
    has_files = database_file.exists() or any((cfg.data_dir / "warc").glob("*.warc.gz"))
    if has_files or not _stored(cfg.db_url).empty:
        _refuse(cfg)
    cfg.data_dir.mkdir(parents=True, exist_ok=True)
    marker.write_text(
        "This data dir holds demo data from `mimamori demo` (fictional people only).\n"
    )


def _refuse(cfg: AppConfig) -> None:
    raise click.ClickException(
        f"{cfg.data_dir} already holds a mimamori store that is not a demo. "
        "Run the demo in its own folder: mimamori --data-dir ./mimamori-demo demo"
        + ("" if cfg.db_url.startswith("sqlite") else " (and an empty database of its own)")
    )


@dataclass(frozen=True)
class _StoredData:
    empty: bool  # no runs, accounts, users or watchlist entries (or no tables at all)
    real_runs: bool  # crawl runs the demo did not start


def _stored(db_url: str) -> _StoredData:
    """What a database already holds, read without creating or migrating anything."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and (
        not url.database or url.database == ":memory:" or not Path(url.database).exists()
    ):
        return _StoredData(empty=True, real_runs=False)
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            if "crawl_runs" not in tables:
                return _StoredData(empty=True, real_runs=False)
            real_runs = conn.scalar(
                select(func.count()).select_from(CrawlRun).where(CrawlRun.triggered_by != "demo")
            )
            rows = sum(
                conn.scalar(select(func.count()).select_from(model)) or 0
                for model in (CrawlRun, Account, User, WatchlistPerson)
            )
    except SQLAlchemyError as exc:
        raise click.ClickException(f"could not read the database {url!r}: {exc}") from None
    finally:
        engine.dispose()
    return _StoredData(empty=rows == 0, real_runs=bool(real_runs))


def _free_port(preferred: int) -> int:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", preferred))
            return preferred
        except OSError:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]


def _demo_login(cfg: AppConfig, database) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    from crawler.review.users import UserError, create_user

    login_file = cfg.data_dir / DEMO_LOGIN_FILE
    if login_file.exists():
        name, _, password = login_file.read_text().strip().partition(":")
        return name, password
    password = "demo-" + secrets.token_urlsafe(12)
    try:
        create_user(database, DEMO_USER, "analyst", password)
    except UserError as exc:
        raise click.ClickException(f"could not create the demo login: {exc}") from None
    login_file.write_text(f"{DEMO_USER}:{password}\n")
    os.chmod(login_file, 0o600)
    return DEMO_USER, password


@click.command("demo")
@click.option(
    "--no-serve", is_flag=True, help="Stop after the crawl instead of serving the review app."
)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    help="Port for the review app (a free one is used if taken).",
)
@click.pass_obj
def demo_cmd(cfg: AppConfig, no_serve: bool, port: int) -> None:
    """Start the demo site on 127.0.0.1, crawl its three platforms, print the summary, then serve
    the review app with a demo login. Everything stays on this machine; all people are fictional."""
    from crawler.demo_site import DEMO_WATCHLIST_CSV, DemoSite
    from crawler.detect import load_watchlist_csv
    from crawler.detect.watchlist_store import import_entries
    from crawler.run import resolve_profiles, run_crawls
    from storage.db import open_database

    _check_demo_dir(cfg)
    console = Console(stderr=True)
    database = open_database(cfg)
    with database.session() as session:
        report = import_entries(session, load_watchlist_csv(DEMO_WATCHLIST_CSV), replace=False)
    console.print(f"demo watchlist (fictional people): {report.summary()}")
    with DemoSite() as site:
        console.print(f"demo site running at {site.base_url}  (fanclub, social, market)")
        profiles = resolve_profiles(DEMO_PROFILES, {"MIMAMORI_DEMO_URL": site.base_url})
        results = run_crawls(
            cfg, profiles, show_progress=True, triggered_by="demo", database=database
        )
    Console().print(summary_table([r.as_dict() for r in results]))
    click.echo(f"evidence store: {cfg.data_dir}   (see `mimamori --data-dir {cfg.data_dir} stats`)")
    if no_serve:
        if any(r.problems for r in results):
            sys.exit(1)
        return
    from crawler.review.server import serve

    name, password = _demo_login(cfg, database)
    banner = (
        f"Demo login (this demo data dir only): user {name}  password {password}\n"
        f"(saved in {Path(cfg.data_dir) / DEMO_LOGIN_FILE})"
    )
    serve(cfg, "127.0.0.1", _free_port(port), banner=banner)


def register(group: click.Group) -> None:
    group.add_command(demo_cmd)
