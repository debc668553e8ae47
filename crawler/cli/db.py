"""`mimamori db`: schema migrations (also applied automatically on first use)."""

from __future__ import annotations

import click
from alembic import command

from storage.config import AppConfig
from storage.db import alembic_config, open_database


@click.group("db")
def db_group() -> None:
    """Database schema: upgrade to the newest version, show the current one."""


@db_group.command("upgrade")
@click.pass_obj
def upgrade_cmd(cfg: AppConfig) -> None:
    """Apply every pending migration (safe to run twice)."""
    database = open_database(cfg)
    click.echo(
        f"database is up to date: {database.engine.url.render_as_string(hide_password=True)}"
    )


@db_group.command("current")
@click.pass_obj
def current_cmd(cfg: AppConfig) -> None:
    """Print the schema revision the database is at."""
    database = open_database(cfg, migrate=False)
    command.current(alembic_config(database.engine))


def register(group: click.Group) -> None:
    group.add_command(db_group)
