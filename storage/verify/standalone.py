#!/usr/bin/env python3
"""Verify a mimamori evidence bundle (WACZ) without installing mimamori.

Needs only Python 3.9+ and the `cryptography` package (pip install cryptography):
    python verify_bundle.py BUNDLE.wacz [--key SIGNER_PUBLIC_KEY.pem]
It checks, naming every file that fails: (1) the ZIP container, every header byte in the
one layout mimamori writes, so a changed byte outside the files' contents is caught too;
(2) every file against the SHA-256 and size listed in datapackage.json, none added or
removed; (3) datapackage.json against the hash in datapackage-digest.json; (4) the ECDSA
P-256 signature over that hash and the creation time (signedData), and with --key that
the signer is the key you were given out of band; (5) the capture hash-chain entries in
records/chain.jsonl (each row hash recomputes). Exit status 0 only when everything holds.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import struct
import sys
import zipfile
from collections import namedtuple
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The bundle layout this verifier accepts; kept identical in the exporter.
FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)
FILE_MODE_ATTR = 0o100644 << 16
# Stored, never deflated: a deflate stream has padding bits a flip would not change, and
# every byte of the bundle must count.
ALLOWED_METHODS = (zipfile.ZIP_STORED,)
META_FILES = ("datapackage.json", "datapackage-digest.json")
CHAIN_PATH = "records/chain.jsonl"
SIGNED_DATA_VERSION = "mimamori-sign-1"
_CHUNK = 1024 * 1024
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_LOCAL_SIG = b"PK\x03\x04"
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_CENTRAL_SIG = b"PK\x01\x02"
_EOCD = struct.Struct("<4s4H2LH")
_EOCD_SIG = b"PK\x05\x06"


@dataclass
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class VerifyReport:
    bundle: str
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    files_checked: int = 0
    signer_fingerprint: str | None = None
    created: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    @property
    def failed_paths(self) -> list[str]:
        return sorted({p.path for p in self.problems})


def signed_message(hash_value: str, created: str) -> bytes:
    """The exact bytes the signature covers: the datapackage hash and the creation time."""
    payload = {"created": created, "hash": hash_value, "version": SIGNED_DATA_VERSION}
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode("utf-8")


def key_fingerprint(spki_der: bytes) -> str:
    return "SHA256:" + hashlib.sha256(spki_der).hexdigest()


def chain_row_hash(prev_hash: str | None, fields: dict[str, Any]) -> str:
    # Same serialisation as mimamori's storage.chain.row_hash.
    payload = json.dumps({"prev": prev_hash, "row": fields}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# -- 1. container -------------------------------------------------------------
# The central directory entry's fields, in the order of the ZIP format.
_CentralEntry = namedtuple(
    "_CentralEntry",
    "sig made_ver made_os need_ver need_os flags method mtime mdate crc csize usize"
    " nlen elen clen disk iattr eattr offset",
)


def _check_container(raw: bytes, zf: zipfile.ZipFile, report: VerifyReport) -> None:
    """Pin every byte outside the file contents: local headers equal the central
    directory, entries are contiguous, and the end record has no slack."""
    seen: set[str] = set()
    expected_offset = 0
    for info in zf.infolist():
        name = info.filename
        if name in seen:
            report.fail(name, "listed twice in the ZIP directory")
        seen.add(name)
        if info.header_offset != expected_offset:
            report.fail(
                name, "ZIP entry is not where the previous one ends (bytes inserted or removed)"
            )
        if not _fixed_metadata(info):
            report.fail(
                name, "ZIP directory entry was altered (metadata differs from the bundle layout)"
            )
        end = _check_local_header(raw, info, report)
        if end is None:
            return
        expected_offset = end
    if expected_offset != zf.start_dir:
        report.fail("(zip container)", "bytes between the last file and the ZIP directory")
    _check_central_directory(raw, zf, report)
    _check_end_record(raw, zf, report)


def _fixed_metadata(info: zipfile.ZipInfo) -> bool:
    """The entry's metadata is the one layout mimamori writes."""
    layout = (info.date_time, info.external_attr, info.create_system, info.comment)
    zeros = (info.flag_bits, info.volume, info.internal_attr, info.reserved)
    return (
        layout == (FIXED_DATE_TIME, FILE_MODE_ATTR, 3, b"")
        and zeros == (0, 0, 0, 0)
        and {info.create_version, info.extract_version} <= {20, 45}
        and info.compress_type in ALLOWED_METHODS
        and (info.extra == b"" or info.extract_version == 45)
        and not info.filename.startswith("/")
        and ".." not in info.filename.split("/")
    )


