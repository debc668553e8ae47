"""Admin pages: the audit log (read-only, filterable) and reviewer accounts."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from crawler.review.audit_labels import action_label, target_label
from crawler.review.i18n import _
from crawler.review.roles import ADMIN, ROLES
from crawler.review.users import UserError, create_user, list_users, set_disabled
from crawler.review.web import (
    AdminReviewer,
    CsrfReviewer,
    Reviewer,
    client_addr,
    database,
    render,
    writing,
)
from storage import audit
from storage.models import AuditEntry, User

router = APIRouter()
AUDIT_PAGE = 100


def _day(text: str, *, end: bool) -> datetime | None:
    try:
        day = datetime.strptime(text.strip(), "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        return None
    return day.replace(hour=23, minute=59, second=59) if end else day


@router.get("/audit", response_class=HTMLResponse)
def audit_log(
    request: Request,
    reviewer: AdminReviewer,
    user: str = "",
    action: str = "",
    target: str = "",
    since: str = "",
    until: str = "",
    before: int = 0,
) -> Response:
    query = select(AuditEntry)
    if user.strip():
        query = query.where(AuditEntry.user_name == user.strip())
    if action.strip():
        query = query.where(AuditEntry.action == action.strip())
    if target.strip():
        kind, _, ident = target.strip().partition(":")
        query = query.where(AuditEntry.target_type == kind)
        if ident:
            query = query.where(AuditEntry.target_id == ident)
    if (start := _day(since, end=False)) is not None:
        query = query.where(AuditEntry.at >= start)
    if (stop := _day(until, end=True)) is not None:
        query = query.where(AuditEntry.at <= stop)
    if before > 0:
        query = query.where(AuditEntry.id < before)
    with database(request).session() as session:
        entries = list(session.scalars(query.order_by(AuditEntry.id.desc()).limit(AUDIT_PAGE + 1)))
        actions = list(
            session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
        )
    older = entries[AUDIT_PAGE - 1].id if len(entries) > AUDIT_PAGE else 0
    return render(
        request,
        "audit.html",
        {
            "entries": entries[:AUDIT_PAGE],
            "older": older,
            "actions": actions,
            "action_label": action_label,
            "target_label": target_label,
            "filters": {
                "user": user,
                "action": action,
                "target": target,
                "since": since,
                "until": until,
            },
        },
        reviewer=reviewer,
    )


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, reviewer: AdminReviewer) -> Response:
    return render(
        request,
        "users.html",
        {"users": list_users(database(request)), "roles": ROLES, "created": None, "message": None},
        reviewer=reviewer,
    )


@router.post("/admin/users", response_class=HTMLResponse)
def add_user(
    request: Request, reviewer: CsrfReviewer, name: str = Form(""), role: str = Form("")
) -> Response:
    _require_admin(reviewer)
    db = database(request)
    created = None
    message = None
    try:
        user, password = create_user(db, name.strip(), role)
        created = (user.name, password)
        with writing(request) as session:
            audit.record(
                session,
                user=reviewer.user,
                action="user_add",
                target_type="user",
                target_id=user.id,
                detail={"name": user.name, "role": user.role},
                remote_addr=client_addr(request),
            )
    except UserError as exc:
        message = exc.translated()
    return render(
        request,
        "users.html",
        {"users": list_users(db), "roles": ROLES, "created": created, "message": message},
        reviewer=reviewer,
        status_code=200 if created else 400,
    )


def _require_admin(reviewer: Reviewer) -> None:
    if reviewer.role != ADMIN:
        raise HTTPException(status_code=403, detail=_("This page is for admins only."))


@router.post("/admin/users/{user_id}/disable")
def disable_user(request: Request, reviewer: CsrfReviewer, user_id: int) -> Response:
    _require_admin(reviewer)
    db = database(request)
    with db.session() as session:
        target = session.get(User, user_id)
        if target is None:
            raise HTTPException(status_code=404, detail=_("There is no such user."))
        if target.id == reviewer.user.id:
            raise HTTPException(status_code=409, detail=_("You cannot disable your own account."))
        name = target.name
    set_disabled(db, name, True)
    with writing(request) as session:
        audit.record(
            session,
            user=reviewer.user,
            action="user_disable",
            target_type="user",
            target_id=user_id,
            detail={"name": name},
            remote_addr=client_addr(request),
        )
    return RedirectResponse("/admin/users", status_code=303)
