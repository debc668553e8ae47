"""The client's address for audit entries and the sign-in limit, behind a trusted proxy.

X-Forwarded-For is anyone's to write, so it is read only when the connection comes from a
proxy the operator named (`--trusted-proxy` / MIMAMORI_TRUSTED_PROXIES); then the address
is the right-most entry that is not itself a trusted proxy (entries further left were
written by the client and prove nothing).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_trusted_proxies(entries: Iterable[str]) -> tuple[Network, ...]:
    """Addresses or networks (`10.0.0.5`, `10.0.0.0/8`, `::1`); anything else is refused."""
    networks = []
    for entry in entries:
        text = entry.strip()
        if not text:
            continue
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
        except ValueError:
            raise ValueError(
                f"trusted proxy {text!r} is not an IP address or network (like 10.0.0.5 or 10.0.0.0/8)"
            ) from None
    return tuple(networks)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address | None, proxies) -> bool:  # type: ignore[no-untyped-def]
    return address is not None and any(address in network for network in proxies)


def client_address(
    peer: str | None, forwarded_for: str | None, proxies: tuple[Network, ...]
) -> str | None:
    """`peer` unless it is a trusted proxy that sent X-Forwarded-For; then the nearest
    untrusted hop. A malformed hop stops the walk at the last trusted one."""
    if not proxies or not forwarded_for or not _trusted(_address(peer or ""), proxies):
        return peer
    nearest = peer
    for hop in reversed(forwarded_for.split(",")):
        address = _address(hop)
        if address is None:
            return nearest
        nearest = str(address)
        if not _trusted(address, proxies):
            return nearest
    return nearest
