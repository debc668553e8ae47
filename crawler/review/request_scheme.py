"""The scheme the browser used: http or https, also behind a TLS-terminating proxy.

The Origin check compares it and the session cookie gets `Secure` when it is https. Only a
proxy the operator named (`mimamori serve --trusted-proxy` / MIMAMORI_TRUSTED_PROXIES, the
same setting that lets X-Forwarded-For name the client: crawler/review/client_address.py)
is believed about X-Forwarded-Proto; anyone else could send the header.
This module decides the scheme only; which client address a proxy speaks for is decided
where the client address is read.
"""

from __future__ import annotations

import ipaddress

from starlette.requests import Request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


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
