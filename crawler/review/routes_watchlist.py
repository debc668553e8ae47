"""The watchlist page: analysts and admins see, add, correct and remove people.

The watchlist names victims, so every view and every change is in the audit log. A change
starts from the person's own row ("Change"), with the form filled in as stored, so that
correcting one field never clears the others; an id that is already listed cannot be added
a second time over the stored entry.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from crawler.detect.watchlist import WatchlistEntry
from crawler.detect.watchlist_store import save_person
from crawler.review.i18n import N_, _
from crawler.review.web import AnalystReviewer, CsrfAnalystReviewer, client_addr, render, writing
from storage import audit
from storage.models import WatchlistPerson

router = APIRouter()
WATCHLIST_PAGE = 200
# The watchlist's usual categories in plain words; anything else is shown as typed.
CATEGORY_LABELS = {
    "actress": N_("actress"),
    "idol": N_("idol"),
    "announcer": N_("announcer"),
    "singer": N_("singer"),
    "talent": N_("TV personality"),
    "streamer": N_("streamer"),
    "model": N_("model"),
    "athlete": N_("athlete"),
}
CHANGES = {
    "added": N_("%(id)s was added to the watchlist."),
    "updated": N_("%(id)s was saved."),
    "unchanged": N_("Nothing changed for %(id)s."),
    "removed": N_("%(id)s was removed from the watchlist."),
}


def category_label(category: str) -> str:
    return _(CATEGORY_LABELS[category]) if category in CATEGORY_LABELS else category


def split_aliases(typed: str) -> tuple[str, ...]:
    """Aliases as typed in the form: separated by | (a Japanese keyboard's ｜ too)."""
    parts = typed.replace("｜", "|").split("|")
    return tuple(dict.fromkeys(a.strip()[:300] for a in parts if a.strip()))


def _form_of(person: WatchlistPerson) -> dict[str, str]:
    return {
        "person_id": person.id,
        "name": person.name,
        "kana": person.kana or "",
        "aliases": " | ".join(str(a) for a in person.aliases or ()),
        "category": person.category or "",
    }


def _page(
    request: Request,
    reviewer: Any,
    *,
    after: str = "",
    editing: str = "",
    form: dict[str, str] | None = None,
    error: str = "",
    done: str = "",
    status_code: int = 200,
) -> Response:
    with writing(request) as session:
        query = select(WatchlistPerson).order_by(WatchlistPerson.id)
        if after:
            query = query.where(WatchlistPerson.id > after)
        people = list(session.scalars(query.limit(WATCHLIST_PAGE + 1)))
        edited = session.get(WatchlistPerson, editing) if editing else None
        if edited is not None and form is None:
            form = _form_of(edited)
        audit.record(
            session,
            user=reviewer.user,
            action="view_watchlist",
            detail={"after": after or None, "edit": editing or None},
            remote_addr=client_addr(request),
        )
        next_after = people[WATCHLIST_PAGE - 1].id if len(people) > WATCHLIST_PAGE else ""
        context = {
            "people": people[:WATCHLIST_PAGE],
            "next_after": next_after,
            "category_label": category_label,
            "categories": list(CATEGORY_LABELS),
            "editing": edited.id if edited is not None else "",
            "edited_name": edited.name if edited is not None else "",
            "missing": editing if editing and edited is None else "",
            "form": form or {},
            "error": error,
            "done": done,
        }
        return render(
            request, "watchlist.html", context, reviewer=reviewer, status_code=status_code
        )


@router.get("/watchlist", response_class=HTMLResponse)
def watchlist(
    request: Request,
    reviewer: AnalystReviewer,
    after: str = "",
    edit: str = "",
    change: str = "",
    person: str = "",
) -> Response:
    done = _(CHANGES[change]) % {"id": person[:64]} if change in CHANGES and person else ""
    return _page(request, reviewer, after=after[:64], editing=edit[:64], done=done)


@router.post("/watchlist")
def edit_watchlist(
    request: Request,
    reviewer: CsrfAnalystReviewer,
    person_id: str = Form(""),
    name: str = Form(""),
    kana: str = Form(""),
    aliases: str = Form(""),
    category: str = Form(""),
    editing: str = Form(""),
    remove: str = Form(""),
) -> Response:
    """Add one person, save a change to one, or remove one (the CLI imports whole files)."""
    person_id, name = person_id.strip()[:64], name.strip()[:300]
    typed = {
        "person_id": person_id,
        "name": name,
        "kana": kana.strip()[:300],
        "aliases": aliases.strip(),
        "category": category.strip()[:100],
    }

    def refuse(message: str, status_code: int = 400) -> Response:
        return _page(
            request,
            reviewer,
            editing=person_id if editing else "",
            form=typed,
            error=message,
            status_code=status_code,
        )

    if not person_id:
        return refuse(_("Give the person's id."))
    if not name and not remove:
        return refuse(_("Give the person's name."))
    with writing(request) as session:
        stored = session.get(WatchlistPerson, person_id)
        taken = stored.name if stored is not None and not (remove or editing) else ""
        if stored is None and (remove or editing):
            raise HTTPException(
                status_code=404, detail=_("There is no such person on the watchlist.")
            )
        if taken:
            change = ""
        elif remove:
            session.delete(stored)
            change = "removed"
        else:
            entry = WatchlistEntry(
                id=person_id,
                name=name,
                kana=typed["kana"],
                aliases=split_aliases(aliases),
                category=typed["category"],
            )
            change = save_person(session, entry)
        if change:
            audit.record(
                session,
                user=reviewer.user,
                action="watchlist_edit",
                target_type="watchlist_person",
                target_id=person_id,
                detail={"change": change},
                remote_addr=client_addr(request),
            )
    if taken:
        return refuse(
            _(
                "%(id)s is already on the watchlist (%(name)s). To change that entry, "
                "use “Change” on its row. Nothing was saved."
            )
            % {"id": person_id, "name": taken},
            status_code=409,
        )
    query = urlencode({"change": change, "person": person_id})
    return RedirectResponse(f"/watchlist?{query}", status_code=303)
