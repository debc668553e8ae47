"""Watchlist entries: the people to look for, read from CSV or from the database.

Each entry expands into many spellings (spellings.py, from the tables and readings in
name_tables.py, romaji.py and katakana_names.py); name_matcher.py matches them all in one
pass over a text.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

CSV_COLUMNS = ("id", "name", "kana", "aliases", "category")


@dataclass(frozen=True, slots=True)
class WatchlistEntry:
    id: str
    name: str
    kana: str = ""
    aliases: tuple[str, ...] = ()
    category: str = ""


class WatchlistError(ValueError):
    """The watchlist file cannot be used as given; the message says what to fix."""


def watchlist_digest(entries: Iterable[WatchlistEntry]) -> str:
    """A digest of the people and every name they are known by, in any order: stored
    detections carry it, so a person added or an alias taught re-judges accounts."""
    # Control characters part the fields: names and ids do not hold them.
    rows = sorted(
        "\x1f".join((e.id, e.name, e.kana, "\x1e".join(e.aliases), e.category)) for e in entries
    )
    return hashlib.sha256("\x1d".join(rows).encode("utf-8", "surrogatepass")).hexdigest()


# Categories as people type them, in Japanese or English, for the few that change matching
# (spellings.py: 高橋アナ; initials.py: role words); anything else is kept as typed.
_CATEGORY_WORDS = {
    "announcer": ("announcer", "アナウンサー", "女子アナ", "アナ", "presenter", "newscaster"),
    "actress": ("actress", "actor", "女優", "俳優"),
    "idol": ("idol", "アイドル"),
    "singer": ("singer", "歌手", "シンガー"),
    "talent": ("talent", "タレント", "tv personality"),
    "streamer": ("streamer", "配信者", "vtuber", "ストリーマー"),
    "model": ("model", "モデル"),
    "athlete": ("athlete", "アスリート", "選手", "スポーツ選手"),
    "politician": ("politician", "政治家", "議員"),
}
_CATEGORY_OF = {word: code for code, words in _CATEGORY_WORDS.items() for word in words}


def category_code(typed: str) -> str:
    """The category matching reads (announcer) for what a person typed (アナウンサー)."""
    typed = typed.strip()
    return _CATEGORY_OF.get(typed.casefold(), typed)


def _split_aliases(raw: str) -> tuple[str, ...]:
    """Aliases split on | (a Japanese keyboard's full-width ｜ too, as the review app does)."""
    parts = (raw or "").replace("｜", "|").split("|")
    return tuple(_unguarded(a.strip()) for a in parts if a.strip())


# A spreadsheet runs a cell that starts with one of these as a formula; `watchlist export`
# writes such a cell after a ' (the usual guard), and reading takes the guard off again.
FORMULA_STARTS = ("=", "+", "-", "@")


def guarded(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _unguarded(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def parse_watchlist_csv(text: str, source: str = "watchlist") -> list[WatchlistEntry]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in ("id", "name") if c not in header]
    if missing:
        raise WatchlistError(
            f"{source}: missing column(s) {', '.join(missing)}; the header must be "
            f"{','.join(CSV_COLUMNS)}"
        )
    entries: list[WatchlistEntry] = []
    seen: set[str] = set()
    for line_no, row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k is not None}
        if not any(row.values()):
            continue
        person_id, name = _unguarded(row.get("id", "")), _unguarded(row.get("name", ""))
        if not person_id or not name:
            raise WatchlistError(f"{source}:{line_no}: every row needs an id and a name")
        if person_id in seen:
            raise WatchlistError(f"{source}:{line_no}: duplicate id {person_id!r}")
        seen.add(person_id)
        entries.append(
            WatchlistEntry(
                id=person_id,
                name=name,
                kana=_unguarded(row.get("kana", "")),
                aliases=_split_aliases(row.get("aliases", "")),
                category=category_code(_unguarded(row.get("category", ""))),
            )
        )
    return entries


def load_watchlist_csv(path: str | Path) -> list[WatchlistEntry]:
    """Read ``id,name,kana,aliases,category``: UTF-8 (BOM allowed), or Shift_JIS as Japanese
    Excel saves a plain "CSV"; aliases split on ``|``."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise WatchlistError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise WatchlistError(f"{path}: is a folder, not a CSV file") from exc
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise WatchlistError(
            f"{path}: neither UTF-8 nor Shift_JIS text; in Excel choose "
            "'CSV UTF-8 (comma delimited)' when saving"
        )
    return parse_watchlist_csv(text, source=str(path))


def load_watchlist_from_db(session) -> list[WatchlistEntry]:  # type: ignore[no-untyped-def]
    """Entries stored by ``mimamori watchlist import`` (storage.models.WatchlistPerson)."""
    from sqlalchemy import select

    from storage.models import WatchlistPerson

    rows = session.scalars(select(WatchlistPerson).order_by(WatchlistPerson.id)).all()
    entries = []
    for row in rows:
        aliases = row.aliases
        if isinstance(aliases, str):
            aliases = json.loads(aliases or "[]")
        entries.append(
            WatchlistEntry(
                id=row.id,
                name=row.name,
                kana=row.kana or "",
                aliases=tuple(aliases or ()),
                category=category_code(row.category or ""),
            )
        )
    return entries
