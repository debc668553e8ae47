"""`mimamori keys`: the signers this data dir trusts when it verifies a bundle.

`mimamori verify` never trusts the key that came inside a bundle; it trusts this data dir's
own signing keys and the public keys pinned here, which an operator received from the
signer over another channel (docs/evidence.md, "Signatures and keys").
"""

from __future__ import annotations

from pathlib import Path

import click

from storage.config import AppConfig
from storage.verify.trust import own_keys, pinned_keys, trust_key, untrust_key


@click.group("keys")
def keys_group() -> None:
    """Signers' public keys this data dir trusts (mimamori verify never trusts the key
    that came inside a bundle)."""


@keys_group.command("trust")
@click.argument("key_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--label", help="Who this key belongs to, shown by `keys list` and `verify`.")
@click.pass_obj
def keys_trust(cfg: AppConfig, key_file: Path, label: str | None) -> None:
    """Pin a signer's public key (PEM). Check its fingerprint with the signer first, over a
    channel other than the one the bundle came by."""
    try:
        key = trust_key(cfg.keys_dir, key_file.read_bytes(), label or key_file.stem)
    except ValueError as exc:
        raise click.ClickException(f"{key_file}: {exc}") from exc
    click.echo(f"trusted {key.fingerprint} ({key.source})")


@keys_group.command("list")
@click.pass_obj
def keys_list(cfg: AppConfig) -> None:
    """This data dir's own signing keys and the pinned keys, with their fingerprints."""
    keys = own_keys(cfg.keys_dir) + pinned_keys(cfg.keys_dir)
    if not keys:
        click.echo("no trusted keys yet (the signing key is made at the first export)")
    for key in keys:
        click.echo(f"{key.fingerprint}  {key.source}")


@keys_group.command("untrust")
@click.argument("fingerprint")
@click.pass_obj
def keys_untrust(cfg: AppConfig, fingerprint: str) -> None:
    """Remove a pinned key by its fingerprint (as `keys list` prints it)."""
    if not untrust_key(cfg.keys_dir, fingerprint):
        raise click.ClickException(f"no pinned key has fingerprint {fingerprint}")
    click.echo(f"no longer trusted: {fingerprint}")


def register(group: click.Group) -> None:
    group.add_command(keys_group)
