"""What a forger can do to a bundle without our private key, as helpers for the tests."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

from storage.export.datapackage import digest_bytes
from storage.export.signing import SigningKey
from storage.export.zipwriter import BundleZipWriter


def entries(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as zf:
        return [(i.filename, zf.read(i.filename)) for i in zf.infolist()]


def repack(src: Path, dst: Path, changes: dict[str, bytes], *, reverse: bool = False) -> Path:
    """A well-formed bundle with some files replaced, optionally in another entry order."""
    items = entries(src)
    writer = BundleZipWriter(dst)
    for name, data in reversed(items) if reverse else items:
        writer.write_bytes(name, changes.get(name, data))
    writer.close()
    return dst


def resign(src: Path, dst: Path, changes: dict[str, bytes], key: SigningKey) -> Path:
    """Edit files, fix up every hash in datapackage.json and sign again with `key`:
    a bundle that is consistent in itself, signed by someone else."""
    package = json.loads(dict(entries(src))["datapackage.json"])
    for resource in package["resources"]:
        if resource["path"] in changes:
            data = changes[resource["path"]]
            resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
            resource["bytes"] = len(data)
    package_bytes = json.dumps(package, indent=2, ensure_ascii=False).encode("utf-8")
    digest = digest_bytes(package_bytes, created=package["created"], key=key, software="forger")
    edits = {**changes, "datapackage.json": package_bytes, "datapackage-digest.json": digest}
    return repack(src, dst, edits)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def unnoticed_flips(src: Path, positions: list[int], work: Path) -> list[int]:
    """The positions at which flipping one bit of the bundle at `src` still verifies OK
    (each flipped copy is written to `work` and checked as a user's file would be)."""
    from storage.verify.bundle import verify_file

    raw = src.read_bytes()
    missed = []
    for position in positions:
        data = bytearray(raw)
        data[position] ^= 0x01
        work.write_bytes(bytes(data))
        if verify_file(work).ok:
            missed.append(position)
    return missed
