"""`mimamori demo-site`: serve the fictional demo world locally for trying out and testing crawls."""

from __future__ import annotations

import threading

import click

from crawler.demo_site.server import DemoSite, is_loopback
from crawler.demo_site.world import build_world
from crawler.demo_site.world_model import AWKWARD_PATHS, MAX_DAY


@click.command("demo-site")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Loopback address to bind (127.0.0.1, ::1 or localhost).",
)
@click.option(
    "--port",
    default=0,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port; 0 picks a free one.",
)
@click.option(
    "--day",
    default=1,
    show_default=True,
    type=click.IntRange(1, MAX_DAY),
    help="Which day of the world to serve (day 2 and 3 add changes).",
)
def demo_site(host: str, port: int, day: int) -> None:
    """Serve the demo world: three fictional platforms (fanclub, social, market) with storefronts,
    hard negatives and awkward pages, all people fictional and all images placeholders.

    Runs until Ctrl-C. Switch days while running with: curl -X POST 'URL/__demo/day?n=2'
    """
    if not is_loopback(host):
        raise click.ClickException(
            f"--host {host} is not a loopback address; the demo site only serves 127.0.0.1, ::1 or localhost."
        )
    site = DemoSite(host=host, port=port, day=day)
    # Ctrl-C is caught from before the site starts: the address is printed first, and a
    # signal that arrives while the rest of the start-up text is still being written must
    # stop the site cleanly too (outside this block click would turn it into status 1).
    try:
        try:
            base = site.start()
        except OSError as exc:
            raise click.ClickException(
                f"could not bind {host}:{port} ({exc}); try another --port or --port 0."
            ) from exc
        _announce(base, day)
        threading.Event().wait()
    except KeyboardInterrupt:
        click.echo("stopping")
    finally:
        site.stop()


def _announce(base: str, day: int) -> None:
    world = build_world(day)
    click.echo(f"demo world (day {day}) at {base}/")
    for platform, entry in (
        ("fanclub", "/fanclub/"),
        ("social", "/social/explore"),
        ("market", "/market/"),
    ):
        accounts = world.accounts_on(platform)
        targets = sum(a.is_target for a in accounts)
        click.echo(f"  {platform:8} {base}{entry}  {len(accounts)} accounts, {targets} storefronts")
    click.echo(
        f"  watchlist: {len(world.people)} fictional people; robots.txt and sitemap.xml at the root"
    )
    click.echo("  awkward pages: " + ", ".join(sorted(AWKWARD_PATHS)))
    click.echo("Ctrl-C to stop.")


def register(group: click.Group) -> None:
    group.add_command(demo_site)
