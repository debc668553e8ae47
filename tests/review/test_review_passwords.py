"""Reviewer passwords: long enough, not a common leaked one, not one character repeated."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli.main import cli
from crawler.review.passwords import check_strength, common_passwords, generate_password


def test_the_shipped_list_holds_the_common_passwords() -> None:
    listed = common_passwords()
    assert len(listed) >= 10_000
    assert {"password", "123456", "qwertyuiop", "1q2w3e4r5t", "password123"} <= listed
    assert not any(p.startswith("#") for p in listed)


@pytest.mark.parametrize(
    "password", ["qwertyuiop", "1234567890", "Password123", "QWERTY123456", "1qaz2wsx3edc"]
)
def test_common_passwords_are_refused_whatever_the_case(password: str) -> None:
    with pytest.raises(ValueError, match="most common leaked passwords"):
        check_strength(password)


@pytest.mark.parametrize(
    "password", ["aaaaaaaaaaaa", "            ", "0000000000000", "ああああああああああ"]
)
def test_one_character_repeated_is_refused(password: str) -> None:
    with pytest.raises(ValueError, match="single character repeated"):
        check_strength(password)


@pytest.mark.parametrize("password", ["short", "abc123"])
def test_short_passwords_are_still_refused(password: str) -> None:
    with pytest.raises(ValueError, match="at least 10 characters"):
        check_strength(password)


@pytest.mark.parametrize("password", ["a-long-password", "tulip river lantern"])
def test_good_passwords_pass(password: str) -> None:
    assert password.lower() not in common_passwords()
    assert check_strength(password) is None  # raises ValueError when refused


def test_a_generated_password_passes() -> None:
    # Made here, not as a parameter: a random test id differs between pytest-xdist workers.
    password = generate_password()
    assert password.lower() not in common_passwords()
    assert check_strength(password) is None


def test_the_command_line_says_why_a_common_password_is_refused(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["--data-dir", str(tmp_path / "data")]
    common = runner.invoke(
        cli, [*args, "user", "add", "mio", "--role", "volunteer"], input="qwertyuiop\nqwertyuiop\n"
    )
    assert common.exit_code != 0 and "most common leaked passwords" in common.output
    same = runner.invoke(
        cli,
        [*args, "user", "add", "mio", "--role", "volunteer"],
        input="z" * 12 + "\n" + "z" * 12 + "\n",
    )
    assert same.exit_code != 0 and "single character repeated" in same.output
    listed = runner.invoke(cli, [*args, "user", "list"])
    assert "mio" not in listed.output
