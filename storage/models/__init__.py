"""SQLAlchemy 2.0 typed models; one module per stage of the data flow."""

from storage.models.base import Base, utcnow
from storage.models.catalog import Account, AccountRevision, Media, Plan, Platform, Post
from storage.models.crawl import (
    Blob,
    Capture,
    ChainCheckpoint,
    CrawlError,
    CrawlRun,
    EvidenceLink,
)
from storage.models.detection import Detection, Flag, WatchlistPerson
from storage.models.links import AccountIdentifier, AccountLink, SellerPair
from storage.models.review import AuditEntry, Decision, Export, User
from storage.models.schedule import TakedownWatch
from storage.models.timestamps import TimestampToken

__all__ = [
    "Account",
    "AccountIdentifier",
    "AccountLink",
    "AccountRevision",
    "AuditEntry",
    "Base",
    "Blob",
    "Capture",
    "ChainCheckpoint",
    "CrawlError",
    "CrawlRun",
    "Decision",
    "Detection",
    "EvidenceLink",
    "Export",
    "Flag",
    "Media",
    "Plan",
    "Platform",
    "Post",
    "SellerPair",
    "TakedownWatch",
    "TimestampToken",
    "User",
    "WatchlistPerson",
    "utcnow",
]
