"""`mimamori user` and `mimamori serve` on the command line."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from crawler.cli.main import cli
from crawler.review.passwords import verify_password
from crawler.review.server import is_loopback
from storage.db import Database
from storage.models import User


def test_user_add_list_disable(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["--data-dir", str(tmp_path / "data")]
    added = runner.invoke(
        cli, [*args, "user", "add", "hana", "--role", "analyst", "--generate-password"]
    )
    assert added.exit_code == 0, added.output
    password = added.output.split("password (shown only now): ")[1].strip()
    prompted = runner.invoke(
        cli,
        [*args, "user", "add", "ken", "--role", "volunteer"],
        input="a-long-password\na-long-password\n",
    )
    assert prompted.exit_code == 0, prompted.output
    short = runner.invoke(
        cli, [*args, "user", "add", "mio", "--role", "volunteer"], input="short\nshort\n"
    )
    assert short.exit_code != 0 and "at least 10 characters" in short.output
    duplicate = runner.invoke(
        cli, [*args, "user", "add", "hana", "--role", "admin", "--generate-password"]
    )
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output
    bad_role = runner.invoke(cli, [*args, "user", "add", "x1", "--role", "boss"])
    assert bad_role.exit_code != 0
    listed = runner.invoke(cli, [*args, "user", "list"])
    assert "hana\tanalyst\tactive" in listed.output and "ken\tvolunteer\tactive" in listed.output
    assert runner.invoke(cli, [*args, "user", "disable", "ken"]).exit_code == 0
    assert "ken\tvolunteer\tdisabled" in runner.invoke(cli, [*args, "user", "list"]).output
    missing = runner.invoke(cli, [*args, "user", "disable", "nobody"])
    assert missing.exit_code != 0 and "user list" in missing.output
    db = Database(f"sqlite:///{tmp_path / 'data' / 'mimamori.sqlite3'}")
    with db.session() as s:
        hana = s.query(User).filter_by(name="hana").one()
        assert hana.password_hash.startswith("$argon2id$")
        assert verify_password(hana.password_hash, password)
        assert not verify_password(hana.password_hash, "wrong")
    db.dispose()


def test_serve_refuses_public_addresses_without_the_flag(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path), "serve", "--host", "0.0.0.0"])
    assert result.exit_code != 0 and "--public" in result.output
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert (
        not is_loopback("0.0.0.0")
        and not is_loopback("192.168.1.4")
        and not is_loopback("example.org")
    )
    help_text = CliRunner().invoke(cli, ["serve", "--help"]).output
    assert "--public" in help_text and "127.0.0.1" in help_text


def test_mimamori_serve_answers_on_loopback(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crawler.cli.main",
            "--data-dir",
            str(tmp_path),
            "serve",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/login", timeout=2
                ) as response:
                    assert response.status == 200
                    assert response.headers["X-Frame-Options"] == "DENY"
                    # Japanese by default: urllib sends no Accept-Language.
                    assert "サインイン" in response.read().decode()
                break
            except OSError:
                assert process.poll() is None, process.stdout.read() if process.stdout else ""
                assert time.monotonic() < deadline, "mimamori serve did not answer"
                time.sleep(0.3)
    finally:
        process.terminate()
        output = process.communicate(timeout=15)[0]
    assert f"http://127.0.0.1:{port}/" in output
