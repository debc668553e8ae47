"""`mimamori watchlist`: load the people to watch for into the database, and list them.

The watchlist names victims: only analysts and admins see it in the review app;
on the command line, whoever can open the database can.
"""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import select

from crawler.detect.watchlist_store import import_entries
from storage.config import AppConfig


@click.group("watchlist")
def watchlist_group() -> None:
    """The watchlist of people who may be targeted (names victims: handle with care)."""


@watchlist_group.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--replace",
    "mode",
    flag_value="replace",
    help="Make the stored watchlist exactly this file: people not in it are removed.",
)
@click.option(
    "--merge",
    "mode",
    flag_value="merge",
    default=True,
    help="Add new people and update changed ones; keep everyone else (default).",
)
@click.pass_obj
def import_cmd(cfg: AppConfig, csv_file: Path, mode: str) -> None:
    """Load CSV_FILE into the database and report how many people were added, updated,
    unchanged and removed.

    \b
    Columns (UTF-8, header row first): id,name,kana,aliases,category
      id        your own stable id for the person (D001, p-17, ...)
      name      the name as usually written (鷺ノ宮 澪奈, Tessa Lindqvist)
      kana      its reading in hiragana, if Japanese (optional; looked up if empty)
      aliases   other spellings, nicknames, romaji, separated by |  (optional)
      category  free text shown on the analysts' watchlist page (idol, actress, ...); one value
                changes matching: `announcer` also matches the family name + アナ
    """
    from crawler.detect import WatchlistError, load_watchlist_csv
    from storage import audit
    from storage.db import open_database

    try:
        entries = load_watchlist_csv(csv_file)
    except WatchlistError as exc:
        raise click.ClickException(f"{exc}. Nothing was imported.") from exc
    replace = mode == "replace"
    database = open_database(cfg)
    with database.session() as session:
        report = import_entries(session, entries, replace=replace)
        audit.record(
            session,
            user=None,
            action="watchlist_import",
            target_type="watchlist",
            detail={
                "file": csv_file.name,
                "mode": mode,
                "added": report.added,
                "updated": report.updated,
                "removed": report.removed,
                "via": "cli",
            },
        )
    click.echo(f"watchlist {mode}: {report.summary()} ({len(entries)} people in {csv_file.name})")


@watchlist_group.command("list")
@click.pass_obj
def list_cmd(cfg: AppConfig) -> None:
    """List the stored watchlist: id, name, kana, aliases, category, import time."""
    from crawler.detect import load_watchlist_from_db
    from storage.db import open_database
    from storage.models import WatchlistPerson

    database = open_database(cfg)
    with database.session() as session:
        entries = load_watchlist_from_db(session)
        imported = dict(
            session.execute(select(WatchlistPerson.id, WatchlistPerson.imported_at)).all()
        )
    if not entries:
        click.echo("the watchlist is empty; load one with `mimamori watchlist import FILE.csv`")
        return
    for e in entries:
        when = imported.get(e.id)
        stamp = when.strftime("%Y-%m-%d %H:%M") if when else ""
        click.echo("\t".join([e.id, e.name, e.kana, "|".join(e.aliases), e.category, stamp]))
    click.echo(f"{len(entries)} people")


def register(group: click.Group) -> None:
    group.add_command(watchlist_group)
