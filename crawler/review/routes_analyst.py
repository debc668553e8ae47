"""Analyst pages: search, the watchlist (it names victims) and exports."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import or_, select

from crawler.review import audit
from crawler.review.web import AnalystReviewer, client_addr, database, render
from storage.models import Account, Export, Platform, WatchlistPerson

router = APIRouter()
SEARCH_LIMIT = 50
WATCHLIST_PAGE = 200


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, reviewer: AnalystReviewer, q: str = "") -> Response:
    q = q.strip()[:200]
    results: list[tuple[Account, str]] = []
    if q:
        pattern = _like(q)
        with database(request).session() as session:
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


@router.get("/watchlist", response_class=HTMLResponse)
def watchlist(request: Request, reviewer: AnalystReviewer, after: str = "") -> Response:
    with database(request).session() as session:
        query = select(WatchlistPerson).order_by(WatchlistPerson.id)
        if after:
            query = query.where(WatchlistPerson.id > after)
        people = list(session.scalars(query.limit(WATCHLIST_PAGE + 1)))
        audit.record(
            session,
            user=reviewer.user,
            action="view_watchlist",
            detail={"after": after or None},
            remote_addr=client_addr(request),
        )
    next_after = people[WATCHLIST_PAGE - 1].id if len(people) > WATCHLIST_PAGE else ""
    return render(
        request,
        "watchlist.html",
        {"people": people[:WATCHLIST_PAGE], "next_after": next_after},
        reviewer=reviewer,
    )


@router.get("/exports", response_class=HTMLResponse)
def exports(request: Request, reviewer: AnalystReviewer) -> Response:
    with database(request).session() as session:
        rows = list(session.scalars(select(Export).order_by(Export.created_at.desc()).limit(200)))
    return render(request, "exports.html", {"exports": rows}, reviewer=reviewer)
