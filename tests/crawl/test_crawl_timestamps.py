"""A crawl gets trusted time at its end without ever depending on it: with no authority
it works and `verify --store` says local clock only; with one authority down and one
up it finishes, records the failure and the other authority's tokens verify."""

from __future__ import annotations

import socket
import textwrap
from pathlib import Path

from sqlalchemy import select

from storage.config import AppConfig
from storage.db import Database
from storage.models import TimestampToken


def _profile(tmp_path: Path, base_url: str) -> Path:
    profile = tmp_path / "tiny.yaml"
    profile.write_text(
        textwrap.dedent(
            f"""\
            name: tiny-lab
            platform: lab
            display_name: Tiny lab
            start_urls: ["{base_url}/robots.txt"]
            allow_private_addresses: true
            politeness: {{obey_robots_txt: false, download_delay: 0}}
            health: {{min_accounts: 0}}
            links:
              - kind: listing
                pattern: '^/nothing-here/'
            """
        )
    )
    return profile


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_crawl_without_authority_says_local_clock_only(tmp_path: Path, demo_site, mimamori):
    data_dir = tmp_path / "data"
    env = {"MIMAMORI_TSA_URLS": "", "MIMAMORI_TSA_CERTS": ""}
    crawl = mimamori(
        "crawl", str(_profile(tmp_path, demo_site.base_url)), "--no-progress",
        data_dir=data_dir, env=env, timeout=120,
    )  # fmt: skip
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    verify = mimamori("verify", "--store", data_dir=data_dir, env=env)
    assert verify.returncode == 0, verify.stdout + verify.stderr[-2000:]
    assert "no trusted timestamp (local clock only)" in verify.stdout


def test_crawl_with_one_authority_down_finishes_and_records_it(
    tmp_path: Path, demo_site, mimamori, timestamp_authority
):
    data_dir = tmp_path / "data"
    down = f"http://127.0.0.1:{_closed_port()}/tsr"
    env = {
        "MIMAMORI_TSA_URLS": f"{down} {timestamp_authority.url}",
        "MIMAMORI_TSA_CERTS": str(timestamp_authority.ca_file),
    }
    crawl = mimamori(
        "crawl", str(_profile(tmp_path, demo_site.base_url)), "--no-progress",
        data_dir=data_dir, env=env, timeout=120,
    )  # fmt: skip
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    database = Database(AppConfig.resolve(data_dir).db_url, migrate=False)
    with database.session() as session:
        rows = list(session.scalars(select(TimestampToken).order_by(TimestampToken.id)))
    database.dispose()
    kinds = [(r.subject_kind, r.authority_url, r.status) for r in rows]
    assert ("warc_file", down, "failed") in kinds
    assert ("warc_file", timestamp_authority.url, "granted") in kinds
    assert ("chain_head", down, "failed") in kinds
    assert ("chain_head", timestamp_authority.url, "granted") in kinds
    assert all(r.token_file and Path(r.token_file).is_file() for r in rows if r.token)

    verify = mimamori("verify", "--store", data_dir=data_dir, env=env)
    assert verify.returncode == 0, verify.stdout + verify.stderr[-2000:]
    assert "token(s) verified" in verify.stdout
    assert "authority unavailable" in verify.stdout
