"""Refuse private, loopback and link-local addresses unless the profile allows them.

A crawler pointed at internal addresses is a server-side request forgery tool;
docs/architecture.md ("Safety") makes this refusal the default.
"""

from __future__ import annotations

import ipaddress
import socket
from functools import lru_cache
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest


class PrivateAddressRefused(IgnoreRequest):
    """The request's host is (or resolves to) an address the profile may not reach."""


def is_restricted(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


@lru_cache(maxsize=4096)
def resolve(host: str) -> tuple[str, ...]:
    try:
        return (str(ipaddress.ip_address(host.strip("[]"))),)
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except socket.gaierror:
        return ()
    return tuple(sorted({info[4][0] for info in infos}))


def restricted_reason(url: str) -> str | None:
    """Why this URL may not be fetched without `allow_private_addresses`, or None."""
    host = urlsplit(url).hostname
    if not host:
        return f"{url} has no host"
    for address in resolve(host):
        if is_restricted(address):
            return f"{host} is (or resolves to) the private/loopback/link-local address {address}"
    return None


class AddressGuardMiddleware:
    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressGuardMiddleware:
        return cls(crawler.settings.getbool("MIMAMORI_ALLOW_PRIVATE_ADDRESSES"))

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if self.allow_private:
            return
        reason = restricted_reason(request.url)
        if reason:
            raise PrivateAddressRefused(
                f"refused: {reason}; set `allow_private_addresses: true` in the profile only for a lab or demo site"
            )
