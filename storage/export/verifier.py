"""Step 7: the files that let a recipient verify the bundle without mimamori."""

from __future__ import annotations

from pathlib import Path

from storage.export.signing import SigningKey
from storage.verify import standalone


def verifier_files(key: SigningKey) -> list[tuple[str, bytes]]:
    """(bundle path, contents): the single-file verifier, the signer's key and how to use them."""
    return [
        ("verify/verify_bundle.py", Path(standalone.__file__).read_bytes()),
        ("verify/signer-public-key.pem", key.public_pem.encode("ascii")),
        ("verify/README.txt", verify_readme(key).encode("utf-8")),
    ]


def verify_readme(key: SigningKey) -> str:
    return (
        "How to verify this evidence bundle without mimamori\n"
        "====================================================\n\n"
        "Needs Python 3.9+ and the 'cryptography' package (pip install cryptography).\n\n"
        "    unzip -p BUNDLE.wacz verify/verify_bundle.py > verify_bundle.py\n"
        "    python3 verify_bundle.py BUNDLE.wacz --key SIGNER_PUBLIC_KEY.pem\n\n"
        "Use the public key the sender gave you separately; the copy in this folder only\n"
        "proves the bundle is intact, not who made it. This bundle was signed by the key\n"
        f"with fingerprint\n\n    {key.fingerprint}\n\n"
        "Exit status 0 and 'VERDICT: OK' mean every file matches the SHA-256 recorded in\n"
        "datapackage.json and the signature over that list and its creation time holds.\n"
    )
