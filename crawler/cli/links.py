"""`mimamori links`: seller clusters (accounts the linking rule joined) and their edges.

Read through storage.links, like the review page and the cluster export. Scraped handles,
names and values are printed with control characters shown as escapes, so a seller's
handle cannot move the cursor, recolour or rewrite the operator's terminal.
"""

from __future__ import annotations

import json
import re
from typing import Any

import click

from storage.config import AppConfig
from storage.db import open_database
from storage.findings.scraped_text import show_bidi_controls

# C0 and C1 control characters (ESC starts a terminal sequence) and DEL.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def plain(value: object) -> str:
    """Scraped text safe for a terminal: controls as \\xNN, direction controls as ⟨RLO⟩."""
    text = show_bidi_controls(str(value if value is not None else ""))
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _cluster_json(session: Any, ids: list[int]) -> dict[str, Any]:
    from storage.links import members, pairs_within
    from storage.links.records import edge_record, member_record, pair_record

    pairs = pairs_within(session, ids, joined_only=False)
    return {
        "accounts": [member_record(m) for m in members(session, ids)],
        "pairs": [{**pair_record(p), "edges": [edge_record(e) for e in p.edges]} for p in pairs],
    }


def _account_line(account: dict[str, Any]) -> str:
    status = account["status"] or "not flagged"
    extras = (" minor-risk" if account["minor_risk"] else "") + (" gone" if account["gone"] else "")
    name = f' "{plain(account["display_name"])}"' if account["display_name"] else ""
    return (
        f"  #{account['id']} {plain(account['platform'])} @{plain(account['handle'] or '')}"
        f"{name} [{status}{extras}]"
    )


def _text(cluster: dict[str, Any]) -> list[str]:
    accounts = cluster["accounts"]
    handles = {a["id"]: f"#{a['id']} @{plain(a['handle'] or '')}" for a in accounts}
    joined = sum(1 for p in cluster["pairs"] if p["joined"])
    lines = [f"seller cluster: {len(accounts)} accounts, {joined} joined pair(s)"]
    lines += [_account_line(a) for a in accounts]
    for pair in cluster["pairs"]:
        verdict = "joined" if pair["joined"] else "not joined"
        lines.append(
            f"  {handles[pair['account_a_id']]} <-> {handles[pair['account_b_id']]}: "
            f"{verdict}, score {pair['score']:.2f}"
        )
        if pair["why"]:
            lines.append(f"      why: {plain(pair['why'])}")
        for edge in pair["edges"]:
            sort = f"/{edge['value_kind']}" if edge["value_kind"] else ""
            close = f" ({edge['similarity']:g})" if edge["similarity"] is not None else ""
            lines.append(f"      {edge['kind']}{sort}: {plain(edge['value'])}{close}")
    return lines


@click.group("links", invoke_without_command=True)
@click.option(
    "--account", "account_id", type=int, metavar="ID", help="Only this account's cluster."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=50,
    show_default=True,
    help="Clusters listed at most.",
)
@click.pass_context
def links_group(ctx: click.Context, account_id: int | None, as_json: bool, limit: int) -> None:
    """List seller clusters (accounts the linking rule joined) with each pair's edges.

    \b
    Examples:
      mimamori links
      mimamori links --account 12 --json
      mimamori links rebuild
    """
    if ctx.invoked_subcommand is not None:
        return
    from storage.links import ClusterTooLarge, UnknownAccount, all_clusters, cluster_of

    cfg: AppConfig = ctx.obj
    database = open_database(cfg)
    try:
        with database.session() as session:
            if account_id is not None:
                try:
                    groups = [cluster_of(session, account_id)]
                except (UnknownAccount, ClusterTooLarge) as exc:
                    raise click.ClickException(str(exc)) from exc
            else:
                groups = all_clusters(session)
            total = len(groups)
            clusters = [_cluster_json(session, ids) for ids in groups[:limit]]
    finally:
        database.dispose()
    if as_json:
        click.echo(json.dumps({"clusters": clusters, "total": total}, ensure_ascii=False, indent=2))
        return
    if not clusters:
        click.echo("no seller clusters: no two accounts are joined")
    for cluster in clusters:
        click.echo("\n".join(_text(cluster)))
    if total > len(clusters):
        click.echo(f"... {total - len(clusters)} more cluster(s); raise --limit to list them")


@links_group.command("rebuild")
@click.pass_obj
def rebuild(cfg: AppConfig) -> None:
    """Find every account's edges again and re-judge every pair under the current rule."""
    # Loaded only here: listing clusters needs none of the linking machinery.
    from crawler.link.run_step import relink_all

    database = open_database(cfg)
    try:
        with database.session() as session:
            outcome = relink_all(session)
    finally:
        database.dispose()
    click.echo(
        f"links rebuilt: {outcome['accounts']} accounts, {outcome['identifiers']} ids, "
        f"{outcome['edges']} edges, {outcome['pairs']} pairs of which {outcome['joined']} "
        f"joined, {outcome['comebacks']} new comeback flag(s), in {outcome['seconds']:.1f} s"
    )


def register(group: click.Group) -> None:
    group.add_command(links_group)
