"""The frontier's Redis password stays out of stored jobs and command lines (docs/deploy.md,
"The frontier's password").

A scheduled job is kept in the database (APScheduler's job store) and a child process's
arguments are visible to every user of the machine (`ps`), so a frontier URL is stored and
passed on without its password; each process that connects reads the password from the
environment variable MIMAMORI_FRONTIER_PASSWORD (a systemd `EnvironmentFile=` readable by
the service only), as the alert targets read their secrets (crawler/alerts/config.py).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import quote, unquote, urlsplit, urlunsplit

FRONTIER_PASSWORD_ENV = "MIMAMORI_FRONTIER_PASSWORD"


class FrontierAuthError(RuntimeError):
    """Redis refused the frontier's password, or wanted one and got none."""


def _netloc(user: str | None, password: str | None, host: str) -> str:
    if user is None and password is None:
        return host
    auth = quote(user or "", safe="")
    if password is not None:
        auth += ":" + quote(password, safe="")
    return f"{auth}@{host}"


def _parts(url: str) -> tuple[str | None, str | None, str]:
    netloc = urlsplit(url).netloc
    auth, sep, host = netloc.rpartition("@")
    if not sep:
        return None, None, netloc
    user, colon, password = auth.partition(":")
    return unquote(user) if user else None, unquote(password) if colon else None, host


def split_password(url: str) -> tuple[str, str | None]:
    """(the URL without its password, the password or None). The user name stays: Redis
    ACL users are not secret, and the stored URL still says who connects."""
    user, password, host = _parts(url)
    if password is None:
        return url, None
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=_netloc(user, None, host))), password


def redacted(url: str) -> str:
    """For messages and logs: the URL with `***` for a password."""
    user, password, host = _parts(url)
    if password is None:
        return url
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{quote(user or '', safe='')}:***@{host}"))


def with_password(url: str, environ: Mapping[str, str] | None = None) -> str:
    """The URL to connect with: its own password if it has one (typed at a terminal),
    else the one in MIMAMORI_FRONTIER_PASSWORD, else none (a Redis without AUTH)."""
    user, password, host = _parts(url)
    secret = (os.environ if environ is None else environ).get(FRONTIER_PASSWORD_ENV)
    if password is not None or not secret:
        return url
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=_netloc(user, secret, host)))


def auth_message(url: str, error: Exception) -> str:
    given = urlsplit(with_password(url)).password is not None
    why = "refused the password" if given else "needs a password"
    return f"the frontier {redacted(url)} {why} ({error}): " + _how


def missing_message(url: str) -> str:
    return f"the frontier {redacted(url)} needs a password: " + _how


_how = (
    f"set {FRONTIER_PASSWORD_ENV} in this process's environment "
    '(docs/deploy.md, "The frontier\'s password")'
)
