"""Signing in and out. Failed sign-ins are rate-limited and, like successful ones, audited."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from crawler.review.i18n import LANG_COOKIE, LOCALES, _, gettext
from crawler.review.passwords import verify_password
from crawler.review.ratelimit import LoginRateLimiter
from crawler.review.request_scheme import is_https
from crawler.review.sessions import SESSION_LIFETIME, end_session, load_session, start_session
from crawler.review.web import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    CsrfReviewer,
    client_addr,
    database,
    render,
    safe_next,
    same_origin,
    writing,
)
from storage import audit
from storage.models import User

router = APIRouter()


def _login_page(
    request: Request, next_path: str, message: str | None, status_code: int
) -> Response:
    token = secrets.token_urlsafe(32)
    response = render(
        request,
        "login.html",
        {"next": safe_next(next_path), "message": message, "login_csrf": token},
        reviewer=None,
        status_code=status_code,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=is_https(request),
        max_age=3600,
    )
    return response


def _throttled(
    request: Request, next_path: str, name: str, addr: str | None, wait: int
) -> Response:
    with writing(request) as session:
        audit.record(
            session, user=None, action="login_throttled", detail={"name": name}, remote_addr=addr
        )
    response = _login_page(
        request,
        next_path,
        _("Too many failed sign-ins. Wait %(minutes)d minute(s) and try again.")
        % {"minutes": max(1, wait // 60)},
        429,
    )
    response.headers["Retry-After"] = str(wait)
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/queue") -> Response:
    with database(request).session() as session:
        if load_session(session, request.cookies.get(SESSION_COOKIE)) is not None:
            return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, next, None, 200)


@router.post("/login")
def login(
    request: Request,
    name: str = Form(""),
    password: str = Form(""),
    csrf_token: str = Form(""),
    next: str = Form("/queue"),
) -> Response:
    cookie_token = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not csrf_token or not secrets.compare_digest(csrf_token, cookie_token):
        return _login_page(request, next, _("The sign-in form expired. Please try again."), 403)
    limiter: LoginRateLimiter = request.app.state.limiter
    addr = client_addr(request)
    name = name.strip()[:100]
    attempt = limiter.begin(name, addr)
    if isinstance(attempt, int):
        return _throttled(request, next, name, addr, wait=attempt)
    with database(request).session() as session:
        user = session.scalar(select(User).where(User.name == name)) if name else None
    # Outside any transaction: the password hash is slow on purpose.
    ok = verify_password(user.password_hash if user else None, password)
    with writing(request) as session:
        if not ok or user is None or user.disabled:
            audit.record(
                session,
                user=None,
                action="login_failed",
                detail={"name": name, "disabled": bool(user and user.disabled)},
                remote_addr=addr,
            )
            failed = True
        else:
            failed = False
            token = start_session(session, user, addr)
            audit.record(session, user=user, action="login", remote_addr=addr)
    if not failed:
        limiter.succeeded(attempt)
    if failed:
        return _login_page(request, next, _("That name and password do not match."), 401)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=is_https(request),
        max_age=int(SESSION_LIFETIME.total_seconds()),
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, secure=is_https(request), samesite="strict")
    if user is not None and user.language in LOCALES:
        _remember_language(request, response, user.language)
    return response


def _remember_language(request: Request, response: Response, language: str) -> None:
    # Not secret and read by no script: only the language the pages are rendered in.
    response.set_cookie(
        LANG_COOKIE,
        language,
        httponly=True,
        samesite="lax",
        secure=is_https(request),
        max_age=400 * 24 * 3600,
    )


@router.post("/language")
def choose_language(
    request: Request,
    language: str = Form(""),
    csrf_token: str = Form(""),
    next: str = Form("/queue"),
) -> Response:
    """The language switch: kept in a cookie, and for a signed-in person in their account."""
    if language not in LOCALES or not same_origin(request):
        return _login_page(request, next, gettext("That language is not available."), 400)
    with database(request).session() as session:
        found = load_session(session, request.cookies.get(SESSION_COOKIE))
    # Signed in, the choice is saved to the account, so it needs the session's CSRF token;
    # before sign-in it only sets a cookie, and the Origin check above is enough.
    if found is not None:
        if not csrf_token or not secrets.compare_digest(csrf_token, found.csrf_token):
            return _login_page(request, next, _("The form expired. Please try again."), 403)
        with writing(request) as session:
            user = session.get(User, found.user.id)
            if user is not None:
                user.language = language
    response = RedirectResponse(safe_next(next), status_code=303)
    _remember_language(request, response, language)
    return response


@router.post("/logout")
def logout(request: Request, reviewer: CsrfReviewer) -> Response:
    with writing(request) as session:
        end_session(session, request.cookies.get(SESSION_COOKIE))
        audit.record(session, user=reviewer.user, action="logout", remote_addr=client_addr(request))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, secure=is_https(request), samesite="strict")
    return response
