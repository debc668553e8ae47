"""URLs as link evidence: one canonical form (so a profile URL written two ways is one
value), and whether a URL is a page of one account on a service (`id_patterns.yaml`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from crawler.link.id_data import PagePattern, id_key, never_ids, page_patterns

_DEFAULT_PORTS = {"http": 80, "https": 443}
_SCHEMELESS = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?(?:/|$)", re.I)


@dataclass(frozen=True)
class CanonicalUrl:
    """`host` without "www." and default port; `netloc` with a kept port; `path` folded,
    without a trailing slash; the fragment dropped."""

    host: str
    netloc: str
    path: str
    query: str

    @property
    def value(self) -> str:
        return self.netloc + self.path + (f"?{self.query}" if self.query else "")


def canonical_url(url: str) -> CanonicalUrl | None:
    """The comparable form of a URL, or None when it is not an http(s) address."""
    text = url.strip()
    if not text:
        return None
    if "://" not in text and _SCHEMELESS.match(text):
        text = "http://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.casefold().removeprefix("www.")
    netloc = host if port in (None, _DEFAULT_PORTS[parts.scheme.lower()]) else f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path).casefold().rstrip("/")
    return CanonicalUrl(host=host, netloc=netloc, path=path, query=parts.query.casefold())


def account_page(url: CanonicalUrl) -> tuple[str, str] | None:
    """(kind, value) when the URL is one account's page on a service, e.g.
    ("platform_url", "skeb.jp/@ai_shop"); None for any other page and for the services' own
    pages (`never_ids.yaml`)."""
    found = _page_match(url)
    return None if found is None else (found[0].kind, found[1])


def handle_of_page(url: CanonicalUrl) -> str | None:
    """ "platform:handle" (as `self_handle` rows keep it) when the URL is the page of the
    account with that handle on a platform we may store (a pattern with `platform:`)."""
    found = _page_match(url)
    if found is None or found[0].platform is None:
        return None
    handle = id_key(found[2])
    return f"{found[0].platform}:{handle}" if len(handle) >= 2 else None


def _page_match(url: CanonicalUrl) -> tuple[PagePattern, str, str] | None:
    """The pattern a URL fits, the identifier's value, and the account part of it."""
    never = never_ids()
    segments = [s for s in url.path.split("/") if s]
    for pattern in page_patterns():
        if pattern.host_id:
            suffix = "." + pattern.host
            sub = url.host.removesuffix(suffix)
            real = url.host.endswith(suffix) and sub and "." not in sub
            if real and not never.is_service_page(pattern.host, sub):
                return pattern, f"{sub}.{pattern.host}", sub
            continue
        if url.host != pattern.host or len(segments) <= len(pattern.prefix):
            continue
        if tuple(segments[: len(pattern.prefix)]) != pattern.prefix:
            continue
        segment = segments[len(pattern.prefix)]
        account = segment.removeprefix(pattern.marker) if segment.startswith(pattern.marker) else ""
        if not account or never.is_service_page(pattern.host, account):
            continue
        path = "/".join([*pattern.prefix, segment])
        return pattern, f"{url.netloc}/{path}", account
    return None


def is_service_page(url: CanonicalUrl) -> bool:
    """Is this a service's own page (a link-in-bio service's home, lit.link/login), not a
    page of one of its accounts? Links found on such a page belong to nobody."""
    never = never_ids()
    segments = [s for s in url.path.split("/") if s]
    for pattern in page_patterns():
        if url.host != pattern.host:
            continue
        if not segments:
            return True
        if pattern.host_id or tuple(segments[: len(pattern.prefix)]) != pattern.prefix:
            continue
        rest = segments[len(pattern.prefix) :]
        account = rest[0].removeprefix(pattern.marker) if rest else ""
        if not account or never.is_service_page(pattern.host, account):
            return True
    return False
