"""The reviewer's pages: queue, one item, decisions, account timeline, dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from crawler.review import locking, notice_cookie, queue
from crawler.review.consensus import DecisionNotice, load_notice, state_sentence
from crawler.review.dashboard import load_dashboard
from crawler.review.decisions import OPEN_FOR_VOLUNTEERS, DecisionRefused, decide
from crawler.review.evidence import item_decisions, load_account_evidence, load_account_page
from crawler.review.i18n import N_, _
from crawler.review.missed_names import taught_notice
from crawler.review.roles import is_analyst
from crawler.review.seller_links import SellerLinks, comeback_of_minor_risk, load_seller_links
from crawler.review.undo import UndoRefused, undo_decision
from crawler.review.web import (
    CsrfReviewer,
    Reviewer,
    SignedInReviewer,
    client_addr,
    database,
    render,
    writing,
)
from storage import audit
from storage.cases import account_has_minor_risk
from storage.export import formats
from storage.models import Decision, Flag, Platform, utcnow

router = APIRouter()

MINOR_ONLY_ANALYSTS = N_("Items that may involve a minor are handled by analysts only.")


def _now(request: Request) -> datetime:
    """The app's clock: tests set `app.state.clock` to check the undo window without waiting."""
    clock = getattr(request.app.state, "clock", None)
    return clock() if clock is not None else utcnow()


def _notice(request: Request, reviewer: Reviewer) -> DecisionNotice | None:
    decision_id = notice_cookie.carried_id(request)
    if decision_id is None:
        return None
    with database(request).session() as session:
        return load_notice(session, decision_id, reviewer.user.id, _now(request))


def _parse_filter(
    reviewer: Reviewer, platform: str, min_score: str, minor: str, status: str
) -> queue.QueueFilter:
    try:
        score = float(min_score) if min_score.strip() else None
    except ValueError:
        score = None
    return queue.QueueFilter(
        platform=platform.strip() or None,
        min_score=score,
        minor={"yes": True, "no": False}.get(minor) if is_analyst(reviewer.role) else None,
        status=status if status in queue.STATUSES else None,
    )


@router.get("/", include_in_schema=False)
def home(reviewer: SignedInReviewer) -> Response:
    return RedirectResponse("/queue", status_code=303)


@router.get("/queue", response_class=HTMLResponse)
def queue_page(
    request: Request,
    reviewer: SignedInReviewer,
    platform: str = "",
    min_score: str = "",
    minor: str = "",
    status: str = "",
    after: str = "",
) -> Response:
    filt = _parse_filter(reviewer, platform, min_score, minor, status)
    notice = _notice(request, reviewer)
    with database(request).session() as session:
        page = queue.load_page(session, reviewer.viewer, filt, queue.Cursor.decode(after))
        platforms = list(
            session.execute(
                select(Platform.key, Platform.display_name).order_by(Platform.display_name)
            )
        )
    response = render(
        request,
        "queue.html",
        {
            "page": page,
            "filter": filt,
            "platforms": platforms,
            "statuses": queue.STATUSES if is_analyst(reviewer.role) else queue.VOLUNTEER_STATUSES,
            "after": after,
            "count_cap": queue.COUNT_CAP,
            "notice": notice,
        },
        reviewer=reviewer,
    )
    notice_cookie.clear(request, response)
    return response


@router.get("/queue/next", include_in_schema=False)
def next_item(request: Request, reviewer: SignedInReviewer, after: str = "") -> Response:
    with database(request).session() as session:
        flag_id = queue.first_open(session, reviewer.viewer, queue.Cursor.decode(after))
        if flag_id is None and after:
            # Reached the oldest item: wrap around to anything newer that is still open.
            flag_id = queue.first_open(session, reviewer.viewer)
    if flag_id is None:
        return RedirectResponse("/queue?done=1", status_code=303)
    return RedirectResponse(f"/review/{flag_id}", status_code=303)


@router.get("/queue/next-free", include_in_schema=False)
def next_free_item(request: Request, reviewer: SignedInReviewer, leaving: str = "") -> Response:
    """From an item someone else is reviewing: the next one this reviewer can take."""
    with database(request).session() as session:
        leaving_id = int(leaving) if leaving.isdigit() and len(leaving) < 12 else 0
        flag_id = queue.next_free(session, reviewer.viewer, leaving_id)
    if flag_id is None:
        return RedirectResponse("/queue?done=1", status_code=303)
    return RedirectResponse(f"/review/{flag_id}", status_code=303)


