"""The watchlist page: analysts and admins see, add, correct and remove people.

The watchlist names victims, so every view and every change is in the audit log. A change
starts from the person's own row ("Change"), with the form filled in as stored, so that
correcting one field never clears the others; an id that is already listed cannot be added
a second time over the stored entry.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select

from crawler.detect.watchlist import WatchlistEntry
from crawler.detect.watchlist import category_code as detected_category
from crawler.detect.watchlist_store import save_person
from crawler.review.i18n import N_, _, label_in_every_locale
from crawler.review.web import (
    AnalystReviewer,
    CsrfAnalystReviewer,
    client_addr,
    database,
    render,
    writing,
)
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


def category_code(typed: str) -> str:
    """The stored category for what was typed: the form shows the plain words (アナウンサー,
    TV personality), and matching reads the code (announcer: family name + アナ)."""
    typed = typed.strip()[:100]
    for code, label in CATEGORY_LABELS.items():
        if typed in label_in_every_locale(label):
            return code
    return detected_category(typed)


# Ids are the group's own (D001, p-17): letters, digits and . _ - keep them easy to type,
# to put in a link and to tell apart.
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
ID_LONGEST = 64
NAME_LONGEST = 300


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
        "category": category_label(person.category) if person.category else "",
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
    done = ""
    if change in CHANGES and person:
        with database(request).session() as session:
            stored = session.get(WatchlistPerson, person[:ID_LONGEST])
        shown = f"{person[:ID_LONGEST]} ({stored.name})" if stored is not None else person[:64]
        done = _(CHANGES[change]) % {"id": shown}
    return _page(request, reviewer, after=after[:64], editing=edit[:64], done=done)


def _typed_problem(person_id: str, name: str, kana: str, *, new: bool, remove: bool) -> str:
    """What is wrong with the form as typed, in words that say what to do; "" if nothing."""
    if not person_id:
        return _("Give the person's id.")
    if new and (len(person_id) > ID_LONGEST or not _ID.fullmatch(person_id)):
        return _(
            "An id is up to 64 letters, digits, dots, dashes or underscores, with no "
            "spaces (D001, p-17)."
        )
    if not name and not remove:
        return _("Give the person's name.")
    if len(name) > NAME_LONGEST or len(kana.strip()) > NAME_LONGEST:
        return _("A name or reading is at most 300 characters.")
    return ""


def _same_id_listed(session: Any, person_id: str) -> str:
    """d001 beside D001 would be two entries for one person: the one listed, if any."""
    same = session.scalars(
        select(WatchlistPerson).where(func.lower(WatchlistPerson.id) == person_id.lower())
    ).first()
    return f"{same.id}: {same.name}" if same is not None else ""


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
    person_id, name = person_id.strip(), name.strip()
    typed = {
        "person_id": person_id[:ID_LONGEST],
        "name": name[:NAME_LONGEST],
        "kana": kana.strip()[:NAME_LONGEST],
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

    problem = _typed_problem(
        person_id, name, kana, new=not (editing or remove), remove=bool(remove)
    )
    if problem:
        return refuse(problem)
    with writing(request) as session:
        stored = session.get(WatchlistPerson, person_id)
        taken = "" if (remove or editing) else _same_id_listed(session, person_id)
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
                category=category_code(category),
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
