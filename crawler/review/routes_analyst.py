"""Analyst pages: search and exports (the watchlist has routes_watchlist)."""

from __future__ import annotations

import secrets
from pathlib import Path

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from crawler.detect.families import shipped_display_table
from crawler.review.export_list import inside_folder, load_export_rows
from crawler.review.i18n import _
from crawler.review.roles import is_analyst
from crawler.review.web import AnalystReviewer, CsrfReviewer, client_addr, database, render, writing
from storage import audit
from storage.export import formats
from storage.export.errors import EvidenceDamagedError
from storage.export.request import ExportRequest
from storage.links import ClusterTooLarge, cluster_of
from storage.models import Account, Export, Platform, utcnow

router = APIRouter()
SEARCH_LIMIT = 50
EXPORTS_PAGE = 200


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, reviewer: AnalystReviewer, q: str = "") -> Response:
    q = q.strip()[:200]
    results: list[tuple[Account, str]] = []
    if q:
        pattern = _like(q)
        with writing(request) as session:
            results = [
                (account, platform)
                for account, platform in session.execute(
                    select(Account, Platform.display_name)
                    .join(Platform, Platform.id == Account.platform_id)
                    .where(
                        or_(
                            Account.handle.ilike(pattern, escape="\\"),
                            Account.display_name.ilike(pattern, escape="\\"),
                            Account.account_key.ilike(pattern, escape="\\"),
                            Account.bio.ilike(pattern, escape="\\"),
                        )
                    )
                    .order_by(Account.last_seen_at.desc())
                    .limit(SEARCH_LIMIT)
                )
            ]
            audit.record(
                session,
                user=reviewer.user,
                action="search",
                detail={"q": q, "results": len(results)},
                remote_addr=client_addr(request),
            )
    return render(
        request,
        "search.html",
        {"q": q, "results": results, "limit": SEARCH_LIMIT},
        reviewer=reviewer,
    )


@router.get("/exports", response_class=HTMLResponse)
def exports(request: Request, reviewer: AnalystReviewer, done: int = 0) -> Response:
    with database(request).session() as session:
        rows = load_export_rows(session, request.app.state.cfg.exports_dir, limit=EXPORTS_PAGE)
    finished = next((row for row in rows if row.id == done), None)
    return render(
        request,
        "exports.html",
        {"exports": rows, "done": finished},
        reviewer=reviewer,
    )


@router.post("/accounts/{account_id}/export")
def export_account(
    request: Request,
    reviewer: CsrfReviewer,
    account_id: int,
    purpose: str = Form("police"),
    format_name: str = Form(formats.DEFAULT_FORMAT, alias="format"),
    scope: str = Form("account"),
) -> Response:
    """An evidence bundle of one account, or with `scope=cluster` of its whole seller
    cluster (the signed WACZ unless the form names another registered format), written into
    the data dir's exports folder. Originals are never included from the web (the CLI asks
    for them explicitly)."""
    if not is_analyst(reviewer.role):
        raise HTTPException(status_code=403, detail=_("Exports are for analysts and admins only."))
    exporter = _exporter(format_name)
    if purpose not in exporter.purposes:
        raise HTTPException(status_code=400, detail=_("Choose who the bundle is for."))
    cfg = request.app.state.cfg
    db = database(request)
    with db.session() as session:
        if session.get(Account, account_id) is None:
            raise HTTPException(status_code=404, detail=_("There is no such account."))
        account_ids = _export_scope(session, account_id, scope)
    stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
    kind = "seller" if scope == "cluster" else "account"
    name = f"{kind}-{account_id}-{stamp}-{secrets.token_hex(3)}{exporter.suffix}"
    try:
        result = exporter.export(
            cfg,
            db,
            # Bundles name reviewers by pseudonym, never by login name.
            ExportRequest(
                account_ids=account_ids,
                cluster_account_id=account_id if scope == "cluster" else None,
                purpose=purpose,
                analyst=reviewer.user.pseudonym,
                requested_by_user_id=reviewer.user.id,
                requested_by=reviewer.user.name,
                remote_addr=client_addr(request),
                via="web",
                families=shipped_display_table(),
            ),
            cfg.exports_dir / name,
        )
    except EvidenceDamagedError as exc:
        raise HTTPException(
            status_code=409,
            detail=_("Evidence in the store is damaged, nothing was exported: %(problem)s.")
            % {"problem": exc},
        ) from exc
    return RedirectResponse(f"/exports?done={result.export_id}", status_code=303)


def _export_scope(session: Session, account_id: int, scope: str) -> list[int]:
    """The account alone, or every account of its seller cluster (an analyst's export:
    minor-risk members included, their pictures withheld as in any bundle)."""
    if scope != "cluster":
        return [account_id]
    try:
        return cluster_of(session, account_id)
    except ClusterTooLarge as exc:
        raise HTTPException(
            status_code=409,
            detail=_(
                "This seller cluster has more than %(limit)d accounts; check the linking rule "
                "before exporting it."
            )
            % {"limit": exc.limit},
        ) from exc


def _exporter(name: str) -> formats.Exporter:
    try:
        return formats.get(name)
    except KeyError as exc:
        raise HTTPException(status_code=400, detail=_("There is no such export format.")) from exc


@router.get("/exports/{export_id}/download")
def download_export(request: Request, reviewer: AnalystReviewer, export_id: int) -> Response:
    exports_dir = request.app.state.cfg.exports_dir.resolve()
    with writing(request) as session:
        row = session.get(Export, export_id)
        if row is None or not inside_folder(Path(row.path), exports_dir):
            raise HTTPException(
                status_code=404, detail=_("This bundle is not in the exports folder.")
            )
        audit.record(
            session,
            user=reviewer.user,
            action="download_export",
            target_type="export",
            target_id=export_id,
            detail={"sha256": row.sha256},
            remote_addr=client_addr(request),
        )
        path = Path(row.path)
    return FileResponse(
        path,
        media_type="application/zip",
        filename=path.name,
        headers={"Cache-Control": "no-store, private"},
    )
