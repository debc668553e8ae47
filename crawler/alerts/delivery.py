"""Sending a digest through apprise, one target at a time, with secrets kept out of logs.

Every target is tried on its own, so a dead mail server does not keep the chat message
from going out, and the outcome of each is returned for the run's record. The values
read from the environment are replaced by `***` in everything apprise logs while it
sends and in the error kept for the record (docs/architecture.md, "Alerts").
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, quote_plus

import apprise
from apprise import NotifyFormat

from crawler.alerts.config import AlertsConfig, AlertsConfigError, Target
from crawler.alerts.message import Message

logger = logging.getLogger(__name__)
APPRISE_LOGGER = "apprise"
# Shorter values are not worth hiding character by character (and would mangle the text).
MIN_SECRET_CHARS = 3
MAX_ERROR_CHARS = 500


@dataclass(frozen=True)
class Delivery:
    target: str
    ok: bool
    error: str = ""
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _asset() -> apprise.AppriseAsset:
    # Nothing of apprise's own persistent cache on disk: it is not part of the data dir.
    return apprise.AppriseAsset(app_id="mimamori", app_desc="mimamori", storage_mode="memory")


def parse_url(url: str) -> Any:
    """apprise's service for a URL, or None when apprise does not know its form."""
    return apprise.Apprise.instantiate(url, asset=_asset(), suppress_exceptions=True)


def deliver(
    config: AlertsConfig, message: Message, environ: Mapping[str, str] | None = None
) -> list[Delivery]:
    env = os.environ if environ is None else environ
    return [_send(target, message, env) for target in config.targets]


def _send(target: Target, message: Message, environ: Mapping[str, str]) -> Delivery:
    try:
        url, secrets = target.expand(environ)
    except AlertsConfigError as exc:
        return Delivery(target.name, False, str(exc))
    scrub = Scrubber(secrets)
    with _apprise_log(scrub) as problems:
        service = apprise.Apprise(asset=_asset())
        if not service.add(url):
            return Delivery(
                target.name,
                False,
                f"apprise does not understand this URL (scheme {target.scheme!r})",
            )
        try:
            ok = bool(
                service.notify(
                    body=message.body, title=message.title, body_format=NotifyFormat.TEXT
                )
            )
        except Exception as exc:  # a plugin's bug must not end the other deliveries
            ok = False
            problems.append(f"{type(exc).__name__}: {exc}")
    if ok:
        return Delivery(target.name, True)
    error = scrub("; ".join(problems[-3:]) or "delivery failed (no reason given)")
    return Delivery(target.name, False, error[:MAX_ERROR_CHARS])


class Scrubber:
    """Replaces secret values, also URL-encoded, by `***`."""

    def __init__(self, secrets: list[str]) -> None:
        forms = {
            form
            for secret in secrets
            if len(secret) >= MIN_SECRET_CHARS
            for form in (secret, quote(secret, safe=""), quote_plus(secret))
        }
        self._forms = sorted(forms, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for form in self._forms:
            text = text.replace(form, "***")
        return text


class _ScrubbingRecords:
    """A log record factory that scrubs every record made while a digest is being sent.

    apprise is not the only one to log a webhook's URL: urllib3 logs each request line
    (a Mattermost or Slack token is in the path) at DEBUG. Scrubbing where records are
    made covers every logger and every handler an operator configured. Installed once;
    with no delivery under way it only passes records through.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active: list[Scrubber] = []
        self._make = logging.getLogRecordFactory()
        logging.setLogRecordFactory(self._record)

    def _record(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record = self._make(*args, **kwargs)
        active = self._active
        if active:
            try:
                text = record.getMessage()
            except Exception:  # a malformed call must not break logging; its text is kept
                text = str(record.msg)
            record.msg, record.args = self._scrub(active, text), None
            if record.exc_info:
                # Handlers print exc_text when set: a request error carries the URL.
                formatted = logging.Formatter().formatException(record.exc_info)
                record.exc_text = self._scrub(active, formatted)
        return record

    @staticmethod
    def _scrub(active: list[Scrubber], text: str) -> str:
        for scrub in active:
            text = scrub(text)
        return text

    @contextmanager
    def active(self, scrub: Scrubber) -> Iterator[None]:
        with self._lock:
            self._active = [*self._active, scrub]
        try:
            yield
        finally:
            with self._lock:
                self._active = [s for s in self._active if s is not scrub]


_records: _ScrubbingRecords | None = None
_records_lock = threading.Lock()


def _scrubbing_records() -> _ScrubbingRecords:
    global _records
    with _records_lock:
        if _records is None:
            _records = _ScrubbingRecords()
        return _records


class _Collect(logging.Handler):
    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage())


@contextmanager
def _apprise_log(scrub: Scrubber) -> Iterator[list[str]]:
    """apprise's warnings while sending (the reason a delivery failed), with every log
    record made meanwhile scrubbed before any handler sees it."""
    problems: list[str] = []
    apprise_logger = logging.getLogger(APPRISE_LOGGER)
    collect = _Collect(problems)
    with _scrubbing_records().active(scrub):
        apprise_logger.addHandler(collect)
        try:
            yield problems
        finally:
            apprise_logger.removeHandler(collect)
