"""Step 7: the files that let a recipient verify the bundle without mimamori."""

from __future__ import annotations

from pathlib import Path

from storage.export.signing import SigningKey
from storage.verify import standalone, standalone_time, standalone_zip


def verifier_files(key: SigningKey) -> list[tuple[str, bytes]]:
    """(bundle path, contents): the single-file verifier, the signer's key and how to use them."""
    return [
        ("verify/verify_bundle.py", Path(standalone.__file__).read_bytes()),
        ("verify/verify_zip.py", Path(standalone_zip.__file__).read_bytes()),
        ("verify/verify_timestamps.py", Path(standalone_time.__file__).read_bytes()),
        ("verify/signer-public-key.pem", key.public_pem.encode("ascii")),
        ("verify/README.txt", verify_readme(key).encode("utf-8")),
    ]


def verify_readme(key: SigningKey) -> str:
    return (
        "How to verify this evidence bundle without mimamori\n"
        "====================================================\n\n"
        "Needs Python 3.9+. Every file's hash is checked with Python alone; the signature\n"
        "check also needs the 'cryptography' package (pip install cryptography) and is\n"
        "reported as SKIPPED without it. The trusted timestamps (RFC 3161) are checked with\n"
        "the 'rfc3161-client' package or, without it, the 'openssl' command.\n\n"
        "    unzip -j BUNDLE.wacz 'verify/*' -d verify\n"
        "    python3 verify/verify_bundle.py BUNDLE.wacz --key SIGNER_PUBLIC_KEY.pem \\\n"
        "        --sha256 HEX --tsa-ca AUTHORITY_ROOTS.pem\n\n"
        "Use the public key and the whole-file SHA-256 the sender gave you separately; the\n"
        "key in this folder only proves the bundle is intact, not who made it. This bundle\n"
        f"was signed by the key with fingerprint\n\n    {key.fingerprint}\n\n"
        "Without --tsa-ca, the authority certificates inside the bundle are used and named\n"
        "as such; get the authority's root certificate from the authority itself. To check\n"
        "a token with openssl alone:\n\n"
        "    python3 verify/verify_timestamps.py BUNDLE.wacz --write-tokens tokens\n\n"
        "'VERDICT: OK' and exit status 0 mean every file matches the SHA-256 recorded in\n"
        "datapackage.json and the signature over it holds, made by the key you gave with\n"
        "--key. Exit status 3 means nothing was found altered but the signer is not\n"
        "established (no --key, or the signature could not be checked); 1 means something\n"
        "fails, and each failing file is named.\n\n"
        "The signature is the WACZ anonymous signature (ECDSA P-384 over the hash of\n"
        "datapackage.json), which ReplayWeb.page also checks when it opens the bundle.\n"
    )
