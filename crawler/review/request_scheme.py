"""The scheme the browser used: http or https, also behind a TLS-terminating proxy.

The Origin check compares it and the session cookie gets `Secure` when it is https. Only a
proxy the operator named in MIMAMORI_TRUSTED_PROXIES (addresses or networks, comma- or
space-separated) is believed about X-Forwarded-Proto; anyone else could send the header.
This module decides the scheme only; which client address a proxy speaks for is decided
where the client address is read.
"""

from __future__ import annotations

import ipaddress
import os
import re

from starlette.requests import Request

TRUSTED_PROXIES_ENV = "MIMAMORI_TRUSTED_PROXIES"
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_proxies(value: str | None) -> tuple[Network, ...]:
    """Networks from a setting like "127.0.0.1, 10.0.0.0/8"; a bad entry is an error."""
    networks = []
    for part in re.split(r"[\s,]+", value or ""):
        if part:
            try:
                networks.append(ipaddress.ip_network(part, strict=False))
            except ValueError as exc:
                raise ValueError(f"{TRUSTED_PROXIES_ENV}: {part!r} is not an address") from exc
    return tuple(networks)


def proxies_from_env() -> tuple[Network, ...]:
    return parse_proxies(os.environ.get(TRUSTED_PROXIES_ENV))


def _from_trusted_proxy(request: Request, proxies: tuple[Network, ...]) -> bool:
    if not proxies or request.client is None:
        return False
    try:
        peer = ipaddress.ip_address(request.client.host)
    except ValueError:
        return False
    return any(peer in network for network in proxies)


def public_scheme(request: Request) -> str:
    """Either "https" or "http": the request's own, or a trusted proxy's X-Forwarded-Proto."""
    proxies: tuple[Network, ...] = getattr(request.app.state, "trusted_proxies", ())
    forwarded = request.headers.get("x-forwarded-proto")
    if forwarded and _from_trusted_proxy(request, proxies):
        # A chain of proxies lists one scheme each; the first is what the browser used.
        first = forwarded.split(",")[0].strip().lower()
        if first in ("http", "https"):
            return first
    return request.url.scheme


def is_https(request: Request) -> bool:
    return public_scheme(request) == "https"
