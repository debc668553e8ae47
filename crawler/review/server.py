"""Running the review app with uvicorn (blocking)."""

from __future__ import annotations

import ipaddress

import click
import uvicorn

from crawler.review.app import create_app
from storage.config import AppConfig


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    cfg: AppConfig, host: str = "127.0.0.1", port: int = 8000, *, banner: str | None = None
) -> None:
    """Serve the review app until interrupted. Prints `banner` (if any) and the URL first."""
    app = create_app(cfg)
    shown_host = f"[{host}]" if ":" in host else host
    if banner:
        click.echo(banner)
    click.echo(f"mimamori review app: http://{shown_host}:{port}/  (Ctrl+C to stop)")
    uvicorn.run(
        app,
        host=host,
        port=port,
        # The app reads the client address itself; never trust forwarded headers by default.
        proxy_headers=False,
        server_header=False,
        log_level="info",
    )
