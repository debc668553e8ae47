"""`mimamori user`: reviewer accounts for the review web app."""

from __future__ import annotations

import click

from crawler.review.roles import ROLES
from storage.config import AppConfig


@click.group("user")
def user_group() -> None:
    """Reviewer accounts: add volunteers, analysts and admins; list; disable."""


@user_group.command("add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(ROLES),
    required=True,
    help="volunteer: reviews the queue. analyst: also search, watchlist, minor-risk items, "
    "export. admin: also manages people and reads the audit log.",
)
@click.option(
    "--generate-password",
    is_flag=True,
    help="Generate a strong password and print it once, instead of asking for one.",
)
@click.pass_obj
def add_cmd(cfg: AppConfig, name: str, role: str, generate_password: bool) -> None:
    """Create a reviewer called NAME. Asks for a password (at least 10 characters, not one
    of the 30,000 most common leaked passwords, not one character repeated)."""
    from crawler.review.users import UserError, create_user
    from storage import audit
    from storage.db import open_database

    password = None
    if not generate_password:
        password = click.prompt(f"Password for {name}", hide_input=True, confirmation_prompt=True)
    database = open_database(cfg)
    try:
        user, password = create_user(database, name, role, password)
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    with database.session() as session:
        audit.record(
            session,
            user=None,
            action="user_add",
            target_type="user",
            target_id=user.id,
            detail={"name": user.name, "role": user.role, "via": "cli"},
        )
    click.echo(f"created {role} {user.name!r} (pseudonym in exports: {user.pseudonym})")
    if generate_password:
        click.echo(f"password (shown only now): {password}")


@user_group.command("list")
@click.pass_obj
def list_cmd(cfg: AppConfig) -> None:
    """List reviewers with their role and whether they are disabled."""
    from crawler.review.users import list_users
    from storage.db import open_database

    users = list_users(open_database(cfg))
    if not users:
        click.echo("no users yet; add one with `mimamori user add NAME --role volunteer`")
        return
    for user in users:
        state = "disabled" if user.disabled else "active"
        click.echo(f"{user.name}\t{user.role}\t{state}\t{user.pseudonym}")


@user_group.command("disable")
@click.argument("name")
@click.pass_obj
def disable_cmd(cfg: AppConfig, name: str) -> None:
    """Disable reviewer NAME: they can no longer sign in, and open sessions end now."""
    from crawler.review.users import UserError, set_disabled
    from storage import audit
    from storage.db import open_database

    database = open_database(cfg)
    try:
        user = set_disabled(database, name, True)
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    with database.session() as session:
        audit.record(
            session,
            user=None,
            action="user_disable",
            target_type="user",
            target_id=user.id,
            detail={"name": user.name, "via": "cli"},
        )
    click.echo(f"disabled {user.name!r}")


def register(group: click.Group) -> None:
    group.add_command(user_group)
