"""Admin pages for site profiles: see every profile, check one, add or replace the operator's own.

Bundled profiles are read-only here; operator profiles live in the data dir's `profiles/`
folder, where `mimamori crawl NAME` and the scheduler find them by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import anyio
import anyio.to_thread
from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from crawler.review.i18n import _
from crawler.review.roles import ADMIN
from crawler.review.web import (
    AdminReviewer,
    CsrfReviewer,
    Reviewer,
    client_addr,
    render,
    writing,
)
from spiders.profile import BUNDLED_PROFILES_DIR, Profile, ProfileError, validate_profile_text
from storage import audit

router = APIRouter()
MAX_PROFILE_BYTES = 200_000
PROFILE_CHECK_SECONDS = 10.0
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass
class ProfileRow:
    name: str
    source: str  # bundled | operator
    path: Path
    profile: Profile | None
    error: str | None


def _operator_dir(request: Request) -> Path:
    return request.app.state.cfg.profiles_dir


def _rows(request: Request) -> list[ProfileRow]:
    rows: dict[str, ProfileRow] = {}
    for source, folder in (("bundled", BUNDLED_PROFILES_DIR), ("operator", _operator_dir(request))):
        for path in sorted(folder.glob("*.yaml")) if folder.exists() else []:
            try:
                profile, error = (
                    validate_profile_text(path.read_text(encoding="utf-8"), path.name),
                    None,
                )
            except (ProfileError, UnicodeDecodeError) as exc:
                profile, error = None, str(exc)
            # An operator profile of the same name is the one `mimamori crawl NAME` uses.
            rows[path.stem] = ProfileRow(path.stem, source, path, profile, error)
    return sorted(rows.values(), key=lambda r: r.name)


def _require_admin(reviewer) -> None:  # type: ignore[no-untyped-def]
    if reviewer.role != ADMIN:
        raise HTTPException(status_code=403, detail=_("This page is for admins only."))


def _page(
    request: Request,
    reviewer,
    *,
    message: str | None = None,
    draft: str = "",
    status_code: int = 200,
) -> Response:  # type: ignore[no-untyped-def]
    return render(
        request,
        "profiles.html",
        {"rows": _rows(request), "message": message, "draft": draft},
        reviewer=reviewer,
        status_code=status_code,
    )


@router.get("/admin/profiles", response_class=HTMLResponse)
def profiles_page(request: Request, reviewer: AdminReviewer) -> Response:
    return _page(request, reviewer)


@router.get("/admin/profiles/{name}", response_class=HTMLResponse)
def profile_detail(request: Request, reviewer: AdminReviewer, name: str) -> Response:
    row = next((r for r in _rows(request) if r.name == name), None)
    if row is None:
        raise HTTPException(status_code=404, detail=_("There is no profile of that name."))
    return render(
        request,
        "profile.html",
        {"row": row, "text": row.path.read_text(encoding="utf-8", errors="replace")},
        reviewer=reviewer,
    )


async def _validated_off_loop(text: str) -> Profile:
    """Validate on a worker thread with a time limit: a hostile upload must not stall the
    event loop (every reviewer's pages) or the request. The YAML itself is read with size,
    alias and depth limits (spiders/profile/safe_yaml.py); the time limit is the backstop.
    A thread cannot be killed, so one past the limit is abandoned, not waited for."""
    try:
        with anyio.fail_after(PROFILE_CHECK_SECONDS):
            return await anyio.to_thread.run_sync(
                validate_profile_text, text, "the profile you pasted", abandon_on_cancel=True
            )
    except TimeoutError:
        raise ProfileError(
            _(
                "Checking that profile took longer than %(seconds)s seconds, so it was "
                "refused. A profile is a short list of pages and selectors."
            )
            % {"seconds": f"{PROFILE_CHECK_SECONDS:.0f}"}
        ) from None


@router.post("/admin/profiles", response_class=HTMLResponse)
async def save_profile(request: Request, reviewer: CsrfReviewer, text: str = Form("")) -> Response:
    # Async only to await the time-limited check; everything else (reading the profile
    # folder, the database) runs on the thread pool, never on the event loop.
    _require_admin(reviewer)
    if len(text.encode("utf-8")) > MAX_PROFILE_BYTES:
        message = _("That profile is too large (over %(kb)d KB).") % {
            "kb": MAX_PROFILE_BYTES // 1000
        }
    else:
        try:
            profile = await _validated_off_loop(text)
        except ProfileError as exc:
            message = str(exc)
        else:
            return await run_in_threadpool(_save_checked, request, reviewer, profile, text)
    return await run_in_threadpool(
        partial(_page, request, reviewer, message=message, draft=text, status_code=400)
    )


def _save_checked(request: Request, reviewer: Reviewer, profile: Profile, text: str) -> Response:
    if not _NAME.match(profile.name) or (BUNDLED_PROFILES_DIR / f"{profile.name}.yaml").exists():
        return _page(
            request,
            reviewer,
            message=_("The name “%(name)s” belongs to a bundled profile; give yours another name.")
            % {"name": profile.name},
            draft=text,
            status_code=400,
        )
    folder = _operator_dir(request)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{profile.name}.yaml"
    replaced = target.exists()
    tmp = target.with_suffix(".yaml.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    with writing(request) as session:
        audit.record(
            session,
            user=reviewer.user,
            action="profile_replace" if replaced else "profile_add",
            target_type="profile",
            target_id=profile.name,
            detail={
                "platform": profile.platform,
                "start_urls": profile.start_urls,
                "render": profile.render,
            },
            remote_addr=client_addr(request),
        )
    return RedirectResponse(f"/admin/profiles/{profile.name}", status_code=303)


@router.post("/admin/profiles/{name}/delete")
def delete_profile(request: Request, reviewer: CsrfReviewer, name: str) -> Response:
    _require_admin(reviewer)
    target = _operator_dir(request) / f"{name}.yaml"
    if not _NAME.match(name) or not target.exists():
        raise HTTPException(status_code=404, detail=_("Only profiles added here can be removed."))
    target.unlink()
    with writing(request) as session:
        audit.record(
            session,
            user=reviewer.user,
            action="profile_remove",
            target_type="profile",
            target_id=name,
            remote_addr=client_addr(request),
        )
    return RedirectResponse("/admin/profiles", status_code=303)
