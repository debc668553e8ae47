"""The review web app factory: `create_app(cfg)` returns an ASGI app."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from crawler.review import (
    routes_admin,
    routes_analyst,
    routes_auth,
    routes_media,
    routes_names,
    routes_profiles,
    routes_review,
    routes_watchlist,
)
from crawler.review.client_address import parse_trusted_proxies
from crawler.review.headers import SecurityHeadersMiddleware
from crawler.review.i18n import N_, LocaleMiddleware, _
from crawler.review.ratelimit import LoginRateLimiter
from crawler.review.web import LoginRequired, make_templates, render, signed_in
from storage.blobs import BlobStore
from storage.config import AppConfig
from storage.db import Database, open_database

STATIC_DIR = Path(__file__).with_name("static")

_PLAIN_ERRORS = {
    400: N_("The request was not understood."),
    403: N_("You do not have access to this page."),
    404: N_("There is nothing here."),
    405: N_("That action is not possible here."),
}
_GENERIC_ERROR = N_("Something went wrong.")


def create_app(
    cfg: AppConfig,
    *,
    database: Database | None = None,
    rate_limiter: LoginRateLimiter | None = None,
) -> FastAPI:
    app = FastAPI(
        title="mimamori review",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.cfg = cfg
    app.state.db = database or open_database(cfg)
    app.state.blobs = BlobStore(cfg.blob_dir)
    app.state.limiter = rate_limiter or LoginRateLimiter()
    app.state.trusted_proxies = parse_trusted_proxies(cfg.trusted_proxies)
    app.state.templates = make_templates()

    app.add_middleware(SecurityHeadersMiddleware)
    # Outermost: the language is chosen before any handler, error page or header is written.
    app.add_middleware(LocaleMiddleware)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (
        routes_auth,
        routes_review,
        routes_media,
        routes_analyst,
        routes_watchlist,
        routes_names,
        routes_admin,
        routes_profiles,
    ):
        app.include_router(module.router)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        # Browsers ask for it on every page; an empty answer keeps their consoles clean.
        return Response(status_code=204)

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={quote(exc.next_path, safe='')}", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        # Our own details are plain sentences; Starlette's defaults ("Not Found") are replaced.
        own = isinstance(exc.detail, str) and exc.detail.endswith((".", "。"))
        message = exc.detail if own else _(_PLAIN_ERRORS.get(exc.status_code, _GENERIC_ERROR))
        reviewer = None
        with suppress(LoginRequired):
            # On the thread pool: looking up (and maybe touching) the session is database work.
            reviewer = await run_in_threadpool(signed_in, request)
        return render(
            request,
            "error.html",
            {"message": message, "back": "/queue"},
            reviewer=reviewer,
            status_code=exc.status_code,
        )

    @app.exception_handler(RequestValidationError)
    async def bad_input(request: Request, exc: RequestValidationError) -> Response:
        return render(
            request,
            "error.html",
            {"message": _("Some of the input was not valid."), "back": "/queue"},
            reviewer=None,
            status_code=400,
        )

    return app
