"""The review app's languages: Japanese first, English available.

Messages are written in English in the code and templates and translated through gettext
catalogs (`locale/<lang>/LC_MESSAGES/*.po`, edited with Babel's `pybabel`, see
docs/translating.md). Catalogs are compiled in memory when the app starts, so a changed
.po file needs no build step and a stale .mo file cannot exist.

The language of a request is chosen once, by `LocaleMiddleware`: the reviewer's own choice
(a cookie, set at sign-in from their saved preference and by the language switch), else the
browser's Accept-Language, else Japanese. It lives in a context variable, so templates,
route handlers and error pages in that request all speak the same language.
"""

from __future__ import annotations

import gettext as _gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

LOCALE_DIR = Path(__file__).with_name("locale")
DEFAULT_LOCALE = "ja"
LOCALES = ("ja", "en")
LOCALE_NAMES = {"ja": "日本語", "en": "English"}
LANG_COOKIE = "mimamori_lang"

_current_locale: ContextVar[str] = ContextVar("mimamori_locale", default=DEFAULT_LOCALE)


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; it is translated where shown."""
    return message


def _compile(po_files: list[Path], locale: str) -> _gettext.NullTranslations:
    merged = Catalog(locale=locale)
    for po_file in po_files:
        with po_file.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        for message in catalog:
            if message.id and message.string and not message.fuzzy:
                merged[message.id] = message
    buffer = io.BytesIO()
    write_mo(buffer, merged)
    buffer.seek(0)
    return Translations(buffer)


@cache
def translations(locale: str) -> _gettext.NullTranslations:
    """The compiled catalog of `locale`; English, the source language, needs none."""
    po_files = sorted((LOCALE_DIR / locale / "LC_MESSAGES").glob("*.po"))
    if locale == "en" or not po_files:
        return _gettext.NullTranslations()
    return _compile(po_files, locale)


def current_locale() -> str:
    return _current_locale.get()


def gettext(message: str) -> str:
    return translations(current_locale()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_locale()).ngettext(singular, plural, n)


_ = gettext


def label_in_every_locale(message: str) -> set[str]:
    """A message as each language of the app says it (to read back what a person typed)."""
    return {translations(locale).gettext(message) for locale in LOCALES} | {message}


@contextmanager
def use_locale(locale: str) -> Iterator[None]:
    token = _current_locale.set(locale if locale in LOCALES else DEFAULT_LOCALE)
    try:
        yield
    finally:
        _current_locale.reset(token)


def _accepted(header: str) -> list[str]:
    """Accept-Language's languages, most wanted first (RFC 9110 weights)."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _sep, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        if tag and weight > 0:
            ranked.append((-weight, position, tag.strip().lower()))
    return [tag for _w, _p, tag in sorted(ranked)]


def choose_locale(cookie: str | None, accept_language: str | None) -> str:
    if cookie in LOCALES:
        return cookie
    for tag in _accepted(accept_language or ""):
        primary = tag.split("-")[0]
        if primary in LOCALES:
            return primary
    return DEFAULT_LOCALE


class LocaleMiddleware:
    """Chooses each HTTP request's language before any handler or error page runs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        cookie = connection.cookies.get(LANG_COOKIE)
        chosen = choose_locale(cookie, connection.headers.get("accept-language"))
        with use_locale(chosen):
            await self.app(scope, receive, send)
