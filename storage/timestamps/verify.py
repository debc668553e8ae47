"""Checking a token: over the right digest, signed by a trusted authority, at a plausible time.

Each refusal has a name (`Refusal`), so `mimamori verify` and the tests can say exactly
why a token does not count. The signature and chain checks are rfc3161-client's; we
only decide which roots to trust and which digest and time window to expect
(docs/evidence.md, "Trusted time").
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography import x509
from rfc3161_client import (
    PKIStatus,
    TimeStampResponse,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)

from storage.timestamps.statement import statement_imprint

SHA256_OID = x509.ObjectIdentifier("2.16.840.1.101.3.4.2.1")


class Refusal(enum.StrEnum):
    MALFORMED = "malformed token"
    NOT_GRANTED = "authority did not grant the timestamp"
    WRONG_HASH = "wrong hash"
    UNTRUSTED_AUTHORITY = "untrusted authority"
    OUTSIDE_WINDOW = "time outside the expected window"
    NO_TRUSTED_ROOTS = "no trusted authority certificate configured"


class TimestampRefused(Exception):
    def __init__(self, reason: Refusal, detail: str = "") -> None:
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class VerifiedTime:
    gen_time: datetime
    authority: str  # the signer certificate's subject, as RFC 4514 text
    serial_number: int


def decode(token: bytes) -> TimeStampResponse:
    try:
        return decode_timestamp_response(token)
    except Exception as exc:  # the Rust decoder raises ValueError and friends
        raise TimestampRefused(Refusal.MALFORMED, str(exc)) from exc


def gen_time_of(response: TimeStampResponse) -> datetime:
    when = response.tst_info.gen_time
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _signer_name(response: TimeStampResponse) -> str:
    signer = next(iter(response.signed_data.signer_infos))
    for der in response.signed_data.certificates:
        cert = x509.load_der_x509_certificate(der)
        if cert.issuer == signer.issuer and cert.serial_number == signer.serial_number:
            return cert.subject.rfc4514_string()
    return signer.issuer.rfc4514_string()


def _check_chain(
    response: TimeStampResponse, roots: list[x509.Certificate], nonce: int | None
) -> None:
    builder = VerifierBuilder(roots=list(roots))
    if nonce is not None:
        builder = builder.nonce(nonce)
    try:
        builder.build().verify(response, response.tst_info.message_imprint.message)
    except VerificationError as exc:
        raise TimestampRefused(Refusal.UNTRUSTED_AUTHORITY, str(exc)) from exc


def verify_token(
    token: bytes,
    digest: str,
    roots: list[x509.Certificate],
    *,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    nonce: int | None = None,
) -> VerifiedTime:
    """Verify `token` over the SHA-256 `digest`; raise TimestampRefused naming the reason."""
    response = decode(token)
    if PKIStatus(response.status) != PKIStatus.GRANTED:
        raise TimestampRefused(Refusal.NOT_GRANTED, f"status {response.status}")
    imprint = response.tst_info.message_imprint
    if imprint.hash_algorithm != SHA256_OID or imprint.message != statement_imprint(digest):
        raise TimestampRefused(Refusal.WRONG_HASH, f"token is not over sha256:{digest}")
    if not roots:
        raise TimestampRefused(Refusal.NO_TRUSTED_ROOTS)
    _check_chain(response, roots, nonce)
    when = gen_time_of(response)
    if (not_before and when < not_before) or (not_after and when > not_after):
        window = f"{not_before.isoformat() if not_before else '…'} – "
        window += not_after.isoformat() if not_after else "…"
        raise TimestampRefused(Refusal.OUTSIDE_WINDOW, f"{when.isoformat()} not in {window}")
    return VerifiedTime(
        gen_time=when,
        authority=_signer_name(response),
        serial_number=response.tst_info.serial_number,
    )
