"""Trusted time (storage/timestamps): real tokens from a local RFC 3161 authority, checked
and refused by name (docs/evidence.md, "Trusted time")."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509

from storage.config import AppConfig
from storage.db import Database
from storage.models import TimestampToken
from storage.timestamps import (
    Refusal,
    TimestampRefused,
    authority_certificates_pem,
    trusted_roots,
    verify_token,
)
from storage.timestamps.client import request_token
from storage.timestamps.statement import normalise_digest, statement

DIGEST = hashlib.sha256(b"a WARC file").hexdigest()
OTHER = hashlib.sha256(b"another file").hexdigest()


def _roots(authority) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(authority.ca_file.read_bytes())


@pytest.fixture(scope="module")
def trusted_token(timestamp_authority) -> bytes:
    return request_token(timestamp_authority.url, DIGEST).token


@pytest.fixture(scope="module")
def foreign_token(untrusted_authority) -> bytes:
    return request_token(untrusted_authority.url, DIGEST).token


def test_token_over_the_right_digest_verifies(trusted_token, timestamp_authority) -> None:
    now = datetime.now(UTC)
    verified = verify_token(
        trusted_token,
        DIGEST,
        _roots(timestamp_authority),
        not_before=now - timedelta(minutes=5),
        not_after=now + timedelta(minutes=5),
    )
    assert abs(verified.gen_time - now) < timedelta(minutes=5)
    assert "Trusted TSA" in verified.authority
    # The `sha256:` form of the digest is the same digest.
    verify_token(trusted_token, f"sha256:{DIGEST.upper()}", _roots(timestamp_authority))


def test_token_over_another_digest_is_refused_as_wrong_hash(
    trusted_token, timestamp_authority
) -> None:
    with pytest.raises(TimestampRefused) as refused:
        verify_token(trusted_token, OTHER, _roots(timestamp_authority))
    assert refused.value.reason is Refusal.WRONG_HASH
    assert "wrong hash" in str(refused.value)


def test_token_from_an_authority_we_do_not_trust_is_refused(
    foreign_token, timestamp_authority
) -> None:
    with pytest.raises(TimestampRefused) as refused:
        verify_token(foreign_token, DIGEST, _roots(timestamp_authority))
    assert refused.value.reason is Refusal.UNTRUSTED_AUTHORITY


def test_token_outside_the_window_is_refused(trusted_token, timestamp_authority) -> None:
    run_end = datetime.now(UTC) - timedelta(hours=1)
    with pytest.raises(TimestampRefused) as refused:
        verify_token(
            trusted_token,
            DIGEST,
            _roots(timestamp_authority),
            not_before=run_end - timedelta(hours=1),
            not_after=run_end,
        )
    assert refused.value.reason is Refusal.OUTSIDE_WINDOW
    with pytest.raises(TimestampRefused, match="time outside"):
        verify_token(
            trusted_token,
            DIGEST,
            _roots(timestamp_authority),
            not_before=datetime.now(UTC) + timedelta(hours=1),
        )


def test_a_flipped_byte_or_no_trusted_root_is_refused(trusted_token, timestamp_authority) -> None:
    tampered = bytearray(trusted_token)
    tampered[-10] ^= 0x01  # inside the signature value, at the end of the SignerInfo
    with pytest.raises(TimestampRefused) as refused:
        verify_token(bytes(tampered), DIGEST, _roots(timestamp_authority))
    assert refused.value.reason in (Refusal.UNTRUSTED_AUTHORITY, Refusal.MALFORMED)
    with pytest.raises(TimestampRefused) as refused:
        verify_token(b"not a token", DIGEST, _roots(timestamp_authority))
    assert refused.value.reason is Refusal.MALFORMED
    with pytest.raises(TimestampRefused) as refused:
        verify_token(trusted_token, DIGEST, [])
    assert refused.value.reason is Refusal.NO_TRUSTED_ROOTS


def test_statement_and_digest_forms() -> None:
    assert statement(DIGEST) == f"sha256:{DIGEST}".encode()
    assert normalise_digest(f"SHA256:{DIGEST.upper()}") == DIGEST
    with pytest.raises(ValueError):
        normalise_digest("abc")


def test_config_reads_authorities_and_trusted_roots(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, timestamp_authority
) -> None:
    monkeypatch.setenv("MIMAMORI_TSA_URLS", "http://127.0.0.1:1/a, http://127.0.0.1:2/b")
    monkeypatch.setenv("MIMAMORI_TSA_CERTS", str(timestamp_authority.ca_file))
    cfg = AppConfig.resolve(tmp_path)
    assert cfg.tsa_urls == ("http://127.0.0.1:1/a", "http://127.0.0.1:2/b")
    assert trusted_roots(cfg) == _roots(timestamp_authority)
    monkeypatch.delenv("MIMAMORI_TSA_CERTS")
    cfg = AppConfig.resolve(tmp_path)
    assert trusted_roots(cfg) == []
    (cfg.timestamps_dir / "trusted").mkdir(parents=True)
    (cfg.timestamps_dir / "trusted" / "tsa.pem").write_bytes(
        timestamp_authority.ca_file.read_bytes()
    )
    assert trusted_roots(cfg) == _roots(timestamp_authority)
    assert authority_certificates_pem(cfg).startswith(b"-----BEGIN CERTIFICATE-----")
    monkeypatch.delenv("MIMAMORI_TSA_URLS")
    assert AppConfig.resolve(tmp_path).tsa_urls == ()


def test_token_model_is_in_the_schema(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with database.session() as session:
        session.add(
            TimestampToken(
                subject_kind="export",
                subject="case.wacz",
                digest=DIGEST,
                authority_url="http://127.0.0.1:1/",
                status="failed",
                error="down",
            )
        )
    with database.session() as session:
        row = session.query(TimestampToken).one()
        assert row.requested_at.tzinfo is not None
    database.dispose()


def with_authorities(cfg: AppConfig, *urls: str, certs: tuple[Path, ...] = ()) -> AppConfig:
    return dataclasses.replace(cfg, tsa_urls=tuple(urls), tsa_cert_files=certs)
