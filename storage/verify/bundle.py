"""Bundle verification for `mimamori verify FILE.wacz`.

The checks live in storage.verify.standalone, the same file every bundle carries as
verify/verify_bundle.py, so mimamori and a recipient run identical code.
"""

from __future__ import annotations

from pathlib import Path

from storage.verify.standalone import VerifyReport, format_report, verify_bundle

__all__ = ["VerifyReport", "format_report", "verify_file"]


def verify_file(path: Path, public_key_pem: bytes | None = None) -> VerifyReport:
    return verify_bundle(str(path), public_key_pem)
