"""Entry point of the `mimamori` command."""

from __future__ import annotations

import importlib

import click

from crawler import __version__
from storage.config import AppConfig

# Each module defines click commands and a `register(group)` function. A command's module
# is imported only when that command runs (or when help lists every command): a crawl
# should not pay for the export's PDF engine, nor `verify` for Scrapy. Adding a command
# is one line here.
COMMAND_MODULES = {
    "demo-site": "crawler.cli.demo_site",
    "db": "crawler.cli.db",
    "crawl": "crawler.cli.crawl",
    "stats": "crawler.cli.stats",
    "demo": "crawler.cli.demo",
    "serve": "crawler.cli.serve",
    "user": "crawler.cli.user",
    "export": "crawler.cli.export",
    "key": "crawler.cli.export",
    "verify": "crawler.cli.verify",
    "keys": "crawler.cli.keys",
    "classify": "crawler.cli.classify",
    "detector": "crawler.cli.detector",
    "watchlist": "crawler.cli.watchlist",
    "schedule": "crawler.cli.schedule",
    "runs": "crawler.cli.runs",
    "profile": "crawler.cli.profile",
    "alerts": "crawler.cli.alerts",
    "worker": "crawler.cli.worker",
    "links": "crawler.cli.links",
}


class LazyGroup(click.Group):
    """A group whose subcommands are loaded from COMMAND_MODULES on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMAND_MODULES})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in COMMAND_MODULES:
            importlib.import_module(COMMAND_MODULES[cmd_name]).register(self)
            command = super().get_command(ctx, cmd_name)
        return command


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="mimamori")
@click.option(
    "--data-dir",
    envvar="MIMAMORI_DATA_DIR",
    type=click.Path(file_okay=False),
    default=None,
    show_default="./mimamori-data",
    help="Folder for WARCs, screenshots, thumbnails, keys and the default SQLite database.",
)
@click.option(
    "--db",
    "db_url",
    envvar="MIMAMORI_DB",
    default=None,
    metavar="URL",
    help="SQLAlchemy database URL (default: SQLite file inside the data dir). "
    "Example: postgresql+psycopg://user@localhost/mimamori",
)
@click.pass_context
def cli(ctx: click.Context, data_dir: str | None, db_url: str | None) -> None:
    """mimamori (見守り): crawl storefronts that sell sexual deepfakes of real people,
    keep court-grade evidence, flag new accounts for review and export signed bundles."""
    ctx.obj = AppConfig.resolve(data_dir, db_url)


def main() -> None:
    cli(prog_name="mimamori")


if __name__ == "__main__":
    main()
