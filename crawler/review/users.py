"""Creating, listing and disabling reviewer accounts (used by the CLI and the admin page)."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import select

from crawler.review.explained import ExplainedError
from crawler.review.i18n import N_
from crawler.review.passwords import (
    WeakPassword,
    check_strength,
    generate_password,
    hash_password,
)
from crawler.review.roles import ROLES
from storage.db import Database
from storage.models import User
from storage.models.review import ReviewSession

_NAME = re.compile(r"^[A-Za-z0-9._-]{2,50}$")


class UserError(ExplainedError):
    """A user could not be created or changed; the message says why in plain words
    (`translated()` on a page, `str()` on the command line)."""


def validate_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise UserError(
            N_("user names are 2-50 characters: letters, digits, dot, dash or underscore")
        )
    return name


def create_user(
    db: Database, name: str, role: str, password: str | None = None
) -> tuple[User, str]:
    """Create a reviewer; returns the user and the password (generated when none is given)."""
    validate_name(name)
    if role not in ROLES:
        raise UserError(
            N_("role must be one of %(roles)s, not “%(role)s”"), roles=", ".join(ROLES), role=role
        )
    if password is None:
        password = generate_password()
    try:
        check_strength(password)
    except WeakPassword as exc:
        raise UserError(exc.message, **exc.values) from exc
    # Hashed before the write transaction: the hash is slow on purpose.
    password_hash = hash_password(password)
    with db.session(write_lock=True) as session:
        if session.scalar(select(User.id).where(User.name == name)) is not None:
            raise UserError(N_("a user named “%(name)s” already exists"), name=name)
        user = User(
            name=name,
            role=role,
            password_hash=password_hash,
            # Exported bundles name reviewers by pseudonym, never by login name.
            pseudonym=f"reviewer-{secrets.token_hex(4)}",
        )
        session.add(user)
        session.flush()
    return user, password


def list_users(db: Database) -> list[User]:
    with db.session() as session:
        return list(session.scalars(select(User).order_by(User.name)))


def set_disabled(db: Database, name: str, disabled: bool = True) -> User:
    """Disable (or re-enable) a user; disabling also ends their open sessions."""
    with db.session(write_lock=True) as session:
        user = session.scalar(select(User).where(User.name == name))
        if user is None:
            raise UserError(
                N_("no user named “%(name)s”; `mimamori user list` shows who exists"), name=name
            )
        user.disabled = disabled
        if disabled:
            for open_session in session.scalars(
                select(ReviewSession).where(ReviewSession.user_id == user.id)
            ):
                session.delete(open_session)
        session.flush()
        return user