def _check_local_header(raw: bytes, info: zipfile.ZipInfo, report: VerifyReport) -> int | None:
    """Compare the local header with the directory; return where the entry ends."""
    start = info.header_offset
    header = raw[start : start + _LOCAL_HEADER.size]
    if len(header) != _LOCAL_HEADER.size:
        report.fail(info.filename, "ZIP local header is truncated")
        return None
    (sig, ver, _os, flags, method, mtime, mdate, crc, csize, usize, nlen, elen) = (
        _LOCAL_HEADER.unpack(header)
    )
    local_name = raw[start + 30 : start + 30 + nlen]
    local_extra = raw[start + 30 + nlen : start + 30 + nlen + elen]
    zip64 = csize == 0xFFFFFFFF and usize == 0xFFFFFFFF
    zip64_extra = struct.pack("<HHQQ", 1, 16, info.file_size, info.compress_size)
    expected = (_LOCAL_SIG, info.extract_version, 0, info.flag_bits, info.compress_type)
    same = (
        (sig, ver, _os, flags, method) == expected
        and (mtime, mdate, crc) == (*_dos_datetime(info), info.CRC)
        and local_name == info.filename.encode("ascii", "replace")
        and (
            (csize == info.compress_size and usize == info.file_size and local_extra == b"")
            or (zip64 and local_extra == zip64_extra)
        )
    )
    if not same:
        report.fail(info.filename, "ZIP local header differs from the ZIP directory")
    return start + 30 + nlen + elen + info.compress_size


def _check_end_record(raw: bytes, zf: zipfile.ZipFile, report: VerifyReport) -> None:
    tail = raw[-_EOCD.size :]
    if len(tail) != _EOCD.size:
        report.fail("(zip container)", "ZIP end record is missing")
        return
    sig, disk, cd_disk, n_disk, n_total, cd_size, cd_offset, comment_len = _EOCD.unpack(tail)
    eocd_ok = (
        (sig, disk, cd_disk, comment_len) == (_EOCD_SIG, 0, 0, 0)
        and n_disk == n_total == len(zf.infolist())
        and cd_offset == zf.start_dir
        and cd_offset + cd_size == len(raw) - _EOCD.size
    )
    if not eocd_ok:
        report.fail("(zip container)", "ZIP end record was altered or bytes were appended")


def _dos_datetime(info: zipfile.ZipInfo) -> tuple[int, int]:
    year, month, day, hour, minute, second = info.date_time
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


def _check_central_directory(raw: bytes, zf: zipfile.ZipFile, report: VerifyReport) -> None:
    """Re-read the directory byte by byte: zipfile tolerates lengths that run past its end."""
    pos = zf.start_dir
    for info in zf.infolist():
        if pos + _CENTRAL.size > len(raw):
            report.fail(info.filename, "ZIP directory entry is truncated")
            return
        c = _CentralEntry._make(_CENTRAL.unpack(raw[pos : pos + _CENTRAL.size]))
        zip64 = c.usize == 0xFFFFFFFF or c.csize == 0xFFFFFFFF or c.offset == 0xFFFFFFFF
        name = raw[pos + 46 : pos + 46 + c.nlen]
        extra = raw[pos + 46 + c.nlen : pos + 46 + c.nlen + c.elen]
        same = (
            c.sig == _CENTRAL_SIG
            and (c.made_ver, c.made_os) == (info.create_version, info.create_system)
            and (c.need_ver, c.need_os) == (info.extract_version, 0)
            and (c.flags, c.method) == (info.flag_bits, info.compress_type)
            and (c.mtime, c.mdate) == _dos_datetime(info)
            and c.crc == info.CRC
            and name == info.filename.encode("ascii", "replace")
            and extra == info.extra
            and (c.clen, c.disk) == (0, 0)
            and (c.iattr, c.eattr) == (info.internal_attr, info.external_attr)
            and (
                zip64
                or (c.csize, c.usize, c.offset)
                == (info.compress_size, info.file_size, info.header_offset)
            )
        )
        if not same:
            report.fail(info.filename, "ZIP directory entry was altered")
        pos += 46 + c.nlen + c.elen + c.clen
    if pos != len(raw) - _EOCD.size:
        report.fail("(zip container)", "ZIP directory does not end where the end record begins")


