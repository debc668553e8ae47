"""Reading `DATA_DIR/alerts.toml`: where the digest goes and where its links point.

Secrets stay in the environment (docs/architecture.md, "Alerts"): a target's URL may say
`${NAME}` and the value is read from the environment only when the digest is sent, so
the file can be copied, backed up and shown without giving anything away. A URL written
without a placeholder that still carries a password or a webhook token is refused.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

LANGUAGES = ("ja", "en")
SEND_WHEN = ("always", "news")
TOP_KEYS = {"review_url", "languages", "send_when", "targets"}
TARGET_KEYS = {"name", "url"}
PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")

EXAMPLE = """\
review_url = "https://review.example.org"   # the review app, as analysts open it

[[targets]]
name = "analysts"
url = "mailtos://alerts:${MIMAMORI_SMTP_PASSWORD}@smtp.example.org:587?from=alerts@example.org&to=analysts@example.org"

[[targets]]
name = "team-chat"
url = "${MIMAMORI_SLACK_WEBHOOK}"   # the whole webhook URL lives in the environment
"""


class AlertsConfigError(ValueError):
    """alerts.toml cannot be used as written; the message says what to change."""


@dataclass(frozen=True)
class Target:
    name: str
    # As written in the file: placeholders unexpanded, so safe to keep and show.
    url: str

    @property
    def variables(self) -> tuple[str, ...]:
        return tuple(PLACEHOLDER.findall(self.url))

    @property
    def scheme(self) -> str:
        head = self.url.split("://", 1)[0]
        return head if "://" in self.url and not PLACEHOLDER.search(head) else "(from environment)"

    def expand(self, environ: Mapping[str, str]) -> tuple[str, list[str]]:
        """The URL with its placeholders filled, and the secret values put in (to scrub)."""
        missing = [name for name in self.variables if not environ.get(name)]
        if missing:
            raise AlertsConfigError(
                f"target {self.name!r} needs the environment variable(s) "
                f"{', '.join(missing)}, which are not set"
            )
        secrets = [environ[name] for name in self.variables]
        return PLACEHOLDER.sub(lambda m: environ[m.group(1)], self.url), secrets


@dataclass(frozen=True)
class AlertsConfig:
    path: Path
    review_url: str
    targets: tuple[Target, ...]
    languages: tuple[str, ...] = LANGUAGES
    # "news": only when a run flagged, re-queued, saw a takedown or failed its health check.
    send_when: str = "always"

    def link(self, path: str) -> str:
        return self.review_url + path


def load_alerts_config(path: Path) -> AlertsConfig | None:
    """The configuration, None when the file does not exist (no alerts configured)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise AlertsConfigError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise AlertsConfigError(f"{path}: not valid TOML: {exc}") from None
    try:
        return _parse(path, data)
    except AlertsConfigError as exc:
        raise AlertsConfigError(f"{path}: {exc}") from None


def _parse(path: Path, data: dict[str, object]) -> AlertsConfig:
    _no_unknown_keys(data, TOP_KEYS, "the file")
    review_url = data.get("review_url")
    if not isinstance(review_url, str) or urlsplit(review_url).scheme not in ("http", "https"):
        raise AlertsConfigError(
            'review_url must be the review app\'s address, e.g. review_url = "https://review.example.org"'
        )
    languages = data.get("languages", list(LANGUAGES))
    if (
        not isinstance(languages, list)
        or not languages
        or any(lang not in LANGUAGES for lang in languages)
    ):
        raise AlertsConfigError(f"languages must be a list of {', '.join(LANGUAGES)}")
    send_when = data.get("send_when", "always")
    if send_when not in SEND_WHEN:
        raise AlertsConfigError(f"send_when must be one of {', '.join(SEND_WHEN)}")
    raw_targets = data.get("targets", [])
    if not isinstance(raw_targets, list) or not raw_targets:
        raise AlertsConfigError("add at least one [[targets]] table with a name and a url")
    targets = tuple(_target(i, t) for i, t in enumerate(raw_targets, 1))
    names = [t.name for t in targets]
    if len(set(names)) != len(names):
        raise AlertsConfigError("two targets have the same name; give each its own")
    return AlertsConfig(
        path=path,
        review_url=review_url.rstrip("/"),
        targets=targets,
        languages=tuple(languages),
        send_when=str(send_when),
    )


def _target(number: int, raw: object) -> Target:
    if not isinstance(raw, dict):
        raise AlertsConfigError(f"target {number} must be a [[targets]] table")
    _no_unknown_keys(raw, TARGET_KEYS, f"target {number}")
    name, url = raw.get("name"), raw.get("url")
    if not isinstance(name, str) or not name.strip():
        raise AlertsConfigError(f"target {number} needs a name")
    if not isinstance(url, str) or not url.strip():
        raise AlertsConfigError(f"target {name!r} needs a url")
    target = Target(name=name.strip(), url=url.strip())
    _refuse_written_secrets(target)
    return target


def _no_unknown_keys(table: dict[str, object], known: set[str], where: str) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        raise AlertsConfigError(
            f"{where} has unknown key(s) {', '.join(unknown)}; valid keys: {', '.join(sorted(known))}"
        )


def _refuse_written_secrets(target: Target) -> None:
    """A password or token written into the file would end up in backups and screenshots."""
    hint = (
        f"target {target.name!r} has a secret written in alerts.toml; put it in an environment "
        'variable and write ${NAME} in its place (e.g. url = "${MIMAMORI_SLACK_WEBHOOK}")'
    )
    try:
        password = urlsplit(target.url).password
    except ValueError:
        password = None
    if password and not PLACEHOLDER.fullmatch(password):
        raise AlertsConfigError(hint)
    if target.variables:
        return
    from crawler.alerts.delivery import parse_url

    plugin = parse_url(target.url)
    if plugin is None:
        raise AlertsConfigError(
            f"target {target.name!r}: apprise does not understand this URL "
            f"(scheme {target.scheme!r}); see the apprise documentation for its URL forms"
        )
    # apprise masks exactly the parts it treats as secrets (passwords, tokens, keys).
    if plugin.url(privacy=True) != plugin.url(privacy=False):
        raise AlertsConfigError(hint)
