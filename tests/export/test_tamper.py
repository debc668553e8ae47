"""Any change to a bundle is caught, and the verdict names the file that changed."""

from __future__ import annotations

import base64
import json
import multiprocessing
import random
import struct
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from storage.export.datapackage import datapackage_bytes, digest_bytes
from storage.export.signing import load_or_create_key
from storage.export.zipwriter import BundleZipWriter, Resource
from storage.verify.bundle import verify_file

from .bundle_edits import unnoticed_flips
from .conftest import Exported, build_case, export_case


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    root = tmp_path_factory.mktemp("tamper")
    case = build_case(root / "data")
    return export_case(case, root / "case.wacz", include_originals=True)


def _data_span(path: Path, name: str) -> tuple[int, int]:
    raw = path.read_bytes()
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    nlen, elen = struct.unpack("<HH", raw[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + nlen + elen
    return start, info.compress_size


def _flipped_copy(src: Path, dst: Path, position: int) -> Path:
    data = bytearray(src.read_bytes())
    data[position] ^= 0x01
    dst.write_bytes(bytes(data))
    return dst


def _member(bundle: Exported, prefix: str) -> str:
    with zipfile.ZipFile(bundle.path) as zf:
        return next(n for n in zf.namelist() if n.startswith(prefix))


@pytest.mark.parametrize(
    "prefix",
    [
        "archive/evidence.warc.gz",
        "records/case.json",
        "records/captures.csv",
        "records/chain.jsonl",
        "screenshots/",
        "thumbnails/",
        "originals/",
        "indexes/index.cdx.gz",
        "pages/pages.jsonl",
        "report/report.html",
        "report/report.pdf",
        "verify/verify_bundle.py",
        "datapackage.json",
        "datapackage-digest.json",
    ],
)
def test_one_flipped_byte_in_a_file_names_it(bundle: Exported, tmp_path: Path, prefix: str) -> None:
    name = _member(bundle, prefix)
    start, size = _data_span(bundle.path, name)
    for position in (start, start + size // 2, start + size - 1):
        copy = _flipped_copy(bundle.path, tmp_path / "copy.wacz", position)
        report = verify_file(copy)
        assert not report.ok, (name, position)
        assert name in report.failed_paths, (name, report.problems)


def _repack(src: Path, dst: Path, changes: dict[str, bytes]) -> None:
    """What a careful forger does: rewrite files and produce a well-formed bundle."""
    with zipfile.ZipFile(src) as zf:
        entries = [(i.filename, zf.read(i.filename)) for i in zf.infolist()]
    writer = BundleZipWriter(dst)
    for name, data in entries:
        writer.write_bytes(name, changes.get(name, data))
    writer.close()


def test_forgery_is_caught_at_every_level(bundle: Exported, tmp_path: Path) -> None:
    with zipfile.ZipFile(bundle.path) as zf:
        case_json = zf.read("records/case.json")
        package = json.loads(zf.read("datapackage.json"))
    forged = case_json.replace(b'"3000.00"', b'"300.00"', 1)
    assert forged != case_json

    # 1. Edit a record: the file's hash no longer matches datapackage.json.
    _repack(bundle.path, tmp_path / "a.wacz", {"records/case.json": forged})
    report = verify_file(tmp_path / "a.wacz")
    assert report.failed_paths == ["records/case.json"]

    # 2. ...and fix up datapackage.json: its hash no longer matches the signed digest.
    for res in package["resources"]:
        if res["path"] == "records/case.json":
            res["hash"] = "sha256:" + __import__("hashlib").sha256(forged).hexdigest()
            res["bytes"] = len(forged)
    new_package = json.dumps(package, indent=2, ensure_ascii=False).encode()
    _repack(
        bundle.path,
        tmp_path / "b.wacz",
        {"records/case.json": forged, "datapackage.json": new_package},
    )
    report = verify_file(tmp_path / "b.wacz")
    assert set(report.failed_paths) == {"datapackage.json", "datapackage-digest.json"}

    # 3. ...and fix up the digest hash: the signature no longer holds.
    with zipfile.ZipFile(bundle.path) as zf:
        digest = json.loads(zf.read("datapackage-digest.json"))
    new_hash = "sha256:" + __import__("hashlib").sha256(new_package).hexdigest()
    digest["hash"] = digest["signedData"]["hash"] = new_hash
    _repack(
        bundle.path,
        tmp_path / "c.wacz",
        {
            "records/case.json": forged,
            "datapackage.json": new_package,
            "datapackage-digest.json": json.dumps(digest).encode(),
        },
    )
    report = verify_file(tmp_path / "c.wacz")
    assert report.failed_paths == ["datapackage-digest.json"]
    assert "signature does not verify" in str(report.problems)

    # 4. ...and re-sign with the forger's own key: only pinning the real key catches it.
    forger = load_or_create_key(tmp_path / "forger")
    resigned = digest_bytes(new_package, created=package["created"], key=forger, software="x")
    changes = {
        "records/case.json": forged,
        "datapackage.json": new_package,
        "datapackage-digest.json": resigned,
    }
    _repack(bundle.path, tmp_path / "d.wacz", changes)
    real_key = load_or_create_key(bundle.case.cfg.keys_dir).public_pem.encode()
    assert verify_file(tmp_path / "d.wacz").ok  # self-consistent, but...
    pinned = verify_file(tmp_path / "d.wacz", real_key)
    assert pinned.failed_paths == ["datapackage-digest.json"]
    assert "different key" in str(pinned.problems)


def test_changed_signature_or_time_is_caught(bundle: Exported, tmp_path: Path) -> None:
    with zipfile.ZipFile(bundle.path) as zf:
        digest = json.loads(zf.read("datapackage-digest.json"))
    signature = bytearray(base64.b64decode(digest["signedData"]["signature"]))
    signature[10] ^= 0x01
    bad_sig = json.loads(json.dumps(digest))
    bad_sig["signedData"]["signature"] = base64.b64encode(bytes(signature)).decode()
    _repack(
        bundle.path, tmp_path / "s.wacz", {"datapackage-digest.json": json.dumps(bad_sig).encode()}
    )
    assert verify_file(tmp_path / "s.wacz").failed_paths == ["datapackage-digest.json"]

    backdated = json.loads(json.dumps(digest))
    backdated["signedData"]["created"] = "2020-01-01T00:00:00Z"
    _repack(
        bundle.path,
        tmp_path / "t.wacz",
        {"datapackage-digest.json": json.dumps(backdated).encode()},
    )
    report = verify_file(tmp_path / "t.wacz")
    assert report.failed_paths == ["datapackage-digest.json"]


def test_added_or_removed_files_are_named(bundle: Exported, tmp_path: Path) -> None:
    with zipfile.ZipFile(bundle.path) as zf:
        entries = [(i.filename, zf.read(i.filename)) for i in zf.infolist()]
    shot = next(n for n, _ in entries if n.startswith("screenshots/"))
    writer = BundleZipWriter(tmp_path / "r.wacz")
    for name, data in entries:
        if name != shot:
            writer.write_bytes(name, data)
    writer.write_bytes("screenshots/extra.png", b"\x89PNG fake")
    writer.close()
    report = verify_file(tmp_path / "r.wacz")
    assert set(report.failed_paths) == {shot, "screenshots/extra.png"}


def test_every_container_byte_and_sampled_content_bytes(bundle: Exported, tmp_path: Path) -> None:
    """Flip each byte of every ZIP header, the directory and the end record, and a sample
    of content bytes: no single-byte change anywhere goes unnoticed."""
    raw = bundle.path.read_bytes()
    with zipfile.ZipFile(bundle.path) as zf:
        infos = zf.infolist()
        start_dir = zf.start_dir
    positions: set[int] = set(range(start_dir, len(raw)))
    for info in infos:
        data_start, _ = _data_span(bundle.path, info.filename)
        positions.update(range(info.header_offset, data_start))
    rng = random.Random(5)
    positions.update(rng.randrange(0, start_dir) for _ in range(300))
    # Thousands of flips, each verified in full: split over two processes, as pytest itself
    # keeps only one of the machine's cores busy.
    ordered = sorted(positions)
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        found = pool.map(
            unnoticed_flips,
            [bundle.path] * 2,
            [ordered[0::2], ordered[1::2]],
            [tmp_path / "f0.wacz", tmp_path / "f1.wacz"],
        )
        missed = sorted(position for part in found for position in part)
    assert not missed, f"{len(missed)} of {len(positions)} flips unnoticed, e.g. {missed[:10]}"


def test_not_a_zip_is_a_clear_failure(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.wacz"
    bogus.write_bytes(b"<html>not a bundle</html>")
    report = verify_file(bogus)
    assert not report.ok and report.failed_paths == [str(bogus)]
    assert "not a readable ZIP" in str(report.problems[0])


def test_resources_listing_unknown_file_is_named(tmp_path: Path) -> None:
    key = load_or_create_key(tmp_path / "k")
    writer = BundleZipWriter(tmp_path / "m.wacz")
    writer.write_bytes("records/a.json", b"{}")
    listed = [*writer.resources, Resource("records/gone.json", "0" * 64, 1)]
    created = "2026-01-01T00:00:00Z"
    package = datapackage_bytes(listed, created=created, title="t", description="d", software="s")
    writer.write_bytes("datapackage.json", package, listed=False)
    writer.write_bytes(
        "datapackage-digest.json",
        digest_bytes(package, created=created, key=key, software="s"),
        listed=False,
    )
    writer.close()
    report = verify_file(tmp_path / "m.wacz")
    assert "records/gone.json" in report.failed_paths
    assert "records/chain.jsonl" in report.failed_paths
