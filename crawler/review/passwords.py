"""Password hashing with argon2id (argon2-cffi's recommended parameters)."""

from __future__ import annotations

import secrets
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from crawler.review.explained import ExplainedError
from crawler.review.i18n import N_

_hasher = PasswordHasher()
# Verifying against this when the user does not exist keeps response times alike,
# so the login form does not reveal which names exist.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
MIN_LENGTH = 10
# The most common leaked passwords (zxcvbn's list; the file's header says where it is from).
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def generate_password() -> str:
    # ~96 bits, URL-safe so it survives copy and paste from a terminal.
    return secrets.token_urlsafe(12)


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line and not line.startswith("#"))


class WeakPassword(ExplainedError):
    """A password an attacker would try first; the message says why in plain words."""


def check_strength(password: str) -> None:
    """Refuse passwords an attacker tries first; the message says why in plain words."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(N_("password must have at least %(n)d characters"), n=MIN_LENGTH)
    if len(set(password)) == 1:
        raise WeakPassword(N_("password must not be a single character repeated"))
    if password.strip().lower() in common_passwords():
        raise WeakPassword(
            N_(
                "that password is on the list of the most common leaked passwords, which "
                "attackers try first; choose another (a few unrelated words work well)"
            )
        )
