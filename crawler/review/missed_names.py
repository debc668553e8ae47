"""A name the detector missed, taught from the item page.

Sellers and fans call a person by nicknames nobody listed (さくぴ, Tanu, Ecoş): the detector
flags the post for its words but names no one, and no rule can guess every nickname. The
analyst who reads the post knows who it is. From the item page they say which watched person
the post means and how it writes the name; the name becomes one of that person's aliases, so
the next crawl finds them in this account and in every other that uses the same name, and the
item names them now.

The written form must occur in the account's stored text (what the crawler captured), so an
alias is always a name a seller really used, never a guess or a typo; and it must be long
enough to be a name rather than a letter or two. The watchlist names victims: only analysts
and admins may teach names, and every change goes to the audit log.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.review.explained import ExplainedError
from crawler.review.i18n import N_
from storage import audit
from storage.models import Account, AuditEntry, Flag, Plan, Post, User, WatchlistPerson, utcnow

SHORTEST = 2
# How long after teaching a name its teacher may take it back from the item page.
UNDO_WINDOW = timedelta(minutes=30)
LONGEST = 30
CHOICES_SHOWN = 20


class NameRefused(ExplainedError):
    """The name cannot be taught as given; the message says what to do instead."""


@dataclass(frozen=True, slots=True)
class TaughtName:
    person_id: str
    person_name: str
    written: str
    added: bool  # False: the person already had this name
    item_named: bool  # False: the item already named the person
    found_now: bool  # the detector now reads this account's text as naming them


def folded(text: str) -> str:
    """How names are compared here: width, case and spacing as the detector ignores them."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def people_matching(session: Session, query: str) -> list[WatchlistPerson]:
    """Watched people a typed id or name means: the id exactly, else a name, reading or
    alias that equals the query, else those that contain it (at most CHOICES_SHOWN)."""
    query = query.strip()
    if not query:
        return []
    exact = session.get(WatchlistPerson, query[:64])
    if exact is not None:
        return [exact]
    wanted = folded(query)
    people = list(session.scalars(select(WatchlistPerson).order_by(WatchlistPerson.id)))
    same_id = [p for p in people if folded(p.id) == wanted]  # d009, Ｄ００９ for D009
    if same_id:
        return same_id
    equal = [p for p in people if wanted in {folded(n) for n in _names(p)}]
    if equal:
        return equal[:CHOICES_SHOWN]
    return [p for p in people if any(wanted in folded(n) for n in _names(p))][:CHOICES_SHOWN]


def _names(person: WatchlistPerson) -> list[str]:
    return [person.name, person.kana or "", *(str(a) for a in person.aliases or ())]


def account_texts(session: Session, account_id: int) -> list[str]:
    """Everything the crawler stored as the account's own words."""
    account = session.get(Account, account_id)
    if account is None:
        return []
    texts = [account.display_name or "", account.handle or "", account.bio or ""]
    for title, text in session.execute(
        select(Post.title, Post.text).where(Post.account_id == account_id)
    ):
        texts += [title or "", text or ""]
    for name, description in session.execute(
        select(Plan.name, Plan.description).where(Plan.account_id == account_id)
    ):
        texts += [name or "", description or ""]
    return [t for t in texts if t]


def teach_name(
    session: Session,
    *,
    flag_id: int,
    person_id: str,
    written: str,
    user: User,
    remote_addr: str | None,
) -> TaughtName:
    """Add ``written`` to the person's aliases and the person to the item; audited."""
    flag = session.get(Flag, flag_id)
    if flag is None:
        raise NameRefused(N_("There is no such item."))
    person = session.get(WatchlistPerson, person_id)
    if person is None:
        raise NameRefused(N_("There is no such person on the watchlist."))
    written = _well_formed(written)
    texts = [t for t in account_texts(session, flag.account_id) if folded(written) in folded(t)]
    if not texts:
        raise NameRefused(
            N_(
                "This account's stored text does not contain that name. Copy it from the post "
                "exactly as it is written there."
            )
        )
    _refuse_shared(session, person, written)
    detector = _detector_for(person, written)
    _refuse_trade_words(detector, written)
    added = folded(written) not in {folded(n) for n in _names(person)}
    if added:
        person.aliases = [*(person.aliases or ()), written]
        person.taught_aliases = [*(person.taught_aliases or ()), written]
    item_named = person.id not in (flag.people or [])
    if item_named:
        flag.people = [*(flag.people or []), person.id]
    found_now = any(person.id in detector.classify_text(text).people for text in texts)
    audit.record(
        session,
        user=user,
        action="watchlist_name_from_review",
        target_type="watchlist_person",
        target_id=person.id,
        detail={
            "flag_id": flag.id,
            "name": written,
            "added": added,
            "item_named": item_named,
            "found_now": found_now,
        },
        remote_addr=remote_addr,
    )
    session.flush()
    return TaughtName(person.id, person.name, written, added, item_named, found_now)


