"""Streaming WACZ container writer: one entry at a time, hashed while it is written.

Every entry gets the same fixed metadata (date, mode) so that the standalone
verifier can pin every byte of the container, not only the files' contents.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from storage.verify.standalone_zip import FILE_MODE_ATTR, FIXED_DATE_TIME


@dataclass(frozen=True)
class Resource:
    """One file of the bundle as datapackage.json lists it."""

    path: str
    sha256: str
    size: int

    def as_datapackage(self) -> dict[str, object]:
        return {
            "name": _resource_name(self.path),
            "path": self.path,
            # "file": frictionless (inside `wacz validate`) otherwise guesses a table schema
            # from sample rows of our CSV/JSONL and rejects ordinary scraped values.
            "type": "file",
            "hash": "sha256:" + self.sha256,
            "bytes": self.size,
        }


def _resource_name(path: str) -> str:
    # Frictionless requires lowercase names from a small alphabet.
    return "".join(c if c.isalnum() or c in "-._/" else "-" for c in path.lower())


class HashingWriter:
    def __init__(self, sink: BinaryIO) -> None:
        self._sink = sink
        self._digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self._sink.write(data)
        self._digest.update(data)
        self.size += len(data)
        return len(data)

    @property
    def hexdigest(self) -> str:
        return self._digest.hexdigest()


class BundleZipWriter:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._zf = zipfile.ZipFile(self.path, "x", allowZip64=True)
        self.resources: list[Resource] = []
        self._names: set[str] = set()

    def _info(self, name: str, *, size: int | None) -> zipfile.ZipInfo:
        if name in self._names:
            raise ValueError(f"bundle already has {name}")
        if not name.isascii():
            raise ValueError(f"bundle paths are ASCII only: {name!r}")
        self._names.add(name)
        info = zipfile.ZipInfo(name, FIXED_DATE_TIME)
        info.external_attr = FILE_MODE_ATTR
        # Always stored: every byte of the container then counts in a file hash or a
        # header the verifier pins (deflate streams have don't-care padding bits).
        info.compress_type = zipfile.ZIP_STORED
        if size is not None:
            # Lets zipfile decide up front whether the entry needs ZIP64 headers.
            info.file_size = size
        return info

    @contextmanager
    def open(
        self, name: str, *, size: int | None = None, listed: bool = True
    ) -> Iterator[HashingWriter]:
        info = self._info(name, size=size)
        with self._zf.open(info, "w") as raw:
            writer = HashingWriter(raw)
            yield writer
        if size is not None and writer.size != size:
            raise RuntimeError(f"{name}: wrote {writer.size} bytes, announced {size}")
        if listed:
            self.resources.append(Resource(name, writer.hexdigest, writer.size))

    def write_bytes(self, name: str, data: bytes, *, listed: bool = True) -> Resource:
        with self.open(name, size=len(data), listed=listed) as out:
            out.write(data)
        return Resource(name, hashlib.sha256(data).hexdigest(), len(data))

    def has(self, name: str) -> bool:
        return name in self._names

    def close(self) -> None:
        self._zf.close()

    def abort(self) -> None:
        self._zf.close()
        self.path.unlink(missing_ok=True)