# -- 2-3. hashes --------------------------------------------------------------
def _hash_member(zf: zipfile.ZipFile, name: str) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with zf.open(name) as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return "sha256:" + digest.hexdigest(), size


def _read_member(zf: zipfile.ZipFile, name: str, report: VerifyReport) -> bytes | None:
    try:
        return zf.read(name)
    except KeyError:
        report.fail(name, "missing from the bundle")
    except Exception as exc:  # a damaged member raises zlib/CRC errors
        report.fail(name, f"cannot be read ({exc})")
    return None


def _check_resources(
    zf: zipfile.ZipFile, datapackage: dict[str, Any], report: VerifyReport
) -> None:
    resources = datapackage.get("resources")
    if not isinstance(resources, list) or not resources:
        report.fail("datapackage.json", "lists no resources")
        return
    members = {i.filename for i in zf.infolist()} - set(META_FILES)
    listed: set[str] = set()
    for res in resources:
        path = res.get("path") if isinstance(res, dict) else None
        if not isinstance(path, str):
            report.fail("datapackage.json", "has a resource without a path")
            continue
        if path in listed:
            report.fail(path, "listed twice in datapackage.json")
        listed.add(path)
        if path not in members:
            report.fail(path, "listed in datapackage.json but missing from the bundle")
            continue
        try:
            hash_value, size = _hash_member(zf, path)
        except Exception as exc:
            report.fail(path, f"cannot be read ({exc})")
            continue
        report.files_checked += 1
        if hash_value != res.get("hash"):
            report.fail(path, "SHA-256 differs from datapackage.json (file was altered)")
        elif size != res.get("bytes"):
            report.fail(path, "size differs from datapackage.json")
    for extra in sorted(members - listed):
        report.fail(extra, "in the bundle but not listed in datapackage.json (file was added)")


# -- 4. signature -------------------------------------------------------------
def _load_public_key(pem_or_der: bytes) -> tuple[Any, bytes]:
    from cryptography.hazmat.primitives import serialization as ser

    pem = pem_or_der.lstrip().startswith(b"-----")
    key = (ser.load_pem_public_key if pem else ser.load_der_public_key)(pem_or_der)
    return key, key.public_bytes(ser.Encoding.DER, ser.PublicFormat.SubjectPublicKeyInfo)


def _check_signature(
    datapackage: dict[str, Any],
    datapackage_bytes: bytes,
    digest: dict[str, Any],
    trusted_key: bytes | None,
    report: VerifyReport,
) -> None:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    where = "datapackage-digest.json"
    actual = "sha256:" + hashlib.sha256(datapackage_bytes).hexdigest()
    if digest.get("path") != "datapackage.json" or digest.get("hash") != actual:
        report.fail(
            "datapackage.json",
            "hash differs from datapackage-digest.json (datapackage was altered)",
        )
    signed = digest.get("signedData")
    if not isinstance(signed, dict):
        report.fail(where, "has no signedData: the bundle is not signed")
        return
    created = signed.get("created")
    report.created = created if isinstance(created, str) else None
    if signed.get("hash") != digest.get("hash") or signed.get("hash") != actual:
        report.fail(where, "signed hash differs from the hash of datapackage.json")
    if created != datapackage.get("created"):
        report.fail(where, "signed creation time differs from datapackage.json 'created'")
    try:
        key, der = _load_public_key(base64.b64decode(signed.get("publicKey", ""), validate=True))
        signature = base64.b64decode(signed.get("signature", ""), validate=True)
    except Exception as exc:
        report.fail(where, f"public key or signature cannot be decoded ({exc})")
        return
    report.signer_fingerprint = key_fingerprint(der)
    if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != "secp256r1":
        report.fail(where, "signing key is not ECDSA P-256")
        return
    try:
        key.verify(
            signature,
            signed_message(str(signed.get("hash")), str(created)),
            ec.ECDSA(hashes.SHA256()),
        )
    except InvalidSignature:
        report.fail(where, "signature does not verify (digest or signature was altered)")
        return
    if trusted_key is not None:
        try:
            _, trusted_der = _load_public_key(trusted_key)
        except Exception as exc:
            report.fail("--key", f"cannot read the public key you gave ({exc})")
            return
        if trusted_der != der:
            report.fail(
                where,
                "signed by a different key than the one you gave "
                f"(bundle key {key_fingerprint(der)}, yours {key_fingerprint(trusted_der)})",
            )
    else:
        report.notes.append(
            "signature is valid; compare the signer fingerprint with the one the sender gave you "
            "(or pass --key) to know who signed it"
        )


