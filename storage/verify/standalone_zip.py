"""The ZIP container of a bundle, byte for byte: the one layout mimamori writes.

Shipped in every bundle as verify/verify_zip.py beside verify_bundle.py, which needs it
(standard library only, Python 3.9+). Every byte outside the files is pinned: local
headers, the directory, the end record, and no bytes between or after them, so a
re-zipped, reordered or padded bundle is caught even when every file's hash still holds.
"""

from __future__ import annotations

import struct
import zipfile
from typing import Any

# The bundle layout this verifier accepts; kept identical in the exporter.
FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)
FILE_MODE_ATTR = 0o100644 << 16
# Stored, never deflated: a deflate stream has padding bits a flip would not change, and
# every byte of the bundle must count.
ALLOWED_METHODS = (zipfile.ZIP_STORED,)

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_LOCAL_SIG = b"PK\x03\x04"
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_CENTRAL_SIG = b"PK\x01\x02"
_EOCD = struct.Struct("<4s4H2LH")
_EOCD_SIG = b"PK\x05\x06"


def check_container(raw: bytes, zf: zipfile.ZipFile, report: Any) -> None:
    """Pin every byte outside the files: headers, contiguity, no slack after the end record."""
    seen = set()
    expected_offset = 0
    for info in zf.infolist():
        name = info.filename
        if name in seen:
            report.fail(name, "listed twice in the ZIP directory")
        seen.add(name)
        if info.header_offset != expected_offset:
            report.fail(name, "ZIP entry does not follow the previous one (bytes inserted?)")
        if not _fixed_metadata(info):
            report.fail(name, "ZIP directory entry was altered (not the bundle layout)")
        if (end := _check_local_header(raw, info, report)) is None:
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


def _check_local_header(raw: bytes, info: zipfile.ZipInfo, report: Any) -> int | None:
    """The local header is what the directory implies (plain or ZIP64); returns its end."""
    start, name = info.header_offset, info.filename.encode("ascii", "replace")
    if start + _LOCAL_HEADER.size > len(raw):
        report.fail(info.filename, "ZIP local header is truncated")
        return None
    nlen, elen = struct.unpack("<HH", raw[start + 26 : start + 30])
    fixed = (_LOCAL_SIG, info.extract_version, 0, info.flag_bits, info.compress_type)
    fixed += (*_dos_datetime(info), info.CRC)
    plain = _LOCAL_HEADER.pack(*fixed, info.compress_size, info.file_size, len(name), 0)
    zip64 = _LOCAL_HEADER.pack(*fixed, 0xFFFFFFFF, 0xFFFFFFFF, len(name), 20) + name
    zip64 += struct.pack("<HHQQ", 1, 16, info.file_size, info.compress_size)
    if raw[start : start + 30 + nlen + elen] not in (plain + name, zip64):
        report.fail(info.filename, "ZIP local header differs from the ZIP directory")
    return start + 30 + nlen + elen + info.compress_size


def _check_end_record(raw: bytes, zf: zipfile.ZipFile, report: Any) -> None:
    count, size = len(zf.infolist()), max(len(raw) - _EOCD.size - zf.start_dir, 0)
    fields = (min(count, 0xFFFF),) * 2 + (min(size, 0xFFFFFFFF), min(zf.start_dir, 0xFFFFFFFF))
    if raw[-_EOCD.size :] != _EOCD.pack(_EOCD_SIG, 0, 0, *fields, 0):
        report.fail("(zip container)", "ZIP end record was altered or bytes were appended")


def _dos_datetime(info: zipfile.ZipInfo) -> tuple[int, int]:
    year, month, day, hour, minute, second = info.date_time
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


def _check_central_directory(raw: bytes, zf: zipfile.ZipFile, report: Any) -> None:
    """Each directory entry, byte for byte (zipfile tolerates lengths running past its end)."""
    pos = zf.start_dir
    for info in zf.infolist():
        if pos + _CENTRAL.size > len(raw):
            report.fail(info.filename, "ZIP directory entry is truncated")
            return
        c = _CENTRAL.unpack(raw[pos : pos + _CENTRAL.size])
        csize, usize, nlen, elen, clen, offset = c[10], c[11], c[12], c[13], c[14], c[18]
        if 0xFFFFFFFF not in (csize, usize, offset):  # ZIP64 keeps the real ones in extra
            csize, usize, offset = info.compress_size, info.file_size, info.header_offset
        name = info.filename.encode("ascii", "replace")
        versions = (info.create_version, info.create_system, info.extract_version, 0)
        expected = _CENTRAL.pack(
            _CENTRAL_SIG, *versions, info.flag_bits, info.compress_type, *_dos_datetime(info),
            info.CRC, csize, usize, len(name), len(info.extra), 0, 0, info.internal_attr,
            info.external_attr, offset,
        )  # fmt: skip
        if raw[pos : pos + 46 + nlen + elen + clen] != expected + name + info.extra:
            report.fail(info.filename, "ZIP directory entry was altered")
        pos += 46 + nlen + elen + clen
    if pos != len(raw) - _EOCD.size:
        report.fail("(zip container)", "ZIP directory does not end where the end record begins")
