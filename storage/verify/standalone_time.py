"""Trusted time inside a bundle: the RFC 3161 tokens in datapackage-digest.json, checked.

Every bundle carries this file as verify/verify_timestamps.py beside verify_bundle.py,
which uses it when it is there; mimamori's own `verify` runs the same code with the data
dir's trusted authorities (docs/evidence.md, "Trusted time"). Python 3.9+. A token is
checked with rfc3161-client when it is installed, otherwise with the `openssl ts` command;
with neither, the standard library still refuses a token that is not over this bundle's
hash (its message imprint must appear in it), and says what to install for the rest.

Each token is over the text of the digest's `hash` field ("sha256:<hex>"), the same text
the bundle's signature covers, so it dates the signature. Run it alone to write the tokens
as .tsr files for `openssl ts -verify`:

    python3 verify_timestamps.py BUNDLE.wacz --write-tokens DIR
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

UTC = timezone.utc  # noqa: UP017 (datetime.UTC is Python 3.11+)
TOKENS_FIELD = "timestamps"
AUTHORITIES_PATH = "timestamps/authorities.pem"
# How far an authority's time may be from the signer's `created` (clocks, network delay).
TOLERANCE = timedelta(minutes=10)
LOCAL_CLOCK_ONLY = "no trusted timestamp (local clock only)"
# The same names mimamori's storage.timestamps.verify.Refusal gives.
MALFORMED = "malformed token"
NOT_GRANTED = "authority did not grant the timestamp"
WRONG_HASH = "wrong hash"
UNTRUSTED = "untrusted authority"
OUTSIDE_WINDOW = "time outside the expected window"
# Refusals that mean the bundle or its token was altered, not only that trust is missing.
TAMPER_REFUSALS = (MALFORMED, NOT_GRANTED, WRONG_HASH, OUTSIDE_WINDOW)


class Refused(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass
class TokenCheck:
    authority: str
    verdict: str  # "valid", "refused" or "not checked"
    reason: str = ""
    gen_time: datetime | None = None
    signer: str = ""

    @property
    def tampered(self) -> bool:
        return self.verdict == "refused" and self.reason in TAMPER_REFUSALS

    def line(self) -> str:
        when = self.gen_time.strftime("%Y-%m-%dT%H:%M:%SZ") if self.gen_time else "-"
        who = f"{self.authority} ({self.signer})" if self.signer else self.authority
        tail = f" - {self.reason}" if self.reason else ""
        return f"  {self.verdict.upper()} {when} from {who}{tail}"


def statement(hash_text: str) -> bytes:
    return hash_text.encode("ascii")


def _parse_created(created: str | None) -> datetime | None:
    try:
        return datetime.strptime(str(created), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def _with_library(token: bytes, imprint: bytes, roots_pem: bytes) -> tuple[datetime, str]:
    from cryptography import x509
    from rfc3161_client import PKIStatus, VerificationError, VerifierBuilder
    from rfc3161_client import decode_timestamp_response as decode

    try:
        response = decode(token)
    except Exception as exc:
        raise Refused(MALFORMED, str(exc)) from exc
    if PKIStatus(response.status) != PKIStatus.GRANTED:
        raise Refused(NOT_GRANTED, f"status {response.status}")
    if response.tst_info.message_imprint.message != imprint:
        raise Refused(WRONG_HASH, "the token is over another hash than this bundle's")
    roots = x509.load_pem_x509_certificates(roots_pem)
    try:
        VerifierBuilder(roots=roots).build().verify(response, imprint)
    except VerificationError as exc:
        raise Refused(UNTRUSTED, str(exc)) from exc
    when = response.tst_info.gen_time
    signer = next(iter(response.signed_data.signer_infos)).issuer.rfc4514_string()
    return (when.replace(tzinfo=UTC) if when.tzinfo is None else when), signer


def _openssl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["openssl", "ts", *args], capture_output=True, text=True, timeout=60, check=False
    )


def _with_openssl(token: bytes, hash_text: str, roots_pem: bytes) -> tuple[datetime, str]:
    with tempfile.TemporaryDirectory() as folder:
        paths = {name: Path(folder) / name for name in ("t.tsr", "s.txt", "roots.pem")}
        for name, data in zip(paths, (token, statement(hash_text), roots_pem)):  # noqa: B905
            paths[name].write_bytes(data)
        text = _openssl("-reply", "-in", str(paths["t.tsr"]), "-text")
        found = re.search(r"Time stamp: (\w+ +\d+ [\d:]+)(?:\.\d+)? (\d{4})", text.stdout)
        if text.returncode != 0 or not found:
            raise Refused(MALFORMED, (text.stderr or text.stdout).strip()[:200])
        when = datetime.strptime(" ".join(found.groups()), "%b %d %H:%M:%S %Y")
        signer = re.search(r"TSA: (.+)", text.stdout)
        check = _openssl(
            "-verify", "-in", str(paths["t.tsr"]), "-data", str(paths["s.txt"]),
            "-CAfile", str(paths["roots.pem"]),
        )  # fmt: skip
    if check.returncode != 0:
        output = check.stdout + check.stderr
        reason = WRONG_HASH if "imprint mismatch" in output else UNTRUSTED
        raise Refused(reason, output.strip().splitlines()[-1][:200] if output.strip() else "")
    return when.replace(tzinfo=UTC), signer.group(1).strip() if signer else ""


def _have_library() -> bool:
    try:
        import rfc3161_client  # noqa: F401
        from cryptography import x509  # noqa: F401
    except ImportError:
        return False
    return True


def check_token(
    entry: Any, hash_text: str, created: str | None, roots_pem: bytes | None
) -> TokenCheck:
    """One token from the digest's `timestamps` list, against the bundle's hash text."""
    authority = str(entry.get("authority", "?")) if isinstance(entry, dict) else "?"
    try:
        token = base64.b64decode(entry["token"], validate=True)
    except (KeyError, TypeError, ValueError, binascii.Error):
        return TokenCheck(authority, "refused", MALFORMED)
    imprint = hashlib.sha256(statement(hash_text)).digest()
    if imprint not in token:  # a token over this hash carries its imprint verbatim
        return TokenCheck(authority, "refused", WRONG_HASH)
    if not roots_pem:
        return TokenCheck(authority, "not checked", "no authority certificate to check it with")
    try:
        if _have_library():
            when, signer = _with_library(token, imprint, roots_pem)
        elif shutil.which("openssl"):
            when, signer = _with_openssl(token, hash_text, roots_pem)
        else:
            why = "needs rfc3161-client (pip install rfc3161-client) or the openssl command"
            return TokenCheck(authority, "not checked", why)
    except Refused as exc:
        return TokenCheck(authority, "refused", exc.reason)
    signed_at = _parse_created(created)
    if signed_at is None or abs(when - signed_at) > TOLERANCE:
        return TokenCheck(authority, "refused", OUTSIDE_WINDOW, when, signer)
    return TokenCheck(authority, "valid", "", when, signer)


def check_digest_timestamps(
    digest: Any, created: str | None, roots_pem: bytes | None
) -> list[TokenCheck]:
    entries = digest.get(TOKENS_FIELD) if isinstance(digest, dict) else None
    if not isinstance(entries, list):
        return []
    hash_text = str(digest.get("hash", ""))
    return [check_token(entry, hash_text, created, roots_pem) for entry in entries]


def roots_fingerprint(roots_pem: bytes) -> str:
    return "SHA256:" + hashlib.sha256(roots_pem.strip()).hexdigest()


def report_lines(checks: list[TokenCheck], roots_source: str | None) -> list[str]:
    valid = [c for c in checks if c.verdict == "valid"]
    if not checks:
        return [f"trusted time: {LOCAL_CLOCK_ONLY}"]
    source = f" (authority certificates {roots_source})" if roots_source else ""
    head = f"trusted time: {len(valid)} of {len(checks)} token(s) valid{source}"
    if not valid:
        head = f"trusted time: NOT ESTABLISHED - {LOCAL_CLOCK_ONLY}{source}"
    return [head] + [check.line() for check in checks]


def bundle_time(
    zf: zipfile.ZipFile, digest: Any, created: str | None, roots: tuple[bytes, str] | None
) -> tuple[list[str], list[str]]:
    """The report lines and the failures for a bundle's tokens. Without `roots` (the
    authority certificates the verifier trusts), the copy inside the bundle is used and
    named as such: like a key inside the bundle, it proves consistency, not whose it is."""
    if roots is None and AUTHORITIES_PATH in zf.namelist():
        pem = zf.read(AUTHORITIES_PATH)
        roots = (pem, f"from the bundle, {roots_fingerprint(pem)}: compare with the authority's")
    checks = check_digest_timestamps(digest, created, roots[0] if roots else None)
    failures = [f"timestamp from {c.authority} refused: {c.reason}" for c in checks if c.tampered]
    return report_lines(checks, roots[1] if roots else None), failures


def write_tokens(bundle: str, folder: str) -> list[str]:
    """The tokens as .tsr files and the statement they cover, for `openssl ts -verify`."""
    import json

    with zipfile.ZipFile(bundle) as zf:
        digest = json.loads(zf.read("datapackage-digest.json"))
        roots = zf.read(AUTHORITIES_PATH) if AUTHORITIES_PATH in zf.namelist() else b""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    (out / "statement.txt").write_bytes(statement(str(digest.get("hash", ""))))
    if roots:
        (out / "authorities.pem").write_bytes(roots)
    names = []
    for number, entry in enumerate(digest.get(TOKENS_FIELD) or [], 1):
        (out / f"token-{number}.tsr").write_bytes(base64.b64decode(entry["token"]))
        names.append(f"token-{number}.tsr")
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a bundle's RFC 3161 tokens as files.")
    parser.add_argument("bundle")
    parser.add_argument("--write-tokens", metavar="DIR", required=True)
    args = parser.parse_args(argv)
    for name in write_tokens(args.bundle, args.write_tokens):
        print(
            f"openssl ts -verify -in {args.write_tokens}/{name} -data "
            f"{args.write_tokens}/statement.txt -CAfile AUTHORITY_ROOT.pem"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
