"""Teaching the watchlist a name from the item page (crawler/review/missed_names.py)."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crawler.detect.watchlist import load_watchlist_from_db
from crawler.review.i18n import _
from crawler.review.missed_names import (
    NameRefused,
    account_texts,
    people_matching,
    teach_name,
    undo_taught_name,
)
from crawler.review.name_suggestions import common_words, holds_trade_words, index_for
from crawler.review.web import (
    AnalystReviewer,
    CsrfAnalystReviewer,
    Reviewer,
    client_addr,
    render,
    writing,
)
from storage import audit
from storage.models import Flag

router = APIRouter()


@router.post("/review/{flag_id}/name")
def name_missed_person(
    request: Request,
    reviewer: CsrfAnalystReviewer,
    flag_id: int,
    person: str = Form(""),
    person_id: str = Form(""),
    written: str = Form(""),
) -> Response:
    """``person`` is what the analyst typed (a name or an id); ``person_id`` comes from the
    page that lets them pick one of several people who match it."""
    back = f"/review/{flag_id}"
    with writing(request) as session:
        if not person_id:
            matches = people_matching(session, person)
            if len(matches) != 1:
                audit.record(
                    session,
                    user=reviewer.user,
                    action="view_watchlist",
                    detail={"matching": len(matches), "from_flag": flag_id},
                    remote_addr=client_addr(request),
                )
                if not matches:
                    return _refused(request, reviewer, back, _no_one(person), 404)
                return render(
                    request,
                    "name_choice.html",
                    {"flag_id": flag_id, "people": matches, "written": written, "back": back},
                    reviewer=reviewer,
                )
            person_id = matches[0].id
        try:
            taught = teach_name(
                session,
                flag_id=flag_id,
                person_id=person_id,
                written=written,
                user=reviewer.user,
                remote_addr=client_addr(request),
            )
        except NameRefused as refused:
            # Back to the form with what was typed, so it can be corrected, not retyped.
            typed = urlencode({"person": person or person_id, "written": written})
            back_with = f"{back}?{typed}#name-missed"
            return _refused(request, reviewer, back_with, refused.translated(), 400)
    result = {
        "named": taught.person_id,
        "added": int(taught.added),
        "item_named": int(taught.item_named),
        "found": int(taught.found_now),
    }
    return RedirectResponse(f"{back}?{urlencode(result)}#name-missed", status_code=303)


@router.get("/review/{flag_id}/name/suggestions", response_class=HTMLResponse)
def likely_people(request: Request, reviewer: AnalystReviewer, flag_id: int) -> Response:
    """Words of the account's text that look like part of a watched person's name, each with
    the people it may stand for; choosing one teaches the word as that person's name."""
    with writing(request) as session:
        flag = session.get(Flag, flag_id)
        if flag is None:
            raise HTTPException(status_code=404, detail=_("There is no such item."))
        index = index_for(load_watchlist_from_db(session))
        suggestions = index.suggest(
            account_texts(session, flag.account_id),
            already=flag.people or (),
            common=common_words(),
            refuse=holds_trade_words,
        )
        audit.record(
            session,
            user=reviewer.user,
            action="view_watchlist",
            detail={
                "suggested": sum(len(s.people) for s in suggestions),
                "from_flag": flag_id,
            },
            remote_addr=client_addr(request),
        )
        return render(
            request,
            "name_suggestions.html",
            {"flag_id": flag_id, "suggestions": suggestions, "back": f"/review/{flag_id}"},
            reviewer=reviewer,
        )


@router.post("/review/{flag_id}/name/undo")
def undo_name(
    request: Request, reviewer: CsrfAnalystReviewer, flag_id: int, person_id: str = Form("")
) -> Response:
    """Take back a name taught by mistake: the alias and the item's mention of the person."""
    with writing(request) as session:
        try:
            alias_off, item_off = undo_taught_name(
                session,
                flag_id=flag_id,
                person_id=person_id,
                user=reviewer.user,
                remote_addr=client_addr(request),
            )
        except NameRefused as refused:
            back = f"/review/{flag_id}"
            return _refused(request, reviewer, back, refused.translated(), 409)
    # 1: both taken back, 2: the alias only, 3: the item's mention only.
    undone = 1 if alias_off and item_off else 2 if alias_off else 3
    return RedirectResponse(f"/review/{flag_id}?name_undone={undone}#name-missed", status_code=303)


def _no_one(typed: str) -> str:
    if not typed.strip():
        return _("Type the person's name or id as the watchlist has it.")
    return _(
        "No one on the watchlist matches that. Check the spelling, or add the person on "
        "the Watchlist page first."
    )


def _refused(
    request: Request, reviewer: Reviewer, back: str, message: str, status: int
) -> Response:
    return render(
        request,
        "error.html",
        {"message": message, "back": back},
        reviewer=reviewer,
        status_code=status,
    )
