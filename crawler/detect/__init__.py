"""Detection: does a text advertise, sell or take paid requests for AI-generated,
face-swapped or collage sexual imagery of real people; of whom; are minors implied.

What it hands on (Reason, PartRef, AccountText) is the contract in storage/findings/, so the
review app and the export read stored reasons without importing the detector.
"""

from crawler.detect.detector import DETECTOR_VERSION, Detector
from crawler.detect.protocol import TextDetector
from crawler.detect.results import AccountResult, TextResult
from crawler.detect.watchlist import (
    WatchlistEntry,
    WatchlistError,
    load_watchlist_csv,
    load_watchlist_from_db,
    parse_watchlist_csv,
)
from storage.findings import AccountText, PartRef, Reason

__all__ = [
    "DETECTOR_VERSION",
    "AccountResult",
    "AccountText",
    "Detector",
    "PartRef",
    "Reason",
    "TextDetector",
    "TextResult",
    "WatchlistEntry",
    "WatchlistError",
    "load_watchlist_csv",
    "load_watchlist_from_db",
    "parse_watchlist_csv",
]
