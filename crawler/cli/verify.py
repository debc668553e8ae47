"""`mimamori verify`: check an evidence bundle, or the whole store's capture chain."""

from __future__ import annotations

from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from storage.config import AppConfig
from storage.db import open_database
from storage.timestamps import check_tokens
from storage.verify.bundle import format_report, verify_file
from storage.verify.store import StoreProblem, verify_store


@click.command("verify")
@click.argument("bundle", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--key",
    "key_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The signer's public key (PEM) you received separately.",
)
@click.option(
    "--store",
    is_flag=True,
    help="Verify this data dir instead: the capture hash chain, "
    "every WARC record it points at, and the stored screenshots/thumbnails.",
)
@click.pass_obj
def verify_cmd(cfg: AppConfig, bundle: Path | None, key_path: Path | None, store: bool) -> None:
    """Check a WACZ evidence bundle (every file's SHA-256, datapackage, digest and
    signature) or, with --store, the local evidence store. Exit status 0 only when
    everything holds; otherwise every failing file is named."""
    if store == (bundle is not None):
        raise click.UsageError("give either a BUNDLE.wacz file or --store")
    if store:
        database = open_database(cfg, migrate=False)
        with (
            database.session() as session,
            Progress(
                TextColumn("verifying store"), BarColumn(), MofNCompleteColumn(), transient=True
            ) as bar,
        ):
            task = bar.add_task("store", total=None)
            report = verify_store(
                session,
                cfg.warc_dir,
                cfg.blob_dir,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        click.echo(
            f"captures {report.captures}, WARC records {report.records}, blobs {report.blobs}"
        )
        times = check_tokens(cfg, database)
        click.echo("\n".join(times.lines(include_problems=False)))
        report.problems += [StoreProblem(None, "trusted time", p) for p in times.problems]
        if report.ok:
            click.echo(
                "VERDICT: OK - the capture chain is unbroken and every record and blob re-hashes."
            )
            return
        click.echo(f"VERDICT: FAILED - {len(report.problems)} problem(s):")
        for problem in report.problems:
            click.echo(f"  FAIL {problem}")
        raise SystemExit(1)
    assert bundle is not None
    if not bundle.exists():
        raise click.ClickException(f"{bundle} does not exist")
    report = verify_file(bundle, key_path.read_bytes() if key_path else None)
    click.echo(format_report(report))
    if not report.ok:
        raise SystemExit(1)


def register(group: click.Group) -> None:
    group.add_command(verify_cmd)
