"""Shared pieces of the web layer: who is signed in, role checks, CSRF, rendering."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy.orm import Session

from crawler.review.client_address import client_address
from crawler.review.flag_detail import explain_flag_detail
from crawler.review.highlight import family_class, highlight
from crawler.review.i18n import LOCALE_NAMES, N_, _, current_locale, gettext, ngettext
from crawler.review.queue import Viewer
from crawler.review.reasons import (
    family_label,
    group_label,
    name_separator,
    places_text,
    tone_class,
)
from crawler.review.request_scheme import public_scheme
from crawler.review.roles import ADMIN, ANALYST, at_least, is_admin, is_analyst
from crawler.review.sessions import load_session, touch_session
from storage.blobs import BlobStore
from storage.db import Database
from storage.findings import isolate_scraped, show_bidi_controls
from storage.models import User

SESSION_COOKIE = "mimamori_session"
LOGIN_CSRF_COOKIE = "mimamori_login_csrf"
TEMPLATES_DIR = Path(__file__).with_name("templates")
JST = timezone(timedelta(hours=9), "JST")

# English source texts, translated where shown (`status_label`, `reason_label`).
STATUS_LABELS = {
    "new": N_("New"),
    "in_review": N_("Waiting for a second look"),
    "needs_analyst": N_("Reviewers disagreed: analyst needed"),
    "escalated": N_("Escalated to analysts"),
    "confirmed": N_("Confirmed"),
    "dismissed": N_("Dismissed"),
}
ROLE_LABELS = {
    "volunteer": N_("volunteer"),
    "analyst": N_("analyst"),
    "admin": N_("admin"),
}
REASON_LABELS = {
    "new_account": N_("New account"),
    "changed": N_("Account changed"),
    "returned": N_("Account came back"),
    "comeback": N_("Comeback after a takedown"),
}


class LoginRequired(Exception):
    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


@dataclass(frozen=True)
class Reviewer:
    user: User
    csrf_token: str

    @property
    def role(self) -> str:
        return self.user.role

    @property
    def viewer(self) -> Viewer:
        return Viewer(user_id=self.user.id, role=self.user.role)


def database(request: Request) -> Database:
    return request.app.state.db


def blob_store(request: Request) -> BlobStore:
    return request.app.state.blobs


def client_addr(request: Request) -> str | None:
    """Who is asking: the peer, or behind a trusted proxy the address it forwarded."""
    return client_address(
        request.client.host if request.client else None,
        request.headers.get("x-forwarded-for"),
        getattr(request.app.state, "trusted_proxies", ()),
    )


def safe_next(path: str | None) -> str:
    """Only same-site paths: an open redirect after login would help phishing."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/queue"
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        return "/queue"
    return path


def writing(request: Request) -> AbstractContextManager[Session]:
    """The transaction of a request that writes (an audit entry, a lock, a decision).

    It holds the database's write lock from its first statement (docs/architecture.md,
    "Review app transactions"): on SQLite a transaction that reads first and writes later
    is refused at once with "database is locked" when another writer got in between, so
    writers queue at BEGIN (busy timeout) instead. Keep what runs inside it short.
    """
    return database(request).session(write_lock=True)


def signed_in(request: Request) -> Reviewer:
    token = request.cookies.get(SESSION_COOKIE)
    with database(request).session() as session:
        found = load_session(session, token)
    if found is None or token is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    if found.touch_due:
        with writing(request) as session:
            touch_session(session, token)
    return Reviewer(user=found.user, csrf_token=found.csrf_token)


SignedInReviewer = Annotated[Reviewer, Depends(signed_in)]


def require(role: str) -> Callable[[Reviewer], Reviewer]:
    def check(reviewer: SignedInReviewer) -> Reviewer:
        if not at_least(reviewer.role, role):
            detail = (
                _("This page is for admins only.")
                if role == ADMIN
                else _("This page is for analysts and admins only.")
            )
            raise HTTPException(status_code=403, detail=detail)
        return reviewer

    return check


