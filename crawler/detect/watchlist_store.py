"""Storing the watchlist: merge or replace the people in the database from parsed entries.

Used by the CLI (`mimamori watchlist import`), the demo and the review app's watchlist page.
Aliases an analyst taught from an item page (`taught_aliases`) survive every import: the
group's own CSV has never heard of them, and dropping them would silently undo review work.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.detect.watchlist import WatchlistEntry
from storage.models import WatchlistPerson
from storage.models.base import utcnow


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    # People whose names taught from review were kept although the imported entry lacks them.
    kept_taught: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"added {len(self.added)}, updated {len(self.updated)}, "
            f"unchanged {len(self.unchanged)}, removed {len(self.removed)}"
        )
        if self.kept_taught:
            text += (
                f"; kept the names taught from review for {len(self.kept_taught)} "
                "(see `mimamori watchlist list`)"
            )
        return text


def import_entries(
    session: Session, entries: list[WatchlistEntry], *, replace: bool
) -> ImportReport:
    """Merge (default) or replace the stored watchlist with ``entries``."""
    report = ImportReport()
    existing = {p.id: p for p in session.scalars(select(WatchlistPerson))}
    now = utcnow()
    for entry in entries:
        values = {
            "name": entry.name,
            "kana": entry.kana or None,
            "aliases": list(entry.aliases),
            "category": entry.category or None,
        }
        person = existing.get(entry.id)
        if person is None:
            session.add(WatchlistPerson(id=entry.id, imported_at=now, **values))
            report.added.append(entry.id)
            continue
        missing = [t for t in person.taught_aliases or () if t not in values["aliases"]]
        if missing:
            values["aliases"] = [*values["aliases"], *missing]
            report.kept_taught.append(entry.id)
        current = {
            "name": person.name,
            "kana": person.kana,
            "aliases": list(person.aliases or []),
            "category": person.category,
        }
        if current == values:
            report.unchanged.append(entry.id)
            continue
        for key, value in values.items():
            setattr(person, key, value)
        person.imported_at = now
        report.updated.append(entry.id)
    if replace:
        keep = {e.id for e in entries}
        for person_id, person in existing.items():
            if person_id not in keep:
                session.delete(person)
                report.removed.append(person_id)
    session.flush()
    return report


def save_person(session: Session, entry: WatchlistEntry) -> str:
    """Store one person exactly as edited on the watchlist page: "added", "updated" or
    "unchanged". A taught alias the analyst deleted from the form stops being taught."""
    person = session.get(WatchlistPerson, entry.id)
    values = {
        "name": entry.name,
        "kana": entry.kana or None,
        "aliases": list(entry.aliases),
        "category": entry.category or None,
    }
    if person is None:
        session.add(WatchlistPerson(id=entry.id, imported_at=utcnow(), **values))
        session.flush()
        return "added"
    kept = [t for t in person.taught_aliases or () if t in values["aliases"]]
    if all(getattr(person, key) == value for key, value in values.items()):
        return "unchanged"
    for key, value in values.items():
        setattr(person, key, value)
    person.taught_aliases = kept
    person.imported_at = utcnow()
    session.flush()
    return "updated"
