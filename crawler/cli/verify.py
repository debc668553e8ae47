"""`mimamori verify`: check an evidence bundle, or the whole store's capture chain."""

from __future__ import annotations

import hashlib
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from storage.config import AppConfig
from storage.db import Database, open_database, pending_migrations
from storage.models import ChainCheckpoint
from storage.timestamps import authority_certificates_pem, check_tokens, trusted_roots
from storage.timestamps.checkpoint_time import checkpoint_time_check
from storage.verify.bundle import RecordedExport, format_report, recorded_exports, verify_file
from storage.verify.checkpoints import CheckpointOptions
from storage.verify.store import StoreProblem, verify_store
from storage.verify.trust import key_from_file, own_keys, trusted_keys


@click.command("verify")
@click.argument("bundle", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--key",
    "key_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The signer's public key (PEM) you received separately. Without it, only this "
    "data dir's own keys and the ones pinned with `mimamori keys trust` are trusted.",
)
@click.option(
    "--sha256",
    "expected_sha256",
    metavar="HEX",
    help="The whole file's SHA-256 as printed at export; catches a re-zipped or reordered "
    "bundle. Without it, the digest this data dir recorded for a file of that name is used.",
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
    expected_sha256: str | None,
    store: bool,
    checkpoints_file: Path | None,
) -> None:
    """Check a WACZ evidence bundle (every file's SHA-256, datapackage, digest, signature
    and who signed it) or, with --store, the local evidence store (capture and audit chains,
    WARC records, blobs, checkpoints, trusted timestamps). Exit status 0 only when
    everything holds and the signer's key is trusted; 1 when something fails (each failing
    file is named); 3 when nothing fails but the key is not one you trust."""
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
    code = _verify_bundle(cfg, bundle, key_path, expected_sha256)
    if code:
        raise SystemExit(code)


def _verify_bundle(
    cfg: AppConfig, bundle: Path, key_path: Path | None, expected_sha256: str | None
) -> int:
    """Check the bundle against the keys this data dir trusts; print the report."""
    try:
        given = key_from_file(key_path) if key_path else None
        known = trusted_keys(cfg.keys_dir)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if expected_sha256 is None:
        expected_sha256 = _recorded_sha256(cfg, bundle)
    report = verify_file(
        bundle,
        given.der if given else None,
        key_label=given.source if given else "--key",
        trusted=known,
        expected_sha256=expected_sha256,
        authority_roots=authority_certificates_pem(cfg) or None,
    )
    click.echo(format_report(report))
    if report.ok and report.signature_valid and not report.key_source:
        click.echo(
            "To trust this signer from now on, get their public key over another channel and "
            "pin it: mimamori keys trust FILE.pem"
        )
    return report.exit_code


def _recorded_sha256(cfg: AppConfig, bundle: Path) -> str | None:
    """The SHA-256 this data dir recorded when it exported a file of this name, if any."""
    exports = _lookup_exports(cfg, bundle.name)
    if not exports:
        return None
    actual = _file_sha256(bundle)
    match = next((e for e in exports if e.sha256 == actual), exports[0])
    click.echo(
        f"Expected SHA-256 from export #{match.export_id} of {match.path} "
        f"({match.created_at:%Y-%m-%d %H:%M} UTC): {match.sha256}"
    )
    return match.sha256


def _lookup_exports(cfg: AppConfig, name: str) -> list[RecordedExport]:
    sqlite_file = cfg.db_url.removeprefix("sqlite:///") if cfg.db_url.startswith("sqlite") else ""
    if sqlite_file and not Path(sqlite_file).exists():
        return []  # no database here (a recipient's fresh data dir): nothing recorded
    database = Database(cfg.db_url, migrate=False)
    try:
        with database.session() as session:
            return recorded_exports(session, name)
    except SQLAlchemyError:
        return []  # a database without the exports table has recorded nothing either
    finally:
        database.dispose()


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


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
        roots = trusted_roots(cfg)
        options = CheckpointOptions(
            copy=checkpoints_file,
            trusted_keys=_trusted_keys(cfg, session, checkpoints_file),
            check_timestamp=checkpoint_time_check(roots) if roots else None,
        )
        report = verify_store(
            session,
            cfg.warc_dir,
            cfg.blob_dir,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
            checkpoints=options,
        )
    times = check_tokens(cfg, database)
    report.problems += [StoreProblem(None, "trusted time", p) for p in times.problems]
    click.echo(
        f"captures {report.captures}, WARC records {report.records}, blobs {report.blobs}, "
        f"audit entries {report.audit_entries}, checkpoints {report.checkpoints}"
        + (f" (from {checkpoints_file})" if checkpoints_file else "")
    )
    click.echo("\n".join(times.lines(include_problems=False)))
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
    """Checkpoints must be signed by one of this data dir's own keys (an older P-256 key
    signed the checkpoints made before the move to P-384)."""
    if copy is None and session.scalar(select(func.count(ChainCheckpoint.id))) == 0:
        return ()
    return tuple(key.der for key in own_keys(cfg.keys_dir))


def register(group: click.Group) -> None:
    group.add_command(verify_cmd)