def same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        # Browsers send Origin on every cross-site POST; its absence means same-site or non-browser.
        return origin is None
    parts = urlsplit(origin)
    # Scheme too: an http page on the same host (a downgraded or spoofed one) is another origin.
    same_host = parts.netloc == request.headers.get("host", "")
    return same_host and parts.scheme == public_scheme(request)


async def csrf_checked(request: Request, reviewer: SignedInReviewer) -> Reviewer:
    """Every state-changing request carries the session's CSRF token (form field or header)."""
    sent = request.headers.get("x-csrf-token")
    if sent is None:
        form = await request.form()
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    if (
        not sent
        or not secrets.compare_digest(sent, reviewer.csrf_token)
        or not same_origin(request)
    ):
        raise HTTPException(
            status_code=403,
            detail=_(
                "This form has expired or did not come from this site. "
                "Go back, reload the page and try again."
            ),
        )
    return reviewer


CsrfReviewer = Annotated[Reviewer, Depends(csrf_checked)]
AnalystReviewer = Annotated[Reviewer, Depends(require(ANALYST))]


def csrf_checked_analyst(reviewer: CsrfReviewer) -> Reviewer:
    return require(ANALYST)(reviewer)


CsrfAnalystReviewer = Annotated[Reviewer, Depends(csrf_checked_analyst)]
AdminReviewer = Annotated[Reviewer, Depends(require(ADMIN))]


def fmt_time(value: datetime | None) -> str:
    """Japan time first (the reviewers' clock), UTC after it (the evidence's clock)."""
    if value is None:
        return "—"
    utc = value.replace(tzinfo=UTC) if value.tzinfo is None else value
    utc = utc.astimezone(UTC)
    jst = utc.astimezone(JST)
    utc_shown = f"{utc:%H:%M}" if utc.date() == jst.date() else f"{utc:%m-%d %H:%M}"
    return f"{jst:%Y-%m-%d %H:%M:%S} JST ({utc_shown} UTC)"


def fmt_price(amount: Any, currency: str | None, text: str | None) -> str:
    if amount is None:
        return text or _("price not shown")
    shown = f"{amount:,.0f}" if float(amount) == int(amount) else f"{amount:,.2f}"
    return f"{shown} {currency or ''}".strip()


def query_string(args: dict[str, Any]) -> str:
    return urlencode({k: v for k, v in args.items() if v not in (None, "")})


def make_templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        extensions=["jinja2.ext.i18n"],
        # Every scraped string is escaped; only our own Markup (highlight) passes as HTML.
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Every scraped string goes through `scraped` (docs/architecture.md, "Safety"): escaped,
    # isolated in <bdi>, direction controls shown; `scraped_plain` where no markup may go.
    # Per request language (crawler/review/i18n.py); newstyle escapes %-formatted values.
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["scraped"] = isolate_scraped
    env.filters["scraped_plain"] = lambda value: show_bidi_controls(str(value or ""))
    env.globals.update(
        fmt_time=fmt_time,
        fmt_price=fmt_price,
        highlight=highlight,
        family_label=family_label,
        family_class=family_class,
        group_label=group_label,
        name_separator=name_separator,
        places_text=places_text,
        tone_class=tone_class,
        status_label=lambda s: _(STATUS_LABELS[s]) if s in STATUS_LABELS else s,
        reason_label=lambda s: _(REASON_LABELS[s]) if s in REASON_LABELS else s,
        role_label=lambda s: _(ROLE_LABELS[s]) if s in ROLE_LABELS else s,
        current_locale=current_locale,
        flag_detail=explain_flag_detail,
        locale_names=LOCALE_NAMES,
        is_analyst=is_analyst,
        is_admin=is_admin,
        query_string=query_string,
    )
    return Jinja2Templates(env=env)


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    reviewer: Reviewer | None,
    status_code: int = 200,
) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    base = {
        "reviewer": reviewer,
        "csrf_token": reviewer.csrf_token if reviewer else "",
        "path": request.url.path,
    }
    return templates.TemplateResponse(
        request, template, {**base, **context}, status_code=status_code
    )
