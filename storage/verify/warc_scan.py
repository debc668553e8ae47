"""Every record in the store's WARC files, read member by member: damage, and records no
capture row points to (storage/verify/store.py)."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from storage.verify.warc_records import RecordFacts


@dataclass
class Referenced:
    """What the capture rows point at, gathered while the chain is walked."""

    offsets: set[tuple[str, int]] = field(default_factory=set)
    record_ids: set[str] = field(default_factory=set)
    last_offset: dict[str, int] = field(default_factory=dict)


def members(path: Path) -> Iterator[tuple[int, bytes | None, str | None]]:
    """(offset, decompressed record, error) for each gzip member of a WARC file.

    Each member's gzip CRC-32 covers its record, so this also catches damage in records
    no capture row points at (request records, warcinfo).
    """
    with open(path, "rb") as fh:
        offset = 0
        pending = b""
        while True:
            if not pending:
                pending = fh.read(1 << 16)
                if not pending:
                    return
            start = offset
            inflater = zlib.decompressobj(31)
            out = []
            try:
                while not inflater.eof:
                    if not pending:
                        pending = fh.read(1 << 16)
                        if not pending:
                            yield start, None, "file ends inside a record (truncated)"
                            return
                    consumed_before = len(pending)
                    out.append(inflater.decompress(pending))
                    pending = inflater.unused_data
                    offset += consumed_before - len(pending)
            except zlib.error as exc:
                yield start, None, f"damaged gzip member ({exc})"
                return
            yield start, b"".join(out), None


def scan_warc_file(path: Path) -> Iterator[tuple[int, RecordFacts | None, str | None]]:
    """(offset, the record's facts, a digest or parse problem) for every record."""
    for offset, data, error in members(path):
        if error:
            yield offset, None, error
            continue
        assert data is not None
        try:
            for record in ArchiveIterator(BytesIO(data), check_digests=True):
                stream = record.content_stream()
                while stream.read(1 << 16):
                    pass
                problem = None
                if record.digest_checker.passed is False:
                    problem = "; ".join(record.digest_checker.problems)
                yield offset, RecordFacts.from_record(record), problem
        except Exception as exc:
            yield offset, None, f"not a WARC record ({exc})"


def is_expected(facts: RecordFacts, name: str, offset: int, referenced: Referenced) -> bool:
    """A row points at it, or it is one the Recorder writes beside such a record: the file's
    warcinfo, or the request record of a response a row points at."""
    if (name, offset) in referenced.offsets or facts.type == "warcinfo":
        return True
    return facts.type == "request" and facts.concurrent_to in referenced.record_ids
