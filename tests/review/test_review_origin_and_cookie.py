"""The Origin check compares the scheme, and the session cookie is Secure over https: real
requests against the app served by uvicorn, over plain http, over TLS, and behind a proxy
that terminates TLS (trusted only when named in MIMAMORI_TRUSTED_PROXIES)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from review_factory import PASSWORD
from review_helpers import Env, LiveServer, csrf_from
from review_tls import self_signed_localhost

from crawler.review.app import create_app
from crawler.review.client_address import parse_trusted_proxies
from crawler.review.web import LOGIN_CSRF_COOKIE, SESSION_COOKIE

HTTPS_VIA_PROXY = {"X-Forwarded-Proto": "https"}


class Visitor:
    """One browser-like client that keeps its cookies by hand, Secure ones included, so the
    test sees exactly what the server set and decides itself what to send back."""

    def __init__(self, base: str, verify: bool | str = True, headers: dict | None = None) -> None:
        self.base = base
        # No kept-alive connections: an idle TLS connection holds the server's shutdown for
        # its whole grace period (10 s per test).
        self.client = httpx.Client(
            verify=verify,
            follow_redirects=False,
            limits=httpx.Limits(max_keepalive_connections=0),
        )
        self.headers = dict(headers or {})
        self.cookies: dict[str, str] = {}
        self.set_cookie: dict[str, str] = {}

    def _send(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}  # type: ignore[dict-item]
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = self.client.request(method, self.base + path, headers=headers, **kwargs)  # type: ignore[arg-type]
        for line in response.headers.get_list("set-cookie"):
            name, value = re.match(r"([^=]+)=([^;]*)", line).groups()  # type: ignore[union-attr]
            self.set_cookie.setdefault(name, line)  # as first set, not as later deleted
            self.cookies[name] = value
        return response

    def sign_in(self, name: str) -> None:
        page = self._send("GET", "/login")
        response = self._send(
            "POST",
            "/login",
            data={"name": name, "password": PASSWORD, "csrf_token": csrf_from(page.text)},
        )
        assert response.status_code == 303, response.text

    def skip(self, flag_id: int, origin: str) -> int:
        """A state-changing POST with a valid CSRF token and the given Origin."""
        token = csrf_from(self._send("GET", "/queue").text)
        response = self._send(
            "POST",
            f"/review/{flag_id}/skip",
            headers={"X-CSRF-Token": token, "Origin": origin},
        )
        return response.status_code


def _is_secure(set_cookie_line: str) -> bool:
    return any(part.strip().lower() == "secure" for part in set_cookie_line.split(";"))


@pytest.fixture
def served(env: Env) -> Iterator:
    servers: list[LiveServer] = []

    def serve(*, trusted_proxies: str = "", tls_dir: Path | None = None) -> str:
        cfg = dataclasses.replace(
            env.cfg, trusted_proxies=tuple(re.split(r"[\s,]+", trusted_proxies.strip()))
        )
        config: dict[str, object] = {}
        if tls_dir is not None:
            cert, key = self_signed_localhost(tls_dir)
            config = {"ssl_certfile": str(cert), "ssl_keyfile": str(key)}
        server = LiveServer(create_app(cfg, database=env.db), **config)
        server.__enter__()
        servers.append(server)
        return server.url

    yield serve
    for server in servers:
        server.__exit__(None, None, None)


def test_plain_http_session_cookie_is_not_secure_and_an_https_origin_is_refused(
    served, env: Env
) -> None:  # type: ignore[no-untyped-def]
    base = served()
    visitor = Visitor(base)
    visitor.sign_in("vol1")
    assert not _is_secure(visitor.set_cookie[SESSION_COOKIE])
    flag = env.world.flags["storefront"]
    https_origin = base.replace("http://", "https://")
    assert visitor.skip(flag, https_origin) == 403  # same host, other scheme
    assert visitor.skip(flag, "http://evil.example") == 403
    assert visitor.skip(flag, base) == 303


def test_over_tls_the_cookies_are_secure_and_an_http_origin_is_refused(
    served, env: Env, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    base = served(tls_dir=tmp_path)
    visitor = Visitor(base, verify=str(tmp_path / "cert.pem"))
    visitor.sign_in("vol1")
    assert _is_secure(visitor.set_cookie[SESSION_COOKIE])
    assert _is_secure(visitor.set_cookie[LOGIN_CSRF_COOKIE])
    flag = env.world.flags["storefront"]
    assert visitor.skip(flag, base.replace("https://", "http://")) == 403
    assert visitor.skip(flag, base) == 303


def test_a_trusted_proxy_tells_the_scheme(served, env: Env) -> None:  # type: ignore[no-untyped-def]
    base = served(trusted_proxies="127.0.0.1/32, ::1")
    visitor = Visitor(base, headers=HTTPS_VIA_PROXY)
    visitor.sign_in("vol1")
    assert _is_secure(visitor.set_cookie[SESSION_COOKIE])
    flag = env.world.flags["storefront"]
    https_origin = base.replace("http://", "https://")
    assert visitor.skip(flag, base) == 403  # the browser used https: an http origin is another
    assert visitor.skip(flag, https_origin) == 303


def test_an_untrusted_peer_cannot_claim_https(served, env: Env) -> None:  # type: ignore[no-untyped-def]
    base = served(trusted_proxies="10.0.0.0/8")
    visitor = Visitor(base, headers=HTTPS_VIA_PROXY)
    visitor.sign_in("vol1")
    assert not _is_secure(visitor.set_cookie[SESSION_COOKIE])
    flag = env.world.flags["storefront"]
    assert visitor.skip(flag, base.replace("http://", "https://")) == 403
    assert visitor.skip(flag, base) == 303


def test_trusted_proxies_setting_is_checked() -> None:
    assert [str(n) for n in parse_trusted_proxies(["127.0.0.1", "10.0.0.0/8", "::1"])] == [
        "127.0.0.1/32",
        "10.0.0.0/8",
        "::1/128",
    ]
    with pytest.raises(ValueError, match="not an IP address"):
        parse_trusted_proxies(["proxy.local"])
