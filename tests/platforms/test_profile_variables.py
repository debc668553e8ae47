"""`${NAME:-default}` in profiles, and the bundled real-platform profiles: they load with
their real addresses by default, a `--var` points them elsewhere, and the address guard
still refuses to crawl them on a private or loopback address."""

from __future__ import annotations

import pytest

from spiders.profile import ProfileError, bundled_profile_names, load_profile, parse_profile
from spiders.profile.loading import validate_profile_text

PLATFORM_PROFILES = ["fantia", "fanbox", "cien", "skeb", "rakuma"]
CONTACT = {"MIMAMORI_CONTACT": "abuse-desk@example.org", "SKEB_SEED_HANDLE": "someone"}

TEXT = """
name: t
platform: t
display_name: T
start_urls: ["${SITE_URL:-https://real.example}/start", "${OTHER_URL:-}/x"]
links: [{kind: listing, pattern: '^/'}]
"""


def _start(variables: dict[str, str]) -> list[str]:
    return parse_profile(TEXT, "t.yaml", variables).start_urls


def test_default_is_used_when_the_variable_is_unset_or_empty(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.setenv("OTHER_URL", "https://other.example")
    assert _start({})[0] == "https://real.example/start"
    assert _start({"SITE_URL": ""})[0] == "https://real.example/start"


def test_a_set_variable_replaces_the_default(monkeypatch):
    monkeypatch.setenv("OTHER_URL", "https://other.example")
    assert _start({"SITE_URL": "http://127.0.0.1:8123"}) == [
        "http://127.0.0.1:8123/start",
        "https://other.example/x",
    ]


def test_an_empty_default_is_a_value_not_a_missing_variable(monkeypatch):
    monkeypatch.delenv("OTHER_URL", raising=False)
    with pytest.raises(ProfileError, match="must be an absolute http"):
        _start({})  # "/x" is not a URL, but no "is not set" error


def test_a_variable_without_default_is_still_required(monkeypatch):
    monkeypatch.delenv("NEEDED", raising=False)
    with pytest.raises(ProfileError, match=r"\$\{NEEDED\} but it is not set"):
        parse_profile(TEXT.replace("${OTHER_URL:-}", "${NEEDED}"), "t.yaml", {})


def test_structure_check_keeps_defaults_and_fills_only_required_variables(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("NEEDED", raising=False)
    profile = validate_profile_text(TEXT.replace("${OTHER_URL:-}", "${NEEDED}"), "t.yaml")
    assert profile.start_urls == ["https://real.example/start", "http://placeholder.invalid/x"]


@pytest.mark.parametrize("name", PLATFORM_PROFILES)
def test_bundled_platform_profiles_default_to_the_real_platform(name):
    assert name in bundled_profile_names()
    profile = load_profile(name, CONTACT)
    assert not profile.allow_private_addresses
    assert profile.politeness.obey_robots_txt and profile.politeness.autothrottle
    assert profile.politeness.download_delay >= 1
    assert "abuse-desk@example.org" in (profile.politeness.user_agent or "")
    real = {
        "fantia": "fantia.jp",
        "fanbox": "fanbox.cc",
        "cien": "ci-en.dlsite.com",
        "skeb": "skeb.jp",
        "rakuma": "fril.jp",
    }[name]
    urls = profile.start_urls + ([profile.search.url] if profile.search else [])
    assert urls and all(real in url for url in urls)


@pytest.mark.parametrize("name", PLATFORM_PROFILES)
def test_bundled_platform_profiles_need_a_contact_for_their_user_agent(name, monkeypatch):
    monkeypatch.delenv("MIMAMORI_CONTACT", raising=False)
    with pytest.raises(ProfileError, match="MIMAMORI_CONTACT"):
        load_profile(name, {"SKEB_SEED_HANDLE": "someone"})


def test_pointing_a_real_platform_profile_at_loopback_is_still_refused():
    from crawler.run import resolve_profiles

    with pytest.raises(ProfileError, match="allow_private_addresses"):
        resolve_profiles(["fantia"], {**CONTACT, "FANTIA_URL": "http://127.0.0.1:9"})


def test_profile_list_says_no_platform_is_confirmed_live_yet_and_what_to_check(mimamori, tmp_path):
    import json

    result = mimamori("profile", "list", "--json", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    for name in PLATFORM_PROFILES:
        assert rows[name]["valid"] is True, rows[name]
        # Built from public scrapers' descriptions, never crawled live from here (no
        # internet): the date stays empty until an operator's --live check confirms it.
        assert rows[name]["confirmed"] is None, name
        assert "not yet from a live crawl" in " ".join(rows[name]["notes"].split()), name
        assert f"mimamori profile check {name} --live" in rows[name]["notes"], name
