"""The detector a crawl uses: built once per process from the watchlist in the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from storage.db import Database
from storage.models import WatchlistPerson


def detector_for(database: Database, data_dir: Path | None = None) -> Any:
    """``data_dir``: where `mimamori detector retrain` may have installed a model."""
    from crawler.detect import Detector, WatchlistEntry
    from crawler.detect.learned import active_model

    with database.session() as session:
        people = session.scalars(select(WatchlistPerson).order_by(WatchlistPerson.id)).all()
        entries = [
            WatchlistEntry(
                id=p.id,
                name=p.name,
                kana=p.kana or "",
                aliases=tuple(p.aliases or ()),
                category=p.category or "",
            )
            for p in people
        ]
    return Detector(entries, model=active_model(data_dir)[0])
