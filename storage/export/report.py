"""Step 6: the report for people (report.html, report.pdf) and its covering page per recipient."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2

from storage.export.highlight import highlight

PURPOSES = ("police", "platform", "victim")
# A printed report lists this many captures per account; report.html and the CSV list all.
# (WeasyPrint lays out long hash tables slowly: ~40 ms a row.)
PDF_CAPTURE_LIMIT = 40
TEMPLATES = Path(__file__).with_name("templates")

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def report_view(account: dict[str, Any], capture_count: int) -> dict[str, Any]:
    """Adds what the report shows to an exported account record (the record is not changed)."""
    account_reasons: list[dict[str, Any]] = []
    post_reasons: dict[int, list[dict[str, Any]]] = {}
    names: list[str] = []
    for det in account["detections"]:
        reasons = [r for r in det["reasons"] if isinstance(r, dict)]
        if det["post_id"] is None:
            account_reasons.extend(reasons)
        else:
            post_reasons.setdefault(det["post_id"], []).extend(reasons)
        names.extend(p["name"] or p["person_id"] or "" for p in det["people"])
    for flag in account["flags"]:
        names.extend(p["name"] or p["person_id"] or "" for p in flag["people"])
    report_posts = [
        {**post, "reasons": post_reasons[post["id"]]}
        for post in account["posts"]
        if post["id"] in post_reasons
    ]
    return {
        **account,
        "account_reasons": account_reasons,
        "report_posts": report_posts,
        "other_post_count": len(account["posts"]) - len(report_posts),
        "people_named": list(dict.fromkeys(n for n in names if n)),
        "capture_count": capture_count,
        "capture_overflow": False,
    }


def render_report(
    *,
    bundle: dict[str, Any],
    accounts: list[dict[str, Any]],
    captures: Callable[[int], Iterator[dict[str, Any]]],
    capture_limit: int | None,
    show_images: bool,
) -> Iterator[str]:
    """The report as a stream of HTML chunks (captures are pulled from the database lazily)."""
    if bundle["purpose"] not in PURPOSES:
        raise ValueError(f"unknown report purpose {bundle['purpose']!r}; use one of {PURPOSES}")
    views = []
    for acc in accounts:
        view = dict(acc)
        view["capture_overflow"] = (
            capture_limit is not None and acc["capture_count"] > capture_limit
        )
        views.append(view)

    def limited(account_id: int) -> Iterator[dict[str, Any]]:
        for number, cap in enumerate(captures(account_id)):
            if capture_limit is not None and number >= capture_limit:
                return
            yield cap

    template = _env.get_template("report.html.j2")
    return template.generate(
        bundle=bundle,
        accounts=views,
        captures=limited,
        capture_limit=capture_limit,
        show_images=show_images,
        hl=highlight,
    )


def render_pdf(html: str) -> bytes:
    """PDF via WeasyPrint; the page never fetches anything (no images, no network)."""
    import weasyprint

    def refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        raise ValueError(f"report PDF does not load external resources ({url[:80]})")

    return weasyprint.HTML(string=html, url_fetcher=refuse, base_url="about:blank").write_pdf()
