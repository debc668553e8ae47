"""The data behind identifier extraction: which URLs name one account (`id_patterns.yaml`),
what platforms are called in text, and the values that are never identifiers
(`never_ids.yaml`). Both files are data so a decoy is fixed without code
(docs/architecture.md, "Linking")."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from crawler.detect.normalize import Normalizer

HERE = Path(__file__).resolve().parent
PATTERNS_FILE = HERE / "id_patterns.yaml"
NEVER_FILE = HERE / "never_ids.yaml"

# One normaliser for every identifier: the detector's key (NFKC, case, width, separators
# and confusable letters folded), so "ａｉ＿ｓｈｏｐ", "AI_shop" and "ai.shop" are one id.
NORMALIZER = Normalizer()


def id_key(text: str) -> str:
    """An id's value in the store: the detector's normalisation of it."""
    return NORMALIZER.key(text)


@dataclass(frozen=True)
class PagePattern:
    """A page of one account: on `host`, either the sub-domain is the id (`host_id`), or the
    path's segments `prefix` are followed by a segment `marker` + id ("/@{id}": marker "@")."""

    kind: str
    host: str
    host_id: bool
    prefix: tuple[str, ...] = ()
    marker: str = ""
    # The store's platform key when the id in the URL is the account's handle there, so a
    # link to the page is a declared link to the stored account with that handle.
    platform: str | None = None


@dataclass(frozen=True)
class NeverIds:
    max_accounts_per_value: int
    service_pages: dict[str, frozenset[str]]
    email_domains: frozenset[str]
    not_ids: frozenset[str]

    def is_service_page(self, host: str, page_id: str) -> bool:
        return page_id.casefold() in self.service_pages.get(host, frozenset())

    def is_service_email(self, domain: str) -> bool:
        parts = domain.split(".")
        return any(".".join(parts[i:]) in self.email_domains for i in range(len(parts) - 1))


def _pattern(entry: dict[str, str]) -> PagePattern:
    host = entry["host"].casefold()
    segments = [s for s in entry.get("path", "").split("/") if s]
    if host.startswith("{id}."):
        if segments:
            raise ValueError(f"{PATTERNS_FILE.name}: {entry}: the id is the sub-domain")
        return PagePattern(
            kind=entry["kind"],
            host=host.removeprefix("{id}."),
            host_id=True,
            platform=entry.get("platform"),
        )
    if not segments or not segments[-1].endswith("{id}"):
        raise ValueError(f"{PATTERNS_FILE.name}: {entry}: the path must end in {{id}}")
    return PagePattern(
        kind=entry["kind"],
        host=host,
        host_id=False,
        prefix=tuple(s.casefold() for s in segments[:-1]),
        marker=segments[-1].removesuffix("{id}").casefold(),
        platform=entry.get("platform"),
    )


@cache
def page_patterns() -> tuple[PagePattern, ...]:
    data = yaml.safe_load(PATTERNS_FILE.read_text(encoding="utf-8"))
    return tuple(_pattern(entry) for entry in data["pages"])


@cache
def platform_aliases() -> dict[str, str]:
    """Platform name as written (NFKC, case-folded) -> platform key, from the data file."""
    data = yaml.safe_load(PATTERNS_FILE.read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    for key, aliases in data["platform_names"].items():
        for alias in [key, *aliases]:
            names[unicodedata.normalize("NFKC", str(alias)).casefold()] = str(key)
    return names


@cache
def never_ids() -> NeverIds:
    data = yaml.safe_load(NEVER_FILE.read_text(encoding="utf-8"))
    return NeverIds(
        max_accounts_per_value=int(data["max_accounts_per_value"]),
        service_pages={
            host.casefold(): frozenset(str(p).casefold() for p in pages)
            for host, pages in data["service_pages"].items()
        },
        email_domains=frozenset(d.casefold() for d in data["service_email_domains"]),
        not_ids=frozenset(id_key(str(w)) for w in data["not_ids"]),
    )
