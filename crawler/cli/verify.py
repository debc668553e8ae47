"""`mimamori verify`: check an evidence bundle, or the whole store's capture chain."""

from __future__ import annotations

from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.config import AppConfig
from storage.db import open_database, pending_migrations
from storage.export.signing import load_or_create_key
from storage.models import ChainCheckpoint
from storage.verify.bundle import format_report, verify_file
from storage.verify.checkpoints import CheckpointOptions
from storage.verify.store import verify_store


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
    help="Verify this data dir instead: the capture hash chain, every WARC record against "
    "its row, the audit log's chain, the signed checkpoints, and the stored "
    "screenshots/thumbnails.",
)
@click.option(
    "--checkpoints",
    "checkpoints_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="With --store: check the chains against this copy of chain-checkpoints.jsonl "
    "(kept elsewhere) instead of the checkpoints stored in the data dir.",
)
@click.pass_obj
def verify_cmd(
    cfg: AppConfig,
    bundle: Path | None,
    key_path: Path | None,
    store: bool,
    checkpoints_file: Path | None,
) -> None:
    """Check a WACZ evidence bundle (every file's SHA-256, datapackage, digest and
    signature) or, with --store, the local evidence store. Exit status 0 only when
    everything holds; otherwise every failing file is named."""
    if store == (bundle is not None):
        raise click.UsageError("give either a BUNDLE.wacz file or --store")
    if checkpoints_file is not None and not store:
        raise click.UsageError("--checkpoints goes with --store")
    if store:
        _verify_store(cfg, checkpoints_file)
        return
    assert bundle is not None
    if not bundle.exists():
        raise click.ClickException(f"{bundle} does not exist")
    report = verify_file(bundle, key_path.read_bytes() if key_path else None)
    click.echo(format_report(report))
    if not report.ok:
        raise SystemExit(1)


def _verify_store(cfg: AppConfig, checkpoints_file: Path | None) -> None:
    database = open_database(cfg, migrate=False)
    if pending_migrations(database.engine):
        # Verifying never changes the store; the chain's columns need the newest schema.
        raise click.ClickException(
            "the database schema is older than this mimamori: run `mimamori db upgrade` first"
        )
    with (
        database.session() as session,
        Progress(
            TextColumn("verifying store"), BarColumn(), MofNCompleteColumn(), transient=True
        ) as bar,
    ):
        task = bar.add_task("store", total=None)
        options = CheckpointOptions(
            copy=checkpoints_file, trusted_keys=_trusted_keys(cfg, session, checkpoints_file)
        )
        report = verify_store(
            session,
            cfg.warc_dir,
            cfg.blob_dir,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
            checkpoints=options,
        )
    click.echo(
        f"captures {report.captures}, WARC records {report.records}, blobs {report.blobs}, "
        f"audit entries {report.audit_entries}, checkpoints {report.checkpoints}"
        + (f" (from {checkpoints_file})" if checkpoints_file else "")
    )
    for note in report.notes:
        click.echo(f"  note: {note}")
    if report.ok:
        click.echo(
            "VERDICT: OK - the capture and audit chains are unbroken, every record and blob "
            "re-hashes and agrees with its row, and every checkpoint holds."
        )
        return
    click.echo(f"VERDICT: FAILED - {len(report.problems)} problem(s):")
    for problem in report.problems:
        click.echo(f"  FAIL {problem}")
    raise SystemExit(1)


def _trusted_keys(cfg: AppConfig, session: Session, copy: Path | None) -> tuple[bytes, ...]:
    """Checkpoints must be signed by this data dir's key; loaded only when there are some
    (loading creates the key in a data dir that never had one)."""
    if copy is None and session.scalar(select(func.count(ChainCheckpoint.id))) == 0:
        return ()
    return (load_or_create_key(cfg.keys_dir).public_der,)


def register(group: click.Group) -> None:
    group.add_command(verify_cmd)
