"""Asking one RFC 3161 authority for a token over HTTP (RFC 3161 section 3.4).

The request and response are built and parsed by rfc3161-client; this module only
carries the bytes. Each request has a fresh nonce, checked against the answer.
"""

from __future__ import annotations

import ipaddress
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from rfc3161_client import HashAlgorithm, TimestampRequestBuilder

from storage.timestamps.statement import statement

QUERY_TYPE = "application/timestamp-query"
DEFAULT_TIMEOUT_S = 10.0
MAX_REPLY_BYTES = 1 << 20


class AuthorityUnavailable(Exception):
    """The authority could not be reached or did not answer with a timestamp reply."""


@dataclass(frozen=True)
class AuthorityReply:
    url: str
    token: bytes  # the whole TimeStampResp, DER
    nonce: int | None


def _opener(url: str) -> urllib.request.OpenerDirector:
    # A loopback authority (tests, a benchmark) is never reached through a proxy the
    # environment may name; a real one honours the operator's proxy settings.
    host = urlsplit(url).hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    handlers = [urllib.request.ProxyHandler({})] if loopback else []
    return urllib.request.build_opener(*handlers)


def request_token(url: str, digest: str, *, timeout: float = DEFAULT_TIMEOUT_S) -> AuthorityReply:
    """POST a timestamp query for `digest` to `url`; the reply is not yet verified."""
    query = (
        TimestampRequestBuilder()
        .data(statement(digest))
        .hash_algorithm(HashAlgorithm.SHA256)
        .cert_request(cert_request=True)
        .build()
    )
    http_request = urllib.request.Request(
        url,
        data=query.as_bytes(),
        headers={"Content-Type": QUERY_TYPE, "Accept": "application/timestamp-reply"},
        method="POST",
    )
    try:
        with _opener(url).open(http_request, timeout=timeout) as answer:
            body = answer.read(MAX_REPLY_BYTES + 1)
    except OSError as exc:  # URLError, HTTPError, timeouts and refused connections
        raise AuthorityUnavailable(f"{url}: {exc}") from exc
    if not body or len(body) > MAX_REPLY_BYTES:
        raise AuthorityUnavailable(f"{url}: empty or oversized reply ({len(body)} bytes)")
    return AuthorityReply(url=url, token=body, nonce=query.nonce)
