"""Trusted time: RFC 3161 timestamps over evidence digests (docs/evidence.md, "Trusted time").

`timestamp_digest` asks every configured authority and stores the tokens;
`timestamp_run_end` is what a crawl calls when it ends; `check_tokens` is what
`mimamori verify --store` calls; `verify_token` checks one token by itself.
"""

from storage.timestamps.check import LOCAL_CLOCK_ONLY, TokenReport, check_tokens
from storage.timestamps.run_end import timestamp_run_end, timestamp_warc_files
from storage.timestamps.statement import file_sha256, statement
from storage.timestamps.store import StoredToken, record_tokens, request_tokens, timestamp_digest
from storage.timestamps.trust import authority_certificates_pem, trusted_roots
from storage.timestamps.verify import Refusal, TimestampRefused, VerifiedTime, verify_token

__all__ = [
    "LOCAL_CLOCK_ONLY",
    "Refusal",
    "StoredToken",
    "TimestampRefused",
    "TokenReport",
    "VerifiedTime",
    "authority_certificates_pem",
    "check_tokens",
    "file_sha256",
    "record_tokens",
    "request_tokens",
    "statement",
    "timestamp_digest",
    "timestamp_run_end",
    "timestamp_warc_files",
    "trusted_roots",
    "verify_token",
]
