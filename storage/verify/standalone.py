#!/usr/bin/env python3
"""Verify a mimamori evidence bundle (WACZ) without mimamori: Python 3.9+, and for the
signature `cryptography` (pip install cryptography); every other check is standard library.
    python3 verify_bundle.py BUNDLE.wacz --key SIGNER_PUBLIC_KEY.pem [--sha256 HEX]
Checks, naming what fails: every ZIP header byte; every file against its SHA-256 and size in
datapackage.json; datapackage.json against datapackage-digest.json; the signature (the WACZ
anonymous form, ECDSA P-384 over that hash) and that its key is the one you were given; the
capture chain (records/chain.jsonl); with --sha256, the whole file. Exit status 0: all holds
and the key is yours; 1: something fails; 3: nothing fails, but the signer is not established.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import struct
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:  # inside mimamori; in a bundle, the files beside this one in verify/
    from storage.verify import standalone_time as _time
    from storage.verify import standalone_zip as _zip
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    try:
        import verify_zip as _zip  # type: ignore[no-redef]
    except ImportError:
        _zip = None  # type: ignore[assignment]
    try:
        import verify_timestamps as _time  # type: ignore[no-redef]
    except ImportError:
        _time = None  # type: ignore[assignment]

META_FILES = ("datapackage.json", "datapackage-digest.json")
DIGEST = "datapackage-digest.json"
CHAIN_PATH = "records/chain.jsonl"
WACZ_SIGNATURE_VERSION = "0.1.0"  # the WACZ Signing and Verification spec version
LEGACY_SIGNATURE_VERSION = "mimamori-sign-1"  # P-256 over a JSON message, before P-384
_CURVES = {"P-256": "secp256r1", "P-384": "secp384r1"}
EXIT_OK, EXIT_FAILED, EXIT_UNTRUSTED = 0, 1, 3
_CHUNK = 1024 * 1024


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
    files_checked: int = 0
    signer_fingerprint: str | None = None
    created: str | None = None
    file_sha256: str | None = None
    signature_valid: bool | None = None  # None: not checked
    skipped: list[str] = field(default_factory=list)
    key_source: str | None = None  # set only for a key that came by another way
    time_lines: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:  # nothing fails (the signer may still be unknown)
        return not self.problems

    @property
    def trusted(self) -> bool:
        return self.ok and self.signature_valid is True and self.key_source is not None

    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.trusted else EXIT_FAILED if self.problems else EXIT_UNTRUSTED

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    @property
    def failed_paths(self) -> list[str]:
        return sorted({p.path for p in self.problems})


def key_fingerprint(spki_der: bytes) -> str:
    return "SHA256:" + hashlib.sha256(spki_der).hexdigest()


def public_key_der(pem_or_der: bytes) -> bytes:
    """SPKI DER of a public key file, with the standard library (PEM is base64 of it)."""
    lines = pem_or_der.strip().splitlines() or [b""]
    if not lines[0].startswith(b"-----"):
        return pem_or_der
    if not lines[0].endswith(b"BEGIN PUBLIC KEY-----"):
        raise ValueError("not a PEM public key (BEGIN PUBLIC KEY)")
    body = b"".join(x for x in lines if not x.startswith(b"-----"))
    return base64.b64decode(body, validate=True)


def chain_row_hash(prev_hash: str | None, fields: dict[str, Any]) -> str:
    # Same serialisation as mimamori's storage.chain.row_hash.
    payload = json.dumps({"prev": prev_hash, "row": fields}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# -- 2-3. hashes --------------------------------------------------------------
def _hash_member(zf: zipfile.ZipFile, name: str) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
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


def _check_resources(zf: zipfile.ZipFile, package: dict[str, Any], report: VerifyReport) -> None:
    resources = package.get("resources")
    if not isinstance(resources, list) or not resources:
        return report.fail("datapackage.json", "lists no resources")
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


# -- 3-4. digest, signature, signer ---------------------------------------------
def _check_digest(
    datapackage: dict[str, Any], dp_bytes: bytes, digest: dict[str, Any], report: VerifyReport
) -> tuple[dict[str, Any], bytes] | None:
    """Standard library only: the digest hashes datapackage.json and signedData agrees."""
    actual = "sha256:" + hashlib.sha256(dp_bytes).hexdigest()
    if digest.get("path") != "datapackage.json" or digest.get("hash") != actual:
        report.fail("datapackage.json", f"hash differs from {DIGEST} (datapackage was altered)")
    signed = digest.get("signedData")
    if not isinstance(signed, dict):
        report.fail(DIGEST, "has no signedData: the bundle is not signed")
        return None
    created = signed.get("created")
    report.created = created if isinstance(created, str) else None
    if signed.get("hash") != digest.get("hash") or signed.get("hash") != actual:
        report.fail(DIGEST, "signed hash differs from the hash of datapackage.json")
    # The signature covers the hash of datapackage.json, so its 'created' is signed too.
    if created != datapackage.get("created"):
        report.fail(DIGEST, "signed creation time differs from datapackage.json 'created'")
    try:
        der = base64.b64decode(signed.get("publicKey", ""), validate=True)
        base64.b64decode(signed.get("signature", ""), validate=True)
    except (binascii.Error, TypeError, ValueError) as exc:
        report.fail(DIGEST, f"public key or signature cannot be decoded ({exc})")
        return None
    report.signer_fingerprint = key_fingerprint(der)
    return signed, der


def _check_signature(signed: dict[str, Any], der: bytes, report: VerifyReport) -> None:
    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
    except ImportError:
        report.skipped.append("signature: 'cryptography' is not installed (pip install it)")
        return
    signature, text = base64.b64decode(signed.get("signature", "")), str(signed.get("hash"))
    if signed.get("version") == LEGACY_SIGNATURE_VERSION:  # P-256, DER, over hash and time
        created = str(signed.get("created"))
        legacy = {"created": created, "hash": text, "version": LEGACY_SIGNATURE_VERSION}
        curve, message = "P-256", json.dumps(legacy, sort_keys=True, separators=(",", ":"))
    elif len(signature) != 96:
        return report.fail(DIGEST, "signature is not the 96-byte r||s form of ECDSA P-384")
    else:  # the WACZ anonymous form: raw r||s (as WebCrypto signs) over the hash text
        r, s = int.from_bytes(signature[:48], "big"), int.from_bytes(signature[48:], "big")
        curve, message, signature = "P-384", text, encode_dss_signature(r, s)
    try:
        key = serialization.load_der_public_key(der)
    except ValueError as exc:
        return report.fail(DIGEST, f"public key cannot be read ({exc})")
    if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != _CURVES[curve]:
        return report.fail(DIGEST, f"signing key is not ECDSA {curve}")
    try:
        key.verify(signature, message.encode("utf-8"), ec.ECDSA(hashes.SHA256()))
        report.signature_valid = True
    except InvalidSignature:
        report.signature_valid = False
        report.fail(DIGEST, "signature does not verify (digest or signature was altered)")


def _check_signer(
    der: bytes,
    given: bytes | None,
    key_label: str,
    trusted: Sequence[tuple[bytes, str]],
    report: VerifyReport,
) -> None:
    """Whose key signed: trusted only if it matches a key that came another way."""
    if given is None:
        report.key_source = next((src for key, src in trusted if public_key_der(key) == der), None)
        return
    try:
        given_der = public_key_der(given)
    except (ValueError, binascii.Error) as exc:
        return report.fail("--key", f"cannot read the public key you gave ({exc})")
    if given_der != der:
        return report.fail(
            DIGEST,
            "signed by a different key than the one you gave "
            f"(bundle key {key_fingerprint(der)}, yours {key_fingerprint(given_der)})",
        )
    report.key_source = key_label


# -- 5. chain -----------------------------------------------------------------
def _check_chain(zf: zipfile.ZipFile, report: VerifyReport) -> None:
    if CHAIN_PATH not in zf.namelist():
        return report.fail(CHAIN_PATH, "missing: the bundle carries no capture chain entries")
    if (data := _read_member(zf, CHAIN_PATH, report)) is None:
        return
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        try:
            entry = json.loads(line)
            recomputed = chain_row_hash(entry["prev_row_hash"], entry["fields"])
        except Exception:
            report.fail(CHAIN_PATH, f"line {number} is not a chain entry")
            continue
        if recomputed != entry.get("row_hash"):
            capture = entry.get("capture_id")
            report.fail(CHAIN_PATH, f"line {number} (capture {capture}) does not hash to row_hash")


def _check_time(zf: zipfile.ZipFile, digest: Any, report: VerifyReport, roots: Any) -> None:
    if _time is None:
        report.time_lines = ["trusted time: NOT CHECKED (verify_timestamps.py is not beside me)"]
        return
    report.time_lines, failures = _time.bundle_time(zf, digest, report.created, roots)
    for failure in failures:
        report.fail(DIGEST, failure)


def _read_json(zf: zipfile.ZipFile, name: str, report: VerifyReport) -> tuple[bytes, Any] | None:
    if (data := _read_member(zf, name, report)) is None:
        return None
    try:
        value = json.loads(data)
    except ValueError:
        value = None
    if isinstance(value, dict):
        return data, value
    return report.fail(name, "is not valid JSON")


def verify_bundle(
    path: str,
    trusted_key: bytes | None = None,
    *,
    key_label: str = "--key",
    trusted: Sequence[tuple[bytes, str]] = (),
    expected_sha256: str | None = None,
    tsa_roots: tuple[bytes, str] | None = None,
) -> VerifyReport:
    """`trusted_key`: the sender's key (another one fails); `trusted`: keys to recognise;
    `tsa_roots`: timestamp authority certificates (PEM) and where they came from."""
    report = VerifyReport(bundle=str(path))
    try:
        raw = Path(path).read_bytes()
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        report.fail(str(path), f"is not a readable ZIP/WACZ file ({exc})")
        return report
    report.file_sha256 = hashlib.sha256(raw).hexdigest()
    wanted = (expected_sha256 or "").strip().lower().replace("sha256:", "")
    if expected_sha256 is not None and wanted != report.file_sha256:
        why = "re-zipped, reordered or changed since"
        report.fail("(whole file)", f"SHA-256 is not {wanted} as recorded at export ({why})")
    with zf:
        try:
            if _zip is None:
                report.fail("(zip container)", "not checked: extract verify_zip.py beside me")
            else:
                _zip.check_container(raw, zf, report)
        except struct.error:  # zipfile parsed a header field mimamori cannot have written
            report.fail("(zip container)", "ZIP headers were altered")
        del raw
        package, digest = (_read_json(zf, name, report) for name in META_FILES)
        if package is None or digest is None:
            return report
        _check_resources(zf, package[1], report)
        if (signed := _check_digest(package[1], package[0], digest[1], report)) is not None:
            _check_signature(signed[0], signed[1], report)
            _check_signer(signed[1], trusted_key, key_label, trusted, report)
            _check_time(zf, digest[1], report, tsa_roots)
        _check_chain(zf, report)
    return report


def format_report(report: VerifyReport) -> str:
    lines = [f"Bundle: {report.bundle}", f"File SHA-256: {report.file_sha256 or '-'}"]
    if report.created:
        lines.append(f"Signed at (UTC, signer's clock): {report.created}")
    lines.append(f"Files checked: {report.files_checked}")
    if report.signer_fingerprint:
        state = {True: "valid", False: "INVALID", None: "NOT CHECKED"}[report.signature_valid]
        source = f", from {report.key_source}" if report.key_source else ""
        trust = f"{'' if source else 'UN'}TRUSTED (fingerprint {report.signer_fingerprint}"
        lines.append(f"signature: {state}, key: {trust}{source})")
    lines.extend(report.time_lines)
    if report.problems:
        lines.append(f"VERDICT: FAILED - {len(report.failed_paths)} file(s) fail:")
        lines.extend(f"  FAIL {p}" for p in report.problems)
    elif report.signature_valid is not True:
        lines.append("VERDICT: INCOMPLETE - every file matches its recorded SHA-256, but:")
        lines.extend(f"  SKIPPED {s}" for s in report.skipped or ["signature: not checked"])
    elif report.key_source is None:
        lines.append(
            "VERDICT: UNTRUSTED - intact and validly signed, but by a key that came only inside"
            " the bundle: compare its fingerprint with the sender's, then give --key FILE."
        )
    else:
        lines.append("VERDICT: OK - every file matches its SHA-256; signed by a key you trust.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verify a mimamori evidence bundle (WACZ).")
    parser.add_argument("bundle", help="the .wacz file")
    parser.add_argument("--key", help="the signer's public key (PEM) you received separately")
    parser.add_argument("--sha256", help="the whole file's SHA-256 the sender gave you")
    parser.add_argument("--tsa-ca", help="the timestamp authorities' root certificates (PEM)")
    args = parser.parse_args(argv)
    trusted = Path(args.key).read_bytes() if args.key else None
    roots = (Path(args.tsa_ca).read_bytes(), f"--tsa-ca {args.tsa_ca}") if args.tsa_ca else None
    report = verify_bundle(
        args.bundle, trusted, key_label=f"--key {args.key}", expected_sha256=args.sha256,
        tsa_roots=roots,
    )  # fmt: skip
    print(format_report(report))
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main())
