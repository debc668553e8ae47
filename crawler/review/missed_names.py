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

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.review.i18n import N_
from storage import audit
from storage.models import Account, Flag, Plan, Post, User, WatchlistPerson

SHORTEST = 2
LONGEST = 60
CHOICES_SHOWN = 20


class NameRefused(ValueError):
    """The name cannot be taught as given; the message says what to do instead."""


@dataclass(frozen=True, slots=True)
class TaughtName:
    person_id: str
    person_name: str
    written: str
    added: bool  # False: the person already had this name
    found_now: bool  # the detector now reads this account's text as naming them
    shared_with: tuple[str, ...]  # other watched people with the same name (it counts for none)


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
    written = " ".join(unicodedata.normalize("NFKC", written).split())
    if len(folded(written)) < SHORTEST:
        raise NameRefused(N_("Type the name as the post writes it: at least two letters."))
    if "|" in written:
        raise NameRefused(
            N_("A name cannot hold “|”: the watchlist separates a person's names with it.")
        )
    if len(written) > LONGEST:
        raise NameRefused(
            N_("That is longer than a name: type only the name as the post writes it.")
        )
    texts = [t for t in account_texts(session, flag.account_id) if folded(written) in folded(t)]
    if not texts:
        raise NameRefused(
            N_(
                "This account's stored text does not contain that name. Copy it from the post "
                "exactly as it is written there."
            )
        )
    known = {folded(n) for n in _names(person)}
    added = folded(written) not in known
    if added:
        person.aliases = [*(person.aliases or ()), written]
    if person.id not in (flag.people or []):
        flag.people = [*(flag.people or []), person.id]
    shared_with = tuple(
        other.name
        for other in session.scalars(select(WatchlistPerson).where(WatchlistPerson.id != person.id))
        if folded(written) in {folded(n) for n in _names(other)}
    )
    found_now = _detector_finds(person, texts)
    audit.record(
        session,
        user=user,
        action="watchlist_name_from_review",
        target_type="watchlist_person",
        target_id=person.id,
        detail={"flag_id": flag.id, "added": added, "found_now": found_now},
        remote_addr=remote_addr,
    )
    session.flush()
    return TaughtName(person.id, person.name, written, added, found_now, shared_with)


def _detector_finds(person: WatchlistPerson, texts: list[str]) -> bool:
    """Whether the detector, knowing the new alias, reads one of the texts as naming the
    person (a very short name counts only beside an honorific or a word about fakes)."""
    from crawler.detect import Detector, WatchlistEntry

    entry = WatchlistEntry(
        id=person.id,
        name=person.name,
        kana=person.kana or "",
        aliases=tuple(str(a) for a in person.aliases or ()),
        category=person.category or "",
    )
    detector = Detector([entry], model=None)
    return any(person.id in detector.classify_text(text).people for text in texts)


@dataclass(frozen=True, slots=True)
class TaughtNotice:
    """What the item page says after a name was taught (the redirect carries only ids)."""

    person_name: str
    added: bool
    found_now: bool
    shared: bool


def taught_notice(
    session: Session, person_id: str, *, added: int, found: int, shared: int
) -> TaughtNotice | None:
    person = session.get(WatchlistPerson, person_id[:64])
    if person is None:
        return None
    return TaughtNotice(person.name, bool(added), bool(found), bool(shared))
