"""The detector a crawl uses: built once per process from the watchlist in the database."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from storage.db import Database
from storage.models import WatchlistPerson

if TYPE_CHECKING:  # the detector itself is imported on first use: a crawl may never need it
    from crawler.detect.protocol import TextDetector


def detector_for(database: Database, data_dir: Path | None = None) -> TextDetector:
    """``data_dir``: where `mimamori detector retrain` may have installed a model."""
    from crawler.detect import Detector, load_watchlist_from_db
    from crawler.detect.learned import active_model

    with database.session() as session:
        entries = load_watchlist_from_db(session)
    return Detector(entries, model=active_model(data_dir)[0])


NO_WATCHLIST_WARNING = (
    "the watchlist is empty: no named person can be recognised, so accounts are judged by "
    "their words only and nothing is routed by whom it targets. Load the people to watch for "
    "with `mimamori watchlist import FILE.csv` (columns id,name,kana,aliases,category), then "
    "check with `mimamori watchlist list`."
)


def missing_watchlist_warning(database: Database) -> str | None:
    """What to tell the operator before a crawl whose detector would know nobody."""
    with database.session() as session:
        anyone = session.scalar(select(WatchlistPerson.id).limit(1))
    return NO_WATCHLIST_WARNING if anyone is None else None


class RunDetector:
    """The run's detector, built on first use: a crawl that never needs it never loads it."""

    def __init__(self, database: Database, data_dir: Path | None = None) -> None:
        self.database = database
        self.data_dir = data_dir
        self._detector: TextDetector | None = None

    @property
    def detector(self) -> TextDetector:
        if self._detector is None:
            self._detector = detector_for(self.database, self.data_dir)
        return self._detector

    @property
    def version(self) -> str:
        """The detector's version and a digest of the signal files, model and watchlist it
        loaded, so editing the YAML signals, retraining or changing the watchlist re-judges
        accounts on the next run."""
        from crawler.detect import DETECTOR_VERSION

        return f"{DETECTOR_VERSION}+{self.detector.digest[:12]}"

    def minor_risk(self, text: str) -> bool:
        return bool(text) and bool(self.detector.classify_text(text).minor_risk)
