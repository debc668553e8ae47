"""`mimamori profile`: list the site profiles, check one (offline or live), write the reference.

`check` without `--live` only reads the file; `--live` fetches a few pages through the crawl
engine into a throwaway data dir (crawler/profile_check.py), never the operator's store.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from crawler.cli.crawl import parse_vars
from spiders.profile import (
    BUNDLED_PROFILES_DIR,
    Profile,
    ProfileError,
    load_profile,
)
from spiders.profile.loading import check_profile_text
from storage.config import AppConfig


@click.group("profile")
def profile_group() -> None:
    """Site profiles: list them, check one before crawling, write docs/profiles.md."""


def _profile_files(cfg: AppConfig) -> list[tuple[str, Path]]:
    found = [("bundled", p) for p in sorted(BUNDLED_PROFILES_DIR.glob("*.yaml"))]
    if cfg.profiles_dir.is_dir():
        found += [("operator", p) for p in sorted(cfg.profiles_dir.glob("*.y*ml"))]
    return found


def _list_row(origin: str, path: Path) -> dict[str, Any]:
    row: dict[str, Any] = {"name": path.stem, "origin": origin, "path": str(path)}
    try:
        profile = check_profile_text(path.read_text(encoding="utf-8"), str(path), {})[0]
    except (ProfileError, OSError, UnicodeDecodeError) as exc:
        first = str(exc).splitlines()
        row.update(valid=False, problem=first[-1].strip() if first else "unreadable")
        return row
    row.update(
        valid=True,
        name=profile.name,
        platform=profile.platform,
        display_name=profile.display_name,
        confirmed=profile.confirmed.isoformat() if profile.confirmed else None,
        notes=profile.notes,
    )
    return row


@profile_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON list (for scripts).")
@click.pass_obj
def list_cmd(cfg: AppConfig, as_json: bool) -> None:
    """Bundled profiles and the operator's own (DATA_DIR/profiles), with their platform,
    the date their structure was last confirmed and their notes."""
    rows = [_list_row(origin, path) for origin, path in _profile_files(cfg)]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="site profiles")
    for column in ("name", "platform", "from", "confirmed", "notes"):
        table.add_column(column)
    for row in rows:
        if not row["valid"]:
            table.add_row(row["name"], "", row["origin"], "", f"[red]invalid:[/] {row['problem']}")
            continue
        table.add_row(
            row["name"],
            row["platform"],
            row["origin"],
            row["confirmed"] or "not recorded",
            row["notes"] or "",
        )
    Console().print(table)
    click.echo("check one with: mimamori profile check NAME_OR_FILE [--live]")


def _read(file: str, cfg: AppConfig) -> tuple[str, str]:
    """The text of a profile given by path or by name (operator's, then bundled)."""
    path = Path(file)
    if not path.exists() and not file.endswith((".yaml", ".yml")):
        for folder in (cfg.profiles_dir, BUNDLED_PROFILES_DIR):
            if (folder / f"{file}.yaml").exists():
                path = folder / f"{file}.yaml"
                break
    if path.is_dir():
        raise click.ClickException(f"{file} is a folder; give a profile's YAML file")
    if not path.exists():
        names = ", ".join(p.stem for p in sorted(BUNDLED_PROFILES_DIR.glob("*.yaml")))
        raise click.ClickException(
            f"no profile file {file!r}. Give the path of a YAML file, or the name of a "
            f"bundled or operator profile (bundled: {names}; `mimamori profile list` shows all)"
        )
    try:
        return path.read_text(encoding="utf-8"), str(path)
    except UnicodeDecodeError:
        raise click.ClickException(f"{path} is not UTF-8 text; save the profile as UTF-8") from None


@profile_group.command("check")
@click.argument("file", metavar="FILE")
@click.option("--live", is_flag=True, help="Also fetch a few pages and show what each field got.")
@click.option("--var", "variables", multiple=True, metavar="NAME=VALUE", help="Set a ${NAME}.")
@click.option(
    "--pages",
    default=8,
    show_default=True,
    type=click.IntRange(1, 50),
    help="--live: at most this many pages, and at most 2 per link rule (a site with few "
    "rules gives fewer pages).",
)
@click.option("--json", "as_json", is_flag=True, help="--live: the page reports as JSON.")
@click.pass_obj
def check_cmd(
    cfg: AppConfig, file: str, live: bool, variables: tuple[str, ...], pages: int, as_json: bool
) -> None:
    """Validate FILE (a profile YAML, or a profile's name) without crawling; exits 1 and says
    what to fix when it is invalid. With --live, fetch up to --pages pages from its start
    URLs (nothing is stored) and print, per page, its kind and what every field extracted."""
    text, source = _read(file, cfg)
    values = parse_vars(variables)
    try:
        profile, unset = check_profile_text(text, source, values)
    except ProfileError as exc:
        raise click.ClickException(
            f"{exc}\nfix what is named above, then run `mimamori profile check {file}` again "
            "(every field is described in docs/profiles.md)"
        ) from None
    if not live:
        _print_valid(profile, source, unset, file, values)
        return
    if unset:
        flags = " ".join(f"--var {name}=VALUE" for name in unset)
        raise click.ClickException(
            f"{source} uses {', '.join('${' + n + '}' for n in unset)}, which are not set; "
            f"a live check needs them: add {flags} (or set the environment variables)"
        )
    from crawler.cli.profile_live import run_live_check

    run_live_check(load_profile(source, values), pages=pages, as_json=as_json)


def _print_valid(
    profile: Profile, source: str, unset: list[str], file: str, given: dict[str, str]
) -> None:
    kinds = ", ".join(sorted({rule.kind for rule in profile.links}))
    click.echo(
        f"ok: {source} is a valid profile: {profile.name} (platform {profile.platform}), "
        f"{len(profile.links)} link rules ({kinds}), {len(profile.start_urls)} start URLs"
        + (f", {len(profile.search.keywords)} search keywords" if profile.search else "")
    )
    if unset:
        names = ", ".join("${" + n + "}" for n in unset)
        click.echo(f"note: {names} not set; checked with a placeholder URL")
    hint = " ".join(
        [*(f"--var {n}={v}" for n, v in given.items()), *(f"--var {n}=VALUE" for n in unset)]
    )
    click.echo(
        f"next: `mimamori profile check {file} --live {hint}`".replace("  ", " ")
        + " shows what each selector extracts"
    )


@profile_group.command("docs")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output (e.g. docs/profiles.md).",
)
def docs_cmd(output: Path | None) -> None:
    """Print the profile reference (docs/profiles.md), generated from the schema."""
    from spiders.profile.reference import reference_markdown

    text = reference_markdown()
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}")


def register(group: click.Group) -> None:
    group.add_command(profile_group)
