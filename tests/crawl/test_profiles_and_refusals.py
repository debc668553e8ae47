"""Profiles are validated with errors a person can act on; dangerous targets are refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.middlewares.address_guard import is_restricted, restricted_reason
from spiders.profile import ProfileError, bundled_profile_names, load_profile, parse_profile

GOOD = """\
name: lab
platform: lab
display_name: Lab
start_urls: ["http://127.0.0.1:9/"]
allow_private_addresses: true
links:
  - kind: account
    pattern: '^/u/(?P<handle>\\w+)$'
account:
  handle: {from_url: handle}
"""


def test_bundled_profiles_all_load():
    assert {"demo-fanclub", "demo-social", "demo-market", "demo-social-api"} <= set(
        bundled_profile_names()
    )
    # The real-platform profiles also need the operator's contact and a Skeb seed account;
    # tests/platforms/test_profile_variables.py checks where they start.
    variables = {
        "MIMAMORI_DEMO_URL": "http://127.0.0.1:1",
        "MIMAMORI_CONTACT": "abuse-desk@example.org",
        "SKEB_SEED_HANDLE": "someone",
    }
    for name in bundled_profile_names():
        profile = load_profile(name, variables)
        if name.startswith("demo-"):
            assert profile.start_urls[0].startswith("http://127.0.0.1:1/")


def test_a_good_profile_parses():
    profile = parse_profile(GOOD, "lab.yaml")
    assert profile.rule_for("http://127.0.0.1:9/u/alice").kind == "account"
    assert profile.rule_for("http://127.0.0.1:9/elsewhere") is None
    assert profile.allowed_domains == ["127.0.0.1"]


def test_bad_yaml_names_file_and_line():
    with pytest.raises(ProfileError) as err:
        parse_profile(GOOD + "links: [\n", "broken.yaml")
    assert "broken.yaml:" in str(err.value) and "not valid YAML" in str(err.value)


def test_bad_selector_names_file_line_and_field():
    text = GOOD.replace("  handle: {from_url: handle}", '  handle: "h1::text["')
    with pytest.raises(ProfileError) as err:
        parse_profile(text, "sel.yaml")
    message = str(err.value)
    assert (
        "sel.yaml:10" in message and "account.handle" in message and "bad CSS selector" in message
    )


def test_unknown_field_and_missing_section_are_reported():
    text = GOOD.replace("display_name: Lab", "display_name: Lab\nstart_url: oops")
    with pytest.raises(ProfileError) as err:
        parse_profile(text, "typo.yaml")
    assert "start_url" in str(err.value) and "typo.yaml:4" in str(err.value)
    no_account = GOOD.split("account:")[0]
    with pytest.raises(ProfileError, match="no `account:` section"):
        parse_profile(no_account, "missing.yaml")


def test_unset_variable_says_how_to_set_it(monkeypatch):
    monkeypatch.delenv("MIMAMORI_DEMO_URL", raising=False)
    with pytest.raises(ProfileError, match="--var MIMAMORI_DEMO_URL"):
        load_profile("demo-fanclub", {})


@pytest.mark.parametrize(
    "address,restricted",
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("192.168.0.5", True),
        ("169.254.169.254", True),
        ("::1", True),
        ("fe80::1", True),
        ("::ffff:10.0.0.1", True),
        ("93.184.216.34", False),
    ],
)
def test_address_classes(address, restricted):
    assert is_restricted(address) is restricted


def test_restricted_reason_for_literal_addresses_needs_no_lookup():
    assert "169.254.169.254" in restricted_reason("http://169.254.169.254/latest/meta-data")
    assert restricted_reason("http://[::1]:8000/") is not None


def test_crawl_refuses_a_profile_pointing_at_a_private_address(tmp_path: Path, mimamori):
    profile = tmp_path / "internal.yaml"
    profile.write_text(
        GOOD.replace("allow_private_addresses: true\n", "").replace("127.0.0.1:9", "10.20.30.40")
    )
    result = mimamori("crawl", str(profile), "--no-progress", data_dir=tmp_path / "data")
    assert result.returncode != 0
    assert "refusing to crawl http://10.20.30.40/" in result.stderr
    assert "allow_private_addresses" in result.stderr
    assert not (tmp_path / "data" / "warc").exists() or not any(
        (tmp_path / "data" / "warc").iterdir()
    )


def test_crawl_with_a_bad_profile_fails_clearly(tmp_path: Path, mimamori):
    profile = tmp_path / "bad.yaml"
    profile.write_text(
        GOOD.replace("  handle: {from_url: handle}", "  handle: {css: 'a', xpath: '//a'}")
    )
    result = mimamori("crawl", str(profile), data_dir=tmp_path / "data")
    assert result.returncode != 0
    assert "bad.yaml:10" in result.stderr and "exactly one of" in result.stderr


def test_crawl_help_and_unknown_profile(tmp_path: Path, mimamori):
    help_text = mimamori("crawl", "--help", data_dir=tmp_path).stdout
    assert "PROFILE..." in help_text and "--var" in help_text
    result = mimamori("crawl", "no-such-profile", data_dir=tmp_path)
    listed = next(line for line in result.stderr.splitlines() if "bundled profiles:" in line)
    assert result.returncode != 0 and "demo-fanclub" in listed.split("bundled profiles:")[1]


def test_every_subcommand_has_help(tmp_path: Path, mimamori):
    from click.testing import CliRunner

    from crawler.cli.main import COMMAND_MODULES, cli

    top = mimamori("--help", data_dir=tmp_path)  # the installed entry point, as users run it
    assert top.returncode == 0
    runner = CliRunner()
    for command in COMMAND_MODULES:  # each loaded on demand: a broken module fails here
        assert f"  {command} " in top.stdout, command
        sub = runner.invoke(cli, ["--data-dir", str(tmp_path), command, "--help"])
        assert sub.exit_code == 0 and "Usage:" in sub.output, (command, sub.output)


def test_stats_on_an_empty_store(tmp_path: Path, mimamori):
    result = mimamori("stats", "--json", data_dir=tmp_path / "empty")
    stats = json.loads(result.stdout)
    assert stats["accounts"] == 0 and stats["flagged_account_ids"] == [] and stats["platforms"] == 0
