"""`mimamori watchlist`: load the people to watch for into the database, and list them.

The watchlist names victims: only analysts and admins see it in the review app;
on the command line, whoever can open the database can.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import click
from sqlalchemy import select

from crawler.detect.watchlist import guarded
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
@click.option(
    "--dry-run",
    is_flag=True,
    help="Report what the import would change, and change nothing.",
)
@click.pass_obj
def import_cmd(cfg: AppConfig, csv_file: Path, mode: str, dry_run: bool) -> None:
    """Load CSV_FILE into the database and report how many people were added, updated,
    unchanged and removed.

    \b
    Names taught from review are kept for everyone still listed. With --replace, people
    not in the file are removed, taught names and all: try --dry-run first, and keep a
    copy with `mimamori watchlist export`.

    \b
    Columns (UTF-8, or Shift_JIS as Japanese Excel saves "CSV"; header row first):
    id,name,kana,aliases,category
      id        your own stable id for the person (D001, p-17, ...)
      name      the name as usually written (鷺ノ宮 澪奈, Tessa Lindqvist)
      kana      its reading in hiragana, if Japanese (optional; looked up if empty)
      aliases   other spellings, nicknames, romaji, separated by | or ｜  (optional)
      category  free text shown on the analysts' watchlist page (idol, actress, ...); one value
                changes matching: `announcer` also matches the family name + アナ
    """
    from crawler.detect import WatchlistError, load_watchlist_csv
    from storage import audit
    from storage.db import open_database
    from storage.models import WatchlistPerson

    try:
        entries = load_watchlist_csv(csv_file)
    except WatchlistError as exc:
        raise click.ClickException(f"{exc}. Nothing was imported.") from exc
    replace = mode == "replace"
    database = open_database(cfg)
    with database.session() as session:
        taught_before = {
            p.id: list(p.taught_aliases or ())
            for p in session.scalars(select(WatchlistPerson))
            if p.taught_aliases
        }
        report = import_entries(session, entries, replace=replace)
        if dry_run:
            session.rollback()
        else:
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
                    "kept_taught": report.kept_taught,
                    "via": "cli",
                },
            )
    people = f"{len(entries)} {'person' if len(entries) == 1 else 'people'}"
    verb = "would be" if dry_run else "were"
    click.echo(
        f"watchlist {mode}{' (dry run, nothing changed)' if dry_run else ''}: "
        f"{report.summary()} ({people} in {csv_file.name})"
    )
    if report.removed:
        shown = ", ".join(report.removed[:20]) + (" ..." if len(report.removed) > 20 else "")
        click.echo(f"removed: {shown}")
        lost = [pid for pid in report.removed if pid in taught_before]
        if lost:
            click.echo(
                f"names taught from review {verb} lost with {len(lost)} of them "
                f"({', '.join(lost[:20])}); `mimamori watchlist export FILE.csv` keeps a copy"
            )


_LIST_HEADER = ("id", "name", "kana", "aliases", "category", "imported", "taught in review")


@watchlist_group.command("list")
@click.pass_obj
def list_cmd(cfg: AppConfig) -> None:
    """List the stored watchlist, one person a line after a header line, tab-separated: id,
    name, kana, aliases, category, import time, and the aliases taught from review (also
    among the aliases)."""
    from storage.db import open_database
    from storage.models import WatchlistPerson

    database = open_database(cfg)
    with database.session() as session:
        people = session.scalars(select(WatchlistPerson).order_by(WatchlistPerson.id)).all()
        rows = [
            [
                p.id,
                p.name,
                p.kana or "",
                "|".join(p.aliases or ()),
                p.category or "",
                p.imported_at.strftime("%Y-%m-%d %H:%M") if p.imported_at else "",
                "|".join(p.taught_aliases or ()),
            ]
            for p in people
        ]
    if not rows:
        click.echo("the watchlist is empty; load one with `mimamori watchlist import FILE.csv`")
        return
    click.echo("\t".join(_LIST_HEADER))
    for row in rows:
        click.echo("\t".join(row))
    taught = sum(1 for row in rows if row[-1])
    click.echo(
        f"{len(rows)} people" + (f", {taught} with names taught from review" if taught else "")
    )


@watchlist_group.command("export")
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite CSV_FILE if it exists.")
@click.pass_obj
def export_cmd(cfg: AppConfig, csv_file: Path, force: bool) -> None:
    """Write the stored watchlist to CSV_FILE in the import format (id,name,kana,aliases,
    category), names taught from review included, so the group's own list can take them in.
    UTF-8 with a BOM so Excel opens it; a cell starting with = + - or @ is written after a '
    so a spreadsheet does not run it (import takes the ' off).

    The file names victims: keep it where the group keeps its list. The export is logged."""
    from crawler.detect import load_watchlist_from_db
    from storage import audit
    from storage.db import open_database

    if csv_file.exists() and not force:
        raise click.ClickException(
            f"{csv_file} already exists. Choose another name, or add --force to overwrite it."
        )
    database = open_database(cfg)
    with database.session() as session:
        entries = load_watchlist_from_db(session)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["id", "name", "kana", "aliases", "category"])
        for e in entries:
            row = [e.id, e.name, e.kana, "|".join(map(guarded, e.aliases)), e.category]
            writer.writerow([guarded(cell) for cell in row])
        try:
            # With a BOM, Excel opens it as UTF-8 (Japanese Excel would read Shift_JIS).
            csv_file.write_text(buffer.getvalue(), encoding="utf-8-sig")
        except OSError as exc:
            raise click.ClickException(f"cannot write {csv_file}: {exc.strerror}") from exc
        audit.record(
            session,
            user=None,
            action="watchlist_export",
            target_type="watchlist",
            detail={"file": csv_file.name, "people": len(entries), "via": "cli"},
        )
    click.echo(f"wrote {len(entries)} people to {csv_file}")


def register(group: click.Group) -> None:
    group.add_command(watchlist_group)
