"""Detection: does a text advertise, sell or take paid requests for AI-generated,
face-swapped or collage sexual imagery of real people; of whom; are minors implied."""

from crawler.detect.detector import (
    DETECTOR_VERSION,
    AccountResult,
    Detector,
    Reason,
    TextResult,
)
from crawler.detect.watchlist import (
    WatchlistEntry,
    WatchlistError,
    load_watchlist_csv,
    load_watchlist_from_db,
    parse_watchlist_csv,
)

__all__ = [
    "DETECTOR_VERSION",
    "AccountResult",
    "Detector",
    "Reason",
    "TextResult",
    "WatchlistEntry",
    "WatchlistError",
    "load_watchlist_csv",
    "load_watchlist_from_db",
    "parse_watchlist_csv",
]
