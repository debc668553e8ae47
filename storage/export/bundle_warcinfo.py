"""The warcinfo record that opens a bundle's WARC: what made it, for whom, under which policy.

The crawl facts (operator, robots policy, software) are read from the warcinfo record each
source WARC file starts with, so the bundle repeats what the crawl recorded at the time;
the profiles come from the crawl runs. The record is a function of the evidence alone, so
the same captures always give the same WARC bytes whatever report the bundle carries: its
WARC-Date is that of the newest capture it holds, its id is derived from its content, and
when the bundle was made is in datapackage.json (docs/architecture.md, "Export formats").
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from warcio.timeutils import datetime_to_iso_date

from storage.export.archive import ARCHIVE_NAME, ArchivePlan, warc_source
from storage.version import __version__
from storage.warc.warcinfo import (
    NOT_RECORDED,
    WARC_CONFORMS_TO,
    WARC_FORMAT,
    read_warcinfo_fields,
    warcinfo_record_bytes,
)

_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://mimamori.invalid/bundle-warcinfo")
DESCRIPTION = (
    "Evidence records copied byte for byte from the crawl's WARC files "
    "(mimamori-source-warc); each response is followed by its request record. "
    "WARC-Date is that of the newest capture in this file, so the same evidence always "
    "gives the same bytes; when the bundle was made is in datapackage.json."
)


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


def _warc_date(when: datetime) -> str:
    # Naive values come from SQLite, which stores the UTC times the crawl wrote.
    aware = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    return datetime_to_iso_date(aware.astimezone(UTC).replace(tzinfo=None), use_micros=True)


def _joined(values: Iterable[str]) -> str:
    distinct = list(dict.fromkeys(v for v in values if v))
    return "; ".join(distinct) if distinct else NOT_RECORDED


def source_warcinfo(plan: ArchivePlan, warc_dir: Path) -> dict[str, dict[str, str]]:
    """Each source WARC file's own warcinfo fields, in the order the plan first uses them."""
    names = dict.fromkeys(r.warc_file for r in plan.records)
    return {name: read_warcinfo_fields(warc_source(warc_dir, name)) for name in names}


def bundle_warcinfo_fields(
    sources: dict[str, dict[str, str]], *, operator: str, profiles: Iterable[str]
) -> dict[str, str]:
    infos = list(sources.values())
    return {
        "software": f"mimamori {__version__} export (warcio {_package_version('warcio')})",
        "format": WARC_FORMAT,
        "conformsTo": WARC_CONFORMS_TO,
        "operator": operator,
        "robots": _joined(i.get("robots", NOT_RECORDED) for i in infos),
        "isPartOf": "mimamori evidence bundle",
        "description": DESCRIPTION,
        "mimamori-version": __version__,
        "mimamori-profile": _joined(sorted(set(profiles))),
        "mimamori-crawl-operator": _joined(i.get("operator", NOT_RECORDED) for i in infos),
        "mimamori-crawl-software": _joined(i.get("software", NOT_RECORDED) for i in infos),
        "mimamori-source-warc": _joined(sources),
    }


def bundle_warcinfo(
    plan: ArchivePlan,
    warc_dir: Path,
    *,
    operator: str,
    profiles: Iterable[str],
    fallback_date: datetime,
) -> bytes:
    """The gzip-member warcinfo record the bundle's WARC starts with."""
    fields = bundle_warcinfo_fields(
        source_warcinfo(plan, warc_dir), operator=operator, profiles=profiles
    )
    warc_date = _warc_date(plan.newest_capture or fallback_date)
    content = "\n".join(f"{k}: {v}" for k, v in fields.items()) + warc_date
    record_id = (
        f"<urn:uuid:{uuid.uuid5(_ID_NAMESPACE, hashlib.sha256(content.encode()).hexdigest())}>"
    )
    return warcinfo_record_bytes(ARCHIVE_NAME, fields, warc_date=warc_date, record_id=record_id)