def _load_flag(session, flag_id: int, reviewer: Reviewer) -> Flag:  # type: ignore[no-untyped-def]
    flag = session.get(Flag, flag_id)
    if flag is None:
        raise HTTPException(status_code=404, detail=_("There is no such item."))
    if not is_analyst(reviewer.role) and (
        # The account is the unit of review: one minor-risk flag keeps volunteers off all of it.
        flag.minor_risk or account_has_minor_risk(session, flag.account_id)
    ):
        raise HTTPException(status_code=403, detail=_(MINOR_ONLY_ANALYSTS))
    if not is_analyst(reviewer.role) and comeback_of_minor_risk(session, flag.account_id):
        # A comeback names its earlier account: one that may involve a minor stays hidden.
        raise HTTPException(status_code=403, detail=_(MINOR_ONLY_ANALYSTS))
    return flag


@dataclass(frozen=True)
class OpenedItem:
    flag: Flag
    already_decided: bool
    can_decide: bool
    lock: locking.LockState | None


def _open_item(request: Request, reviewer: Reviewer, flag_id: int) -> OpenedItem:
    """The short write of opening an item: check access, take the soft lock, audit the view."""
    viewer = reviewer.viewer
    with writing(request) as session:
        flag = _load_flag(session, flag_id, reviewer)
        already = session.scalar(
            select(Decision.id).where(
                Decision.flag_id == flag.id, Decision.user_id == viewer.user_id
            )
        )
        can_decide = flag.status not in ("confirmed", "dismissed") and (
            is_analyst(reviewer.role) or (flag.status in OPEN_FOR_VOLUNTEERS and already is None)
        )
        now = _now(request)
        lock = locking.acquire(session, flag.id, viewer.user_id, now) if can_decide else None
        session.refresh(flag)
        audit.record(
            session,
            user=reviewer.user,
            action="view_evidence",
            target_type="flag",
            target_id=flag.id,
            detail={"account_id": flag.account_id},
            remote_addr=client_addr(request),
        )
    return OpenedItem(flag, already is not None, can_decide, lock)


@router.get("/review/{flag_id}", response_class=HTMLResponse)
def review_item(
    request: Request,
    reviewer: SignedInReviewer,
    flag_id: int,
    undone: str = "",
    named: str = "",
    added: int = 0,
    item_named: int = 0,
    found: int = 0,
    person: str = "",
    written: str = "",
    name_undone: str = "",
) -> Response:
    viewer = reviewer.viewer
    opened = _open_item(request, reviewer, flag_id)
    flag, lock = opened.flag, opened.lock
    # The evidence is read after the write committed, in a plain read transaction, so the
    # write lock is held only for the few statements above.
    with database(request).session() as session:
        evidence = load_account_evidence(session, flag.account_id, flag)
        links = load_seller_links(session, flag.account_id, analyst=is_analyst(reviewer.role))
        earlier = queue.earlier_accounts(session, [flag.related_account_id])
        decisions = item_decisions(session, flag.id)
        older = queue.neighbour(session, viewer, flag, older=True)
        newer = queue.neighbour(session, viewer, flag, older=False)
        carried = notice_cookie.carried_id(request)
        notice = load_notice(session, carried, viewer.user_id, _now(request))
        taught = (
            taught_notice(
                session,
                named,
                flag_id=flag.id,
                added=added,
                item_named=item_named,
                found=found,
            )
            if named and is_analyst(reviewer.role)
            else None
        )
    response = render(
        request,
        "item.html",
        {
            "flag": flag,
            "ev": evidence,
            "decisions": decisions,
            "lock": lock,
            "can_decide": opened.can_decide and lock is not None and lock.mine,
            "already_decided": opened.already_decided,
            "next_url": f"/review/{older}" if older else "",
            "prev_url": f"/review/{newer}" if newer else "",
            "cursor": queue.Cursor.of(flag).encode(),
            "consensus": state_sentence(flag.status, decisions),
            "notice": notice,
            "undone": undone == "1",
            "taught": taught,
            "missed_typed": (person, written) if is_analyst(reviewer.role) else None,
            "name_undone": name_undone if name_undone in ("1", "2", "3") else "",
            "links": links,
            "comes_back_after": earlier.get(flag.related_account_id or 0),
        },
        reviewer=reviewer,
    )
    _audit_links(request, reviewer, links)
    notice_cookie.clear(request, response)
    return response


