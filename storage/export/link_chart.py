"""The link chart of a seller cluster's report: accounts as boxes, edges as labelled lines.

Drawn here as inline SVG (WeasyPrint renders it in the PDF, browsers in report.html), so
the report needs no chart library and fetches nothing. Accounts sit on an ellipse in id
order; a joined pair is a solid line, a pair the rule did not join a dashed one, each
labelled with its kinds of evidence. Scraped handles are escaped, with direction controls
shown as tokens (storage/findings/scraped_text.py), and cut to fit their box.
"""

from __future__ import annotations

import math
from typing import Any

from markupsafe import Markup, escape

from storage.findings.scraped_text import show_bidi_controls

# Kinds of evidence in both of the report's languages.
KIND_LABELS = {
    "declared": "申告リンク / declared link",
    "identifier": "同じID / same id",
    "image": "同じ画像 / same image",
    "text": "類似文 / similar text",
    "handle": "類似ハンドル / similar handle",
}
# Review states of a cluster's accounts in both languages.
STATUS_LABELS = {
    "new": "未審査 / not yet reviewed",
    "in_review": "審査中 / in review",
    "needs_analyst": "分析担当者待ち / waiting for an analyst",
    "escalated": "分析担当者へ / escalated",
    "confirmed": "確認済み / confirmed",
    "dismissed": "対象外 / dismissed",
}
# Beyond this many accounts the chart is unreadable on a page: it names the count instead.
MAX_NODES = 40
WIDTH = 800
BOX_W, BOX_H = 176, 44
LABEL_CHARS = 22


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    text = show_bidi_controls(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _positions(count: int) -> tuple[list[tuple[float, float]], int]:
    """Box centres on an ellipse, the first at the top, and the drawing's height."""
    if count <= 2:
        points = [(WIDTH / 2 + (i * 2 - (count - 1)) * 200, BOX_H) for i in range(count)]
        return points, int(BOX_H * 2)
    rx = WIDTH / 2 - BOX_W / 2 - 10
    ry = max(120.0, count * 16.0)
    points = [
        (
            WIDTH / 2 + rx * math.cos(-math.pi / 2 + 2 * math.pi * i / count),
            ry + BOX_H * 0.75 + math.sin(-math.pi / 2 + 2 * math.pi * i / count) * ry,
        )
        for i in range(count)
    ]
    return points, int(max(y for _x, y in points) + BOX_H / 2 + 16)


def status_words(status: str | None) -> str:
    if not status:
        return "未検出 / never flagged"
    return STATUS_LABELS.get(status, status)


def _text_width(text: str) -> float:
    # Wide (CJK) characters take about twice the room of Latin ones at the same size.
    return sum(11.0 if ord(ch) > 0x2E80 else 6.2 for ch in text)


def _edge_svg(p1: tuple[float, float], p2: tuple[float, float], label: str, joined: bool) -> str:
    (x1, y1), (x2, y2) = p1, p2
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    width = _text_width(label) + 10
    dash = "" if joined else ' stroke-dasharray="6 4"'
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#333" '
        f'stroke-width="{2.2 if joined else 1.2}"{dash}/>'
        f'<rect x="{mx - width / 2:.1f}" y="{my - 9:.1f}" width="{width:.1f}" height="16" '
        f'fill="#fff" stroke="#999" stroke-width="0.6" rx="3"/>'
        f'<text x="{mx:.1f}" y="{my + 3:.1f}" font-size="10.5" text-anchor="middle" '
        f'class="edge-label">{escape(label)}</text>'
    )


def _node_svg(x: float, y: float, member: dict[str, Any], root: bool) -> str:
    handle = "@" + _short(str(member.get("handle") or member["id"]))
    platform = _short(str(member.get("platform") or ""), 26)
    fill = "#fff4d6" if root else ("#fde2e2" if member.get("minor_risk") else "#eef3fb")
    return (
        f'<g class="node" data-account="{int(member["id"])}">'
        f'<rect x="{x - BOX_W / 2:.1f}" y="{y - BOX_H / 2:.1f}" width="{BOX_W}" '
        f'height="{BOX_H}" rx="6" fill="{fill}" stroke="#333" stroke-width="{1.6 if root else 1}"/>'
        f'<text x="{x:.1f}" y="{y - 5:.1f}" font-size="10.5" text-anchor="middle" '
        f'fill="#444">{escape(platform)} · #{int(member["id"])}</text>'
        f'<text x="{x:.1f}" y="{y + 12:.1f}" font-size="12.5" font-weight="bold" '
        f'text-anchor="middle" class="node-handle">{escape(handle)}</text></g>'
    )


def link_chart(cluster: dict[str, Any]) -> Markup:
    """The chart as an inline <svg> element (empty Markup when there is nothing to draw)."""
    members = cluster.get("members") or []
    if len(members) < 2 or len(members) > MAX_NODES:
        return Markup("")
    points, height = _positions(len(members))
    where = {int(m["id"]): points[i] for i, m in enumerate(members)}
    kinds: dict[tuple[int, int], list[str]] = {}
    for edge in cluster.get("edges") or []:
        key = (int(edge["account_a_id"]), int(edge["account_b_id"]))
        if edge["kind"] not in kinds.setdefault(key, []):
            kinds[key].append(edge["kind"])
    lines = []
    for pair in cluster.get("pairs") or []:
        key = (int(pair["account_a_id"]), int(pair["account_b_id"]))
        if key[0] in where and key[1] in where:
            label = " · ".join(KIND_LABELS.get(k, k) for k in kinds.get(key, []))
            lines.append(_edge_svg(where[key[0]], where[key[1]], label, bool(pair["joined"])))
    root = int(cluster.get("account_id") or 0)
    boxes = [_node_svg(*where[int(m["id"])], m, int(m["id"]) == root) for m in members]
    return Markup(
        f'<svg class="link-chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-label="link chart">{"".join(lines)}{"".join(boxes)}</svg>'
    )
