"""Entry point of the `mimamori` command."""

from __future__ import annotations

import importlib

import click

from crawler import __version__
from storage.config import AppConfig

# Each module defines click commands and a `register(group)` function. Adding a
# command group is adding a module here, nothing else.
COMMAND_MODULES = [
    "crawler.cli.demo_site",
    "crawler.cli.db",
    "crawler.cli.crawl",
    "crawler.cli.stats",
    "crawler.cli.demo",
    "crawler.cli.serve",
    "crawler.cli.user",
    "crawler.cli.export",
    "crawler.cli.verify",
    "crawler.cli.keys",
    "crawler.cli.classify",
    "crawler.cli.detector",
    "crawler.cli.watchlist",
    "crawler.cli.schedule",
    "crawler.cli.runs",
]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(cli)


def main() -> None:
    cli(prog_name="mimamori")


if __name__ == "__main__":
    main()
