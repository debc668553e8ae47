"""`mimamori serve`: run the review web app."""

from __future__ import annotations

import dataclasses

import click

from storage.config import AppConfig


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port to listen on.",
)
@click.option(
    "--public",
    is_flag=True,
    help="Allow listening on a non-loopback address. Only do this behind HTTPS: "
    "the app shows evidence and victims' names.",
)
@click.option(
    "--trusted-proxy",
    "trusted_proxies",
    multiple=True,
    metavar="ADDRESS",
    help="A reverse proxy (address or network, repeatable) whose X-Forwarded-For names the "
    "client; also MIMAMORI_TRUSTED_PROXIES. Never trusted otherwise.",
)
@click.pass_obj
def serve_cmd(
    cfg: AppConfig, host: str, port: int, public: bool, trusted_proxies: tuple[str, ...]
) -> None:
    """Serve the review web app for patrol volunteers and analysts.

    Listens on 127.0.0.1 only unless --public is given. Create reviewers first with
    `mimamori user add NAME --role volunteer`.
    """
    from crawler.review.client_address import parse_trusted_proxies
    from crawler.review.server import is_loopback, serve

    if not is_loopback(host) and not public:
        raise click.ClickException(
            f"{host} is not a loopback address. The review app shows evidence and victims' "
            "names; to serve it to other machines anyway, put it behind HTTPS and add --public."
        )
    if trusted_proxies:
        cfg = dataclasses.replace(cfg, trusted_proxies=cfg.trusted_proxies + trusted_proxies)
    try:
        parse_trusted_proxies(cfg.trusted_proxies)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--trusted-proxy") from None
    serve(cfg, host=host, port=port)


def register(group: click.Group) -> None:
    group.add_command(serve_cmd)