# -- 5. chain -----------------------------------------------------------------
def _check_chain(zf: zipfile.ZipFile, report: VerifyReport) -> None:
    if CHAIN_PATH not in zf.namelist():
        report.fail(CHAIN_PATH, "missing: the bundle carries no capture chain entries")
        return
    data = _read_member(zf, CHAIN_PATH, report)
    if data is None:
        return
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        try:
            entry = json.loads(line)
            recomputed = chain_row_hash(entry["prev_row_hash"], entry["fields"])
        except Exception:
            report.fail(CHAIN_PATH, f"line {number} is not a chain entry")
            continue
        if recomputed != entry.get("row_hash"):
            report.fail(
                CHAIN_PATH,
                f"line {number} (capture {entry.get('capture_id')}) does not hash to its row_hash",
            )


def _json_object(data: bytes, name: str, report: VerifyReport) -> dict[str, Any] | None:
    try:
        value = json.loads(data)
    except Exception:
        value = None
    if not isinstance(value, dict):
        report.fail(name, "is not valid JSON")
        return None
    return value


def verify_bundle(path: str, trusted_key: bytes | None = None) -> VerifyReport:
    report = VerifyReport(bundle=str(path))
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        report.fail(str(path), f"is not a readable ZIP/WACZ file ({exc})")
        return report
    with zf:
        _check_container(raw, zf, report)
        del raw
        dp_bytes = _read_member(zf, "datapackage.json", report)
        digest_bytes = _read_member(zf, "datapackage-digest.json", report)
        if dp_bytes is None or digest_bytes is None:
            return report
        if (datapackage := _json_object(dp_bytes, "datapackage.json", report)) is None:
            return report
        if (digest := _json_object(digest_bytes, "datapackage-digest.json", report)) is None:
            return report
        _check_resources(zf, datapackage, report)
        _check_signature(datapackage, dp_bytes, digest, trusted_key, report)
        _check_chain(zf, report)
    return report


def format_report(report: VerifyReport) -> str:
    lines = [f"Bundle: {report.bundle}"]
    if report.created:
        lines.append(f"Signed at (UTC): {report.created}")
    if report.signer_fingerprint:
        lines.append(f"Signer key: {report.signer_fingerprint}")
    lines.append(f"Files checked: {report.files_checked}")
    if report.ok:
        lines.append(
            "VERDICT: OK - every file matches its recorded SHA-256 and the signature holds."
        )
        lines.extend(f"note: {n}" for n in report.notes)
    else:
        lines.append(f"VERDICT: FAILED - {len(report.failed_paths)} file(s) fail:")
        lines.extend(f"  FAIL {p}" for p in report.problems)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verify a mimamori evidence bundle (WACZ).")
    parser.add_argument("bundle", help="the .wacz file")
    parser.add_argument("--key", help="the signer's public key (PEM) you received separately")
    args = parser.parse_args(argv)
    trusted = Path(args.key).read_bytes() if args.key else None
    report = verify_bundle(args.bundle, trusted)
    print(format_report(report))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
