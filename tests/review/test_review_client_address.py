"""Whom the sign-in limit and the audit log name: the peer, or behind a trusted proxy the
nearest hop it vouches for; and the limiter's separate windows per name and per address."""

from __future__ import annotations

import pytest

from crawler.review.client_address import client_address, parse_trusted_proxies
from crawler.review.ratelimit import Attempt, LoginRateLimiter

PROXIES = parse_trusted_proxies(["10.0.0.5", "192.168.1.0/24", "::1"])


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        # No proxy configured or the peer is not one: the header is anyone's to write.
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),
        ("10.0.0.6", "198.51.100.1", "10.0.0.6"),
        # The trusted proxy names the client.
        ("10.0.0.5", "198.51.100.1", "198.51.100.1"),
        # A client's own entry on the left proves nothing: the nearest untrusted hop counts.
        ("10.0.0.5", "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        # Chained trusted proxies are walked through.
        ("10.0.0.5", "198.51.100.1, 192.168.1.20", "198.51.100.1"),
        ("::1", "2001:db8::7", "2001:db8::7"),
        # Garbage stops the walk at the last hop a trusted proxy vouched for.
        ("10.0.0.5", "not-an-ip", "10.0.0.5"),
        ("10.0.0.5", "not-an-ip, 192.168.1.20", "192.168.1.20"),
        ("10.0.0.5", None, "10.0.0.5"),
    ],
)
def test_client_address(peer: str, forwarded: str | None, expected: str) -> None:
    assert client_address(peer, forwarded, PROXIES) == expected


def test_forwarded_for_is_never_read_without_configured_proxies() -> None:
    assert client_address("127.0.0.1", "198.51.100.1", ()) == "127.0.0.1"


def test_a_proxy_that_is_not_an_address_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"'proxy\.example' is not an IP address"):
        parse_trusted_proxies(["proxy.example"])


def test_name_and_address_windows_are_separate() -> None:
    limiter = LoginRateLimiter(max_failures=2, max_failures_per_address=3)
    assert isinstance(limiter.begin("hana", "203.0.113.7"), Attempt)
    assert isinstance(limiter.begin("hana", "198.51.100.1"), Attempt)
    # The name is at its limit from anywhere ...
    assert limiter.begin("HANA", "192.0.2.1") > 0
    # ... while another name from the same address still gets its try,
    assert isinstance(limiter.begin("sora", "203.0.113.7"), Attempt)
    assert isinstance(limiter.begin("riku", "203.0.113.7"), Attempt)
    # until the address reaches its own, larger limit.
    assert limiter.begin("mei", "203.0.113.7") > 0


def test_a_success_gives_its_count_back_and_clears_the_name() -> None:
    limiter = LoginRateLimiter(max_failures=2, max_failures_per_address=2)
    limiter.begin("hana", "203.0.113.7")
    attempt = limiter.begin("hana", "203.0.113.7")
    assert isinstance(attempt, Attempt)
    limiter.succeeded(attempt)
    # The name's failures are cleared; the address keeps its one real failure.
    assert isinstance(limiter.begin("hana", "198.51.100.1"), Attempt)
    assert isinstance(limiter.begin("sora", "203.0.113.7"), Attempt)
    assert limiter.begin("riku", "203.0.113.7") > 0


def test_serve_refuses_a_trusted_proxy_that_is_not_an_address(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from crawler.cli.main import cli

    result = CliRunner().invoke(
        cli,
        ["--data-dir", str(tmp_path / "data"), "serve", "--trusted-proxy", "proxy.example"],
    )
    assert result.exit_code == 2
    assert "'proxy.example' is not an IP address or network" in result.output
