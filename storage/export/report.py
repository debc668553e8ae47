"""Step 6: the report for people (report.html, report.pdf) and its covering page per recipient."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from storage.config import AppConfig
from storage.export.case_summary import (
    account_summary,
    decision_words,
    price_text,
    withheld_words,
)
from storage.export.exhibits import Exhibit, number_exhibits
from storage.export.highlight import highlight
from storage.export.link_chart import KIND_LABELS, link_chart, status_words
from storage.export.print_exhibits import PrintedExhibits, part_path
from storage.export.timefmt import when_en, when_ja
from storage.findings import FamilyTable
from storage.findings.scraped_text import isolate_scraped

PURPOSES = ("police", "platform", "victim")
# A printed report lists this many captures per account; report.html and the CSV list all.
# (WeasyPrint lays out long hash tables slowly: ~40 ms a row.)
PDF_CAPTURE_LIMIT = 40
# ... and pictures this many exhibits per account (the others by number, caption and file):
# each embedded screenshot costs WeasyPrint ~30 ms and the PDF its size.
PDF_EXHIBIT_LIMIT = 6
TEMPLATES = Path(__file__).with_name("templates")
# The PDF resolves the report's relative picture links against this made-up origin, and its
# fetcher answers only for pictures the bundle carries (nothing is fetched from anywhere).
PDF_BASE = "https://bundle.invalid/report/"
_PDF_ROOT = "https://bundle.invalid/"


def scraped(value: object) -> Markup:
    """The one way the report prints text it did not write (names, titles, URLs): escaped,
    isolated in <bdi>, direction controls shown as tokens (storage/findings/scraped_text.py).
    Text that is already Markup (highlighted, so escaped piece by piece) is not escaped again."""
    return isolate_scraped(value)


_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["scraped"] = scraped
_env.filters["when_ja"] = when_ja
_env.filters["when_en"] = when_en
_env.globals["link_chart"] = link_chart
_env.globals["status_words"] = status_words
_env.globals["kind_label"] = lambda kind: KIND_LABELS.get(kind, kind)


def report_view(
    account: dict[str, Any],
    capture_count: int,
    exhibits: Sequence[Exhibit] = (),
    families: FamilyTable | None = None,
) -> dict[str, Any]:
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
        "exhibits": list(exhibits),
        "summary": account_summary(account, families or {}, [e.number for e in exhibits]),
    }


def report_views(
    accounts: list[dict[str, Any]],
    captures_by_account: dict[int, list[int]],
    screenshots: dict[int, str],
    shot_pages: dict[int, tuple[str, datetime | None]],
    families: FamilyTable,
) -> tuple[list[dict[str, Any]], set[str]]:
    """Every account's view with its numbered exhibits, and the exhibits' pictures
    (their blob sha256s) the PDF may embed."""
    exhibits = number_exhibits(
        [a["id"] for a in accounts], captures_by_account, screenshots, shot_pages
    )
    views = [
        report_view(acc, len(captures_by_account.get(acc["id"], [])), exhibits[acc["id"]], families)
        for acc in accounts
    ]
    pictures = {ex.sha256 for shots in exhibits.values() for ex in shots}
    return views, pictures


def report_bundle(bundle_info: dict[str, Any], cfg: AppConfig) -> dict[str, Any]:
    """The bundle facts plus what only the report states: who answers for it, and whether
    a timestamp authority was asked (its tokens are added after the report is written)."""
    return {
        **bundle_info,
        "org_name": cfg.org_name,
        "org_contact": cfg.org_contact,
        "tsa_configured": bool(cfg.tsa_urls),
    }


def render_report(
    *,
    bundle: dict[str, Any],
    accounts: list[dict[str, Any]],
    captures: Callable[[int], Iterator[dict[str, Any]]],
    capture_limit: int | None,
    show_images: bool,
    exhibit_limit: int | None = None,
    printed: PrintedExhibits | None = None,
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
        exhibit_limit=exhibit_limit,
        printed=printed,
        part_path=part_path,
        show_images=show_images,
        hl=highlight,
        price=price_text,
        decision_words=decision_words,
        withheld_words=withheld_words,
    )


def render_pdf(html: str, pictures: Callable[[str], bytes | None] | None = None) -> bytes:
    """PDF via WeasyPrint. Nothing is fetched: `pictures` answers for the bundle's own files
    (bundle path -> bytes, None when it is not one), and every other address is refused."""
    import weasyprint
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class BundleOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            path = url[len(_PDF_ROOT) :] if url.startswith(_PDF_ROOT) else None
            data = pictures(path) if pictures is not None and path else None
            if data is None:
                raise ValueError(f"report PDF does not load external resources ({url[:80]})")
            kind = "image/jpeg" if url.endswith(".jpg") else "image/png"
            return URLFetcherResponse(url, data, headers={"Content-Type": kind})

    return weasyprint.HTML(string=html, url_fetcher=BundleOnly(), base_url=PDF_BASE).write_pdf()
