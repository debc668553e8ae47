"""warcinfo records: the fields every WARC we write opens with, and reading them back.

The crawl writes one at the start of each store WARC file (software, operator, robots
policy, profile); an export writes one at the start of a bundle's WARC, built from those
(docs/architecture.md, "Capture" and "Export formats").
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

WARC_FORMAT = "WARC File Format 1.1"
WARC_CONFORMS_TO = "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
# Heritrix's words for the same setting, so tools that read warcinfo know them.
ROBOTS_OBEY = "obey"
ROBOTS_IGNORE = "ignore"
NOT_RECORDED = "not recorded"


class _Sha256InfoWriter(WARCWriter):
    @staticmethod
    def _create_digester() -> Digester:
        return Digester("sha256")


def robots_policy(obey_robots_txt: bool) -> str:
    """The warcinfo `robots` value for a crawl (Scrapy's ROBOTSTXT_OBEY setting)."""
    return ROBOTS_OBEY if obey_robots_txt else ROBOTS_IGNORE


def parse_fields(block: bytes) -> dict[str, str]:
    """application/warc-fields: `name: value` lines; a repeated name keeps its first value."""
    fields: dict[str, str] = {}
    for line in block.decode("utf-8", "replace").splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip() and name.strip() not in fields:
            fields[name.strip()] = value.strip()
    return fields


def read_warcinfo_fields(path: Path) -> dict[str, str]:
    """The fields of the warcinfo record a WARC file starts with ({} when it has none)."""
    with open(path, "rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type != "warcinfo":
                return {}
            return parse_fields(record.content_stream().read())
    return {}


def warcinfo_record_bytes(
    filename: str, fields: dict[str, str], *, warc_date: str, record_id: str
) -> bytes:
    """One gzip-member warcinfo record with the given date and id (so it can be reproduced)."""
    out = BytesIO()
    writer = _Sha256InfoWriter(out, gzip=True, warc_version="WARC/1.1")
    record = writer.create_warcinfo_record(filename, dict(fields))
    record.rec_headers.replace_header("WARC-Date", warc_date)
    record.rec_headers.replace_header("WARC-Record-ID", record_id)
    writer.write_record(record)
    return out.getvalue()