def _well_formed(written: str) -> str:
    """The name with its spacing tidied, or a refusal that says what a name must be."""
    written = " ".join(unicodedata.normalize("NFKC", written).split())
    if len(folded(written)) < SHORTEST:
        raise NameRefused(N_("Type the name as the account writes it: at least two letters."))
    if "|" in written:
        raise NameRefused(
            N_("A name cannot hold “|”: the watchlist separates a person's names with it.")
        )
    if len(written) > LONGEST:
        raise NameRefused(
            N_("That is longer than a name: type only the name as the account writes it.")
        )
    return written


def _refuse_shared(session: Session, person: WatchlistPerson, written: str) -> None:
    """A name two watched people have counts for neither: taught to a second person, it
    would hide the first from every account that uses it."""
    wanted = folded(written)
    for other in session.scalars(select(WatchlistPerson).where(WatchlistPerson.id != person.id)):
        if wanted in {folded(n) for n in _names(other)}:
            raise NameRefused(
                N_(
                    "%(other)s on the watchlist already has this name, and a name two people "
                    "share counts for neither. Check whom the account means, or add a longer "
                    "form that only this person has."
                ),
                other=other.name,
            )


def _refuse_trade_words(detector: Any, written: str) -> None:
    """The words of the trade inside a would-be name (AI美女, lookalike, コラ): taught as a
    name, they would name the person in every advert that uses them."""
    judged = detector.classify_text(written)
    found = [r.matched for r in judged.reasons if r.person_id is None and r.matched]
    if found:
        raise NameRefused(
            N_(
                "“%(words)s” is a word the detector reads as part of an advert, not a name. "
                "Type only the name."
            ),
            words="、".join(dict.fromkeys(found)),
        )


def _detector_for(person: WatchlistPerson, written: str) -> Any:
    """A detector that knows the person with the new name (a very short name counts only
    beside an honorific or a word about fakes, as in the crawl)."""
    from crawler.detect import Detector, WatchlistEntry

    aliases = [str(a) for a in person.aliases or ()]
    entry = WatchlistEntry(
        id=person.id,
        name=person.name,
        kana=person.kana or "",
        aliases=tuple(aliases if written in aliases else [*aliases, written]),
        category=person.category or "",
    )
    return Detector([entry], model=None)


@dataclass(frozen=True, slots=True)
class TaughtNotice:
    """What the item page says after a name was taught (the redirect carries only ids)."""

    person_id: str
    person_name: str
    added: bool
    item_named: bool
    found_now: bool
    written: str = ""  # the name taught, from the audit entry that recorded it

    @property
    def changed(self) -> bool:
        """Something to undo: an alias added or the item newly naming the person."""
        return self.added or self.item_named


def taught_notice(
    session: Session,
    person_id: str,
    *,
    flag_id: int,
    added: int,
    item_named: int,
    found: int,
) -> TaughtNotice | None:
    person = session.get(WatchlistPerson, person_id[:64])
    if person is None:
        return None
    entries = session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.action == "watchlist_name_from_review",
            AuditEntry.target_id == person.id,
        )
        .order_by(AuditEntry.id.desc())
        .limit(20)
    )
    written = next(
        (str(e.detail.get("name") or "") for e in entries if e.detail.get("flag_id") == flag_id),
        "",
    )
    return TaughtNotice(person.id, person.name, bool(added), bool(item_named), bool(found), written)


def undo_taught_name(
    session: Session, *, flag_id: int, person_id: str, user: User, remote_addr: str | None
) -> tuple[bool, bool]:
    """Take back the caller's own latest name for this person on this item, within
    UNDO_WINDOW: the alias it added and the person it added to the item, if they are still
    there. Returns whether an alias came off and whether the item stopped naming them;
    audited."""
    taught = session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.action == "watchlist_name_from_review",
            AuditEntry.user_id == user.id,
            AuditEntry.target_id == person_id,
            AuditEntry.at >= utcnow() - UNDO_WINDOW,
        )
        .order_by(AuditEntry.id.desc())
    ).first()
    if taught is None or taught.detail.get("flag_id") != flag_id:
        raise NameRefused(N_("There is no name of yours on this item to take back any more."))
    undone = session.scalar(
        select(AuditEntry.id).where(
            AuditEntry.action == "watchlist_name_undone",
            AuditEntry.target_id == person_id,
            AuditEntry.id > taught.id,
        )
    )
    if undone is not None:
        raise NameRefused(N_("That name was already taken back."))
    person, flag = session.get(WatchlistPerson, person_id), session.get(Flag, flag_id)
    name = str(taught.detail.get("name") or "")
    if person is not None and taught.detail.get("added"):
        person.aliases = [a for a in person.aliases or () if a != name]
        person.taught_aliases = [a for a in person.taught_aliases or () if a != name]
    if flag is not None and taught.detail.get("item_named"):
        flag.people = [p for p in flag.people or () if p != person_id]
    audit.record(
        session,
        user=user,
        action="watchlist_name_undone",
        target_type="watchlist_person",
        target_id=person_id,
        detail={"flag_id": flag_id, "name": name, "entry_id": taught.id},
        remote_addr=remote_addr,
    )
    session.flush()
    return (
        person is not None and bool(taught.detail.get("added")),
        flag is not None and bool(taught.detail.get("item_named")),
    )
