"""`mimamori profile`: list, check and check --live, run as a user runs them."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from spiders.profile import BUNDLED_PROFILES_DIR

FANCLUB = (BUNDLED_PROFILES_DIR / "demo-fanclub.yaml").read_text(encoding="utf-8")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_list_shows_bundled_and_operator_profiles_with_confirmed_and_notes(tmp_path, mimamori):
    operator = tmp_path / "data" / "profiles"
    operator.mkdir(parents=True)
    own = re.sub(
        r"^notes: .*$",
        "confirmed: 2026-11-20\nnotes: checked the post pages by hand",
        FANCLUB.replace("name: demo-fanclub", "name: own-fanclub"),
        flags=re.M,
    )
    assert "checked the post pages" in own
    _write(operator, "own-fanclub.yaml", own)
    _write(operator, "broken.yaml", "name: [\n")
    result = mimamori("profile", "list", "--json", data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["demo-fanclub"]["origin"] == "bundled"
    assert rows["demo-fanclub"]["platform"] == "fanclub"
    mine = rows["own-fanclub"]
    assert (mine["origin"], mine["confirmed"], mine["notes"]) == (
        "operator",
        "2026-11-20",
        "checked the post pages by hand",
    )
    assert rows["broken"]["valid"] is False and "not valid YAML" in rows["broken"]["problem"]
    table = mimamori("profile", "list", data_dir=tmp_path / "data")
    assert table.returncode == 0, table.stderr
    assert "2026-11-20" in table.stdout and "own-fanclub" in table.stdout


def test_check_accepts_a_valid_profile_and_says_what_to_run_next(tmp_path, mimamori):
    result = mimamori("profile", "check", "demo-fanclub", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "is a valid profile: demo-fanclub (platform fanclub)" in result.stdout
    assert "${MIMAMORI_DEMO_URL} not set; checked with a placeholder URL" in result.stdout
    assert "--live --var MIMAMORI_DEMO_URL=VALUE" in result.stdout


def test_check_missing_file_says_what_can_be_given(tmp_path, mimamori):
    result = mimamori("profile", "check", str(tmp_path / "nope.yaml"), data_dir=tmp_path)
    assert result.returncode == 1
    assert "no profile file" in result.stderr
    assert "demo-fanclub" in result.stderr and "mimamori profile list" in result.stderr


def test_check_bad_yaml_names_the_line(tmp_path, mimamori):
    path = _write(tmp_path, "bad.yaml", "name: x\nlinks:\n  - kind: listing\n   pattern: [\n")
    result = mimamori("profile", "check", str(path), data_dir=tmp_path)
    assert result.returncode == 1
    assert f"{path}:4: not valid YAML" in result.stderr
    assert "then run `mimamori profile check" in result.stderr


def test_check_unknown_field_lists_the_valid_ones(tmp_path, mimamori):
    text = FANCLUB.replace(
        "    pattern: '^/fanclub/posts/\\d+$'", "    pattern: '^/x$'\n    folow: false"
    )
    assert "folow" in text
    path = _write(tmp_path, "typo.yaml", text)
    result = mimamori("profile", "check", str(path), data_dir=tmp_path)
    assert result.returncode == 1
    assert "field `links.3.folow`: not a field here; valid fields: kind, pattern, follow" in (
        result.stderr
    )
    assert "(did you mean `follow`?)" in result.stderr


def test_check_not_utf8_and_folder_are_refused_clearly(tmp_path, mimamori):
    path = tmp_path / "sjis.yaml"
    path.write_bytes("name: 見守り\n".encode("shift_jis"))
    result = mimamori("profile", "check", str(path), data_dir=tmp_path)
    assert result.returncode == 1 and "is not UTF-8 text" in result.stderr
    folder = mimamori("profile", "check", str(tmp_path), data_dir=tmp_path)
    assert folder.returncode == 1 and "is a folder" in folder.stderr


def test_live_check_needs_the_variables_and_says_how_to_give_them(tmp_path, mimamori):
    result = mimamori(
        "profile", "check", "demo-fanclub", "--live", data_dir=tmp_path, env={"X": "1"}
    )
    assert result.returncode == 1
    assert "add --var MIMAMORI_DEMO_URL=VALUE" in result.stderr


def test_live_check_shows_what_each_field_extracted_and_marks_a_broken_selector(
    tmp_path, mimamori, demo_site
):
    broken = FANCLUB.replace('bio: {css: "div.fc-creator__bio"', 'bio: {css: "div.fc-bio-renamed"')
    assert broken != FANCLUB
    path = _write(tmp_path, "fanclub.yaml", broken)
    data_dir = tmp_path / "data"
    args = [
        "profile",
        "check",
        str(path),
        "--live",
        "--var",
        f"MIMAMORI_DEMO_URL={demo_site.base_url}",
    ]
    # Even with MIMAMORI_DB naming the operator's database, the check writes elsewhere.
    operator_db = tmp_path / "operator.sqlite3"
    result = subprocess.run(
        [*_cli(data_dir), *args, "--pages", "6", "--json"],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "MIMAMORI_DB": f"sqlite:///{operator_db}"},
    )
    assert result.returncode == 0, result.stderr
    pages = json.loads(result.stdout)["pages"]
    accounts = [p for p in pages if p["kind"] == "account"]
    assert accounts, pages
    for page in accounts:
        fields = {f["name"]: f for f in page["fields"]}
        assert fields["account.bio"]["empty"] is True
        assert fields["account.handle"]["empty"] is False
        assert fields["account.plans[0].price"]["empty"] is False
    assert len(pages) <= 6
    # Nothing of the check reaches the operator's data dir.
    assert not (data_dir / "mimamori.sqlite3").exists() and not (data_dir / "warc").exists()
    assert not operator_db.exists()

    table = mimamori(*args, "--pages", "4", data_dir=data_dir)
    assert table.returncode == 0, table.stderr
    assert "account.bio" in table.stdout and "EMPTY" in table.stdout
    summary = table.stdout.split("empty on every page checked", 1)[1]
    assert "account.bio" in summary and "account.handle" not in summary


def _cli(data_dir: Path) -> list[str]:
    return [sys.executable, "-m", "crawler.cli.main", "--data-dir", str(data_dir)]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_live_check_of_an_unreachable_site_fails_and_says_what_to_check(tmp_path, mimamori):
    text = FANCLUB.replace("politeness: {", "politeness: {obey_robots_txt: false, ").replace(
        "obey_robots_txt: true, ", ""
    )
    path = _write(tmp_path, "down.yaml", text)
    url = f"MIMAMORI_DEMO_URL=http://127.0.0.1:{_closed_port()}"
    result = mimamori("profile", "check", str(path), "--live", "--var", url, data_dir=tmp_path)
    assert result.returncode == 1
    assert "problem: http://127.0.0.1:" in result.stdout
    assert "no page could be read: the problems above say why" in result.stderr


def test_live_check_names_a_start_url_no_rule_matches(tmp_path, mimamori, demo_site):
    text = FANCLUB.replace(
        'start_urls: ["${MIMAMORI_DEMO_URL}/fanclub/"]', 'start_urls: ["${MIMAMORI_DEMO_URL}/"]'
    )
    path = _write(tmp_path, "norule.yaml", text)
    var = f"MIMAMORI_DEMO_URL={demo_site.base_url}"
    result = mimamori("profile", "check", str(path), "--live", "--var", var, data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "(no rule)" in result.stdout
    assert "no rule in `links` matches this URL" in result.stdout


@pytest.mark.browser
def test_live_check_renders_pages_the_profile_renders(tmp_path, mimamori, demo_site):
    # demo-social renders every page in Chromium and scrolls its timelines: without the
    # browser its account pages have no posts at all.
    var = f"MIMAMORI_DEMO_URL={demo_site.base_url}"
    result = mimamori(
        "profile",
        "check",
        "demo-social",
        "--live",
        "--var",
        var,
        "--pages",
        "3",
        "--json",
        data_dir=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    accounts = [p for p in json.loads(result.stdout)["pages"] if p["kind"] == "account"]
    assert accounts
    for page in accounts:
        fields = {f["name"]: f for f in page["fields"]}
        assert fields["account.posts (blocks)"]["empty"] is False
        assert int(fields["account.posts (blocks)"]["value"]) > 0
