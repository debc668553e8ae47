"""`mimamori export` (signed WACZ evidence bundles) and `mimamori key` (the signing key)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from crawler.detect.families import shipped_display_table
from storage.config import AppConfig
from storage.db import Database, open_database
from storage.export import formats
from storage.export.errors import EvidenceDamagedError, SelectionError
from storage.export.request import ExportRequest
from storage.export.signing import load_or_create_key

CHOOSE = "choose what to export: --account ID or --status confirmed, or --cluster ID"


def _parse_since(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter("use a date like 2026-01-31", param_hint="--since") from exc
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


@click.command("export")
@click.option(
    "--format",
    "format_name",
    type=click.Choice(formats.names()),
    default=formats.DEFAULT_FORMAT,
    show_default=True,
    help="What to write: "
    + "; ".join(f"{e.name} = {e.description}" for e in formats.exporters())
    + ".",
)
@click.option(
    "--account",
    "account_ids",
    type=int,
    multiple=True,
    metavar="ID",
    help="Account id to export (repeat for several).",
)
@click.option(
    "--cluster",
    "cluster_id",
    type=int,
    metavar="ID",
    help="Export the whole seller cluster of this account (every account the linking rule "
    "joined to it) as one bundle, with the links and a link chart.",
)
@click.option(
    "--status", help="Export every account whose review flag has this status, e.g. confirmed."
)
@click.option(
    "--since", metavar="DATE", help="With --status: only flags changed on or after DATE (UTC)."
)
@click.option("--platform", metavar="KEY", help="With --status: only accounts on this platform.")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The .wacz file to write (never overwritten; other formats: their own ending).",
)
@click.option(
    "--for",
    "purpose",
    type=click.Choice(formats.all_purposes()),
    default="police",
    show_default=True,
    help="Covering page of the report: police summary, platform takedown request, or victim guidance.",
)
@click.option(
    "--include-originals",
    is_flag=True,
    help="Also include original media the operator kept (never for minor-risk items).",
)
@click.option(
    "--analyst", metavar="NAME", help="Your name or pseudonym, shown in the report and audit log."
)
@click.option("--no-pdf", is_flag=True, help="Skip report.pdf (report.html is always written).")
@click.pass_obj
def export_cmd(
    cfg: AppConfig,
    format_name: str,
    account_ids: tuple[int, ...],
    cluster_id: int | None,
    status: str | None,
    since: str | None,
    platform: str | None,
    out: Path,
    purpose: str,
    include_originals: bool,
    analyst: str | None,
    no_pdf: bool,
) -> None:
    """Write one signed WACZ evidence bundle for accounts: their WARC captures, screenshots,
    records (JSON and CSV), review history and a report (HTML and PDF).

    \b
    Examples:
      mimamori export --account 12 --out case-12.wacz --for platform
      mimamori export --status confirmed --since 2026-01-01 --out confirmed.wacz
      mimamori export --cluster 12 --out seller-12.wacz
    """
    if sum(map(bool, (account_ids, cluster_id is not None, status))) > 1:
        raise click.UsageError("use one of --account, --cluster or --status/--since/--platform")
    if not account_ids and not status and cluster_id is None:
        raise click.UsageError(CHOOSE)
    if (since or platform) and not status:
        raise click.UsageError("--since and --platform filter --status; add --status")
    exporter = formats.get(format_name)
    if out.suffix != exporter.suffix:
        raise click.UsageError(f"--out must end in {exporter.suffix}")
    if purpose not in exporter.purposes:
        raise click.UsageError(f"--format {exporter.name} cannot be --for {purpose}")
    if out.exists():
        raise click.ClickException(f"{out} already exists; choose a new file name")
    database = open_database(cfg)
    if cluster_id is not None:
        account_ids = _cluster_accounts(database, cluster_id)
    request = ExportRequest(
        account_ids=account_ids,
        cluster_account_id=cluster_id,
        status=status,
        since=_parse_since(since),
        platform=platform,
        purpose=purpose,
        include_originals=include_originals,
        analyst=analyst,
        pdf=not no_pdf,
        families=shipped_display_table(),
    )
    with Progress(
        TextColumn("exporting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
    ) as bar:
        task = bar.add_task("export", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            result = exporter.export(cfg, database, request, out, progress=progress)
        except SelectionError as exc:
            raise click.ClickException(
                f"{exc}. List accounts in the review app or with --status."
            ) from exc
        except EvidenceDamagedError as exc:
            raise click.ClickException(f"evidence in the store is damaged: {exc}") from exc
    click.echo(f"wrote {result.path} ({result.size:,} bytes)")
    click.echo(f"  sha256 {result.sha256}")
    click.echo(
        f"  accounts {len(result.account_ids)}, WARC records {result.capture_count}, "
        f"images withheld (minor risk) {result.withheld_count}"
    )
    click.echo(f"  signed by {result.signer_fingerprint}")
    click.echo(f"check it with: mimamori verify {result.path}")


def _cluster_accounts(database: Database, account_id: int) -> tuple[int, ...]:
    from storage.links import ClusterTooLarge, UnknownAccount, cluster_of

    with database.session() as session:
        try:
            members = cluster_of(session, account_id)
        except (UnknownAccount, ClusterTooLarge) as exc:
            raise click.ClickException(str(exc)) from exc
    if len(members) == 1:
        click.echo(f"account {account_id} is joined to no other account: exporting it alone")
    return tuple(members)


@click.group("key")
def key_group() -> None:
    """The signing key of exported bundles (created on first use in the data dir)."""


@key_group.command("show")
@click.pass_obj
def key_show(cfg: AppConfig) -> None:
    """Print the public key and its fingerprint: give them to recipients separately."""
    key = load_or_create_key(cfg.keys_dir)
    click.echo(f"fingerprint: {key.fingerprint}")
    click.echo(key.public_pem.rstrip())


@key_group.command("export")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the public key (PEM).",
)
@click.pass_obj
def key_export(cfg: AppConfig, out: Path) -> None:
    """Write the public key (never the private key) to a PEM file."""
    key = load_or_create_key(cfg.keys_dir)
    out.write_text(key.public_pem)
    click.echo(f"wrote public key {out} ({key.fingerprint})")


def register(group: click.Group) -> None:
    group.add_command(export_cmd)
    group.add_command(key_group)