def _audit_links(request: Request, reviewer: Reviewer, links: SellerLinks) -> None:
    """The linked accounts' evidence shown beside an account is an evidence view of its own,
    written after the read like the account page's entry."""
    if not links.linked:
        return
    with writing(request) as session:
        audit.record(
            session,
            user=reviewer.user,
            action="view_seller_links",
            target_type="account",
            target_id=links.account_id,
            detail={"linked_accounts": links.shown_ids, "pairs": len(links.pairs)},
            remote_addr=client_addr(request),
        )


@router.post("/review/{flag_id}/decision")
def post_decision(
    request: Request,
    reviewer: CsrfReviewer,
    flag_id: int,
    decision: str = Form(""),
    note: str = Form(""),
) -> Response:
    try:
        with writing(request) as session:
            flag = _load_flag(session, flag_id, reviewer)
            cursor = queue.Cursor.of(flag).encode()
            outcome = decide(
                session,
                flag_id=flag_id,
                user=reviewer.user,
                decision=decision,
                note=note,
                remote_addr=client_addr(request),
                now=_now(request),
            )
    except DecisionRefused as refused:
        return render(
            request,
            "error.html",
            {"message": refused.reason, "back": f"/review/{flag_id}"},
            reviewer=reviewer,
            status_code=403 if refused.forbidden else 409,
        )
    # The message about it is written by the page this leads to (crawler/review/notice_cookie.py).
    response = RedirectResponse(f"/queue/next?after={quote(cursor)}", status_code=303)
    notice_cookie.carry(request, response, outcome.decision_id)
    return response


@router.post("/decisions/{decision_id}/undo")
def undo(request: Request, reviewer: CsrfReviewer, decision_id: int) -> Response:
    """Withdraw the reviewer's own decision within its window; the item is theirs again."""
    try:
        with writing(request) as session:
            undone = undo_decision(
                session,
                decision_id=decision_id,
                user=reviewer.user,
                now=_now(request),
                remote_addr=client_addr(request),
            )
    except UndoRefused as refused:
        return render(
            request,
            "error.html",
            {"message": refused.reason, "back": "/queue"},
            reviewer=reviewer,
            status_code=403 if refused.forbidden else 409,
        )
    return RedirectResponse(f"/review/{undone.flag_id}?undone=1", status_code=303)


@router.post("/review/{flag_id}/skip")
def skip_item(request: Request, reviewer: CsrfReviewer, flag_id: int) -> Response:
    with writing(request) as session:
        flag = _load_flag(session, flag_id, reviewer)
        locking.release(session, flag.id, reviewer.user.id)
        cursor = queue.Cursor.of(flag).encode()
    return RedirectResponse(f"/queue/next?after={quote(cursor)}", status_code=303)


@router.get("/accounts/{account_id}", response_class=HTMLResponse)
def account_page(
    request: Request, reviewer: SignedInReviewer, account_id: int, posts_after: str = ""
) -> Response:
    with database(request).session() as session:
        if not is_analyst(reviewer.role) and (
            account_has_minor_risk(session, account_id)
            or comeback_of_minor_risk(session, account_id)
        ):
            raise HTTPException(status_code=403, detail=_(MINOR_ONLY_ANALYSTS))
        page = load_account_page(session, account_id, posts_after or None)
        if page is None:
            raise HTTPException(status_code=404, detail=_("There is no such account."))
        links = load_seller_links(session, account_id, analyst=is_analyst(reviewer.role))
    with writing(request) as session:
        audit.record(
            session,
            user=reviewer.user,
            action="view_account",
            target_type="account",
            target_id=account_id,
            remote_addr=client_addr(request),
        )
    _audit_links(request, reviewer, links)
    return render(
        request,
        "account.html",
        {
            "page": page,
            "ev": page.evidence,
            "export_formats": formats.exporters(),
            "links": links,
        },
        reviewer=reviewer,
    )


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(request: Request, reviewer: SignedInReviewer) -> Response:
    with database(request).session() as session:
        data = load_dashboard(session, include_minor=is_analyst(reviewer.role))
    return render(request, "dashboard.html", {"dash": data}, reviewer=reviewer)
