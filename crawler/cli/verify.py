"""`mimamori verify`: check an evidence bundle, or the whole store's capture chain."""

from __future__ import annotations

import hashlib
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from sqlalchemy.exc import SQLAlchemyError

from storage.config import AppConfig
from storage.db import Database, open_database
from storage.timestamps import check_tokens
from storage.verify.bundle import RecordedExport, format_report, recorded_exports, verify_file
from storage.verify.store import StoreProblem, verify_store
from storage.verify.trust import key_from_file, trusted_keys


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
    help="Verify this data dir instead: the capture hash chain, "
    "every WARC record it points at, and the stored screenshots/thumbnails.",
)
@click.pass_obj
def verify_cmd(
    cfg: AppConfig,
    bundle: Path | None,
    key_path: Path | None,
    expected_sha256: str | None,
    store: bool,
) -> None:
    """Check a WACZ evidence bundle (every file's SHA-256, datapackage, digest, signature
    and who signed it) or, with --store, the local evidence store. Exit status 0 only when
    everything holds and the signer's key is trusted; 1 when something fails (each failing
    file is named); 3 when nothing fails but the key is not one you trust."""
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


def register(group: click.Group) -> None:
    group.add_command(verify_cmd)
