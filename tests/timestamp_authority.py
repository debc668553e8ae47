"""A real RFC 3161 timestamp authority on 127.0.0.1, for tests and benchmarks.

Certificates (a root CA and a TSA certificate with extendedKeyUsage critical
timeStamping) are made when the authority starts; each query is answered by
`openssl ts -reply`, so a token is a real signed TimeStampResp that a verifier can
refuse. Outside pytest:

    python tests/timestamp_authority.py --port 0

prints the URL and the CA file, then serves until interrupted.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

_TSA_CONFIG = """\
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
signer_key = $dir/tsa.key
# Only the signer certificate goes into the token: the root is what a verifier must
# already trust, and rfc3161-client wants the SET OF certificates in DER order.
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(
    subject: str, key: ec.EllipticCurvePrivateKey, issuer: tuple[str, ec.EllipticCurvePrivateKey]
) -> x509.CertificateBuilder:
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer[0]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
    )


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def make_authority_files(folder: Path, name: str) -> None:
    """ca.pem (the root to trust), tsa.pem/tsa.key (the signer) and the openssl config."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    tsa_key = ec.generate_private_key(ec.SECP256R1())
    root = f"{name} Root CA"
    ca = (
        _certificate(root, ca_key, (root, ca_key))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    tsa = (
        _certificate(f"{name} TSA", tsa_key, (root, ca_key))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (folder / "tsa.pem").write_bytes(tsa.public_bytes(serialization.Encoding.PEM))
    (folder / "tsa.key").write_bytes(_pem_key(tsa_key))
    (folder / "serial").write_text("01\n")
    (folder / "openssl.cnf").write_text(_TSA_CONFIG.format(dir=folder))


class LocalAuthority:
    """Start with `start()`, stop with `stop()`; `url` and `ca_file` say how to use it."""

    def __init__(self, folder: Path | None = None, *, name: str = "Test", port: int = 0) -> None:
        self.folder = Path(folder or tempfile.mkdtemp(prefix="mimamori-tsa-"))
        self.folder.mkdir(parents=True, exist_ok=True)
        self.name = name
        self._port = port
        self._lock = threading.Lock()  # openssl ts keeps its serial number in a file
        self._server: ThreadingHTTPServer | None = None
        self.requests = 0

    @property
    def ca_file(self) -> Path:
        return self.folder / "ca.pem"

    @property
    def url(self) -> str:
        assert self._server is not None, "authority not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}/tsr"

    def reply(self, query: bytes) -> bytes:
        """Answer one DER TimeStampReq with openssl's DER TimeStampResp."""
        with self._lock:
            self.requests += 1
            query_file = self.folder / "query.tsq"
            query_file.write_bytes(query)
            config = str(self.folder / "openssl.cnf")
            return subprocess.run(
                ["openssl", "ts", "-reply", "-config", config, "-queryfile", str(query_file)],
                capture_output=True,
                check=True,
                timeout=30,
            ).stdout

    def start(self) -> LocalAuthority:
        make_authority_files(self.folder, self.name)
        authority = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                if self.headers.get("Content-Type") != "application/timestamp-query":
                    self.send_error(415, "expected application/timestamp-query")
                    return
                query = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    answer = authority.reply(query)
                except subprocess.CalledProcessError:
                    self.send_error(400, "openssl ts could not answer this query")
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self._port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--name", default="Local")
    args = parser.parse_args(argv)
    authority = LocalAuthority(name=args.name, port=args.port).start()
    print(f"MIMAMORI_TSA_URLS={authority.url}", flush=True)
    print(f"MIMAMORI_TSA_CERTS={authority.ca_file}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        authority.stop()
        sys.exit(0)


if __name__ == "__main__":
    main()
