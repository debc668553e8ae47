"""Link-in-bio pages followed one hop from a bio (profile `link_in_bio`), through a real crawl.

One crawl of the demo fan club with pages standing in for link-in-bio pages
(lab_profiles/lab-link-in-bio.yaml): a creator's post list, whose links must be kept with the
account "via" it, and the members-only page robots.txt forbids, whose failure must not lose the
account. Account pages sit at the profile's depth limit, so the hop is past it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator

from crawler.demo_site import DemoSite, build_world
from storage.config import AppConfig
from storage.db import Database
from storage.models import Account, Capture, CrawlError, EvidenceLink

PROFILE = Path(__file__).parent / "lab_profiles" / "lab-link-in-bio.yaml"
WORLD = build_world(1)


@pytest.fixture(scope="module")
def crawled(
    mimamori, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Database, Path]]:
    data_dir = tmp_path_factory.mktemp("link-in-bio")
    with DemoSite(day=1) as site:
        result = mimamori(
            "crawl",
            str(PROFILE),
            "--json",
            "--no-progress",
            data_dir=data_dir,
            env={"MIMAMORI_DEMO_URL": site.base_url},
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
        [summary] = json.loads(result.stdout)
        assert summary["summary"]["accounts"] == 7, summary
    database = Database(AppConfig.resolve(data_dir).db_url)
    yield site.base_url, database, data_dir
    database.dispose()


def _account(database: Database, handle: str) -> Account:
    with database.session() as session:
        found = session.scalar(select(Account).where(Account.handle == handle))
        assert found is not None, f"{handle} was not stored"
        session.expunge(found)
        return found


def test_links_on_the_page_are_kept_with_the_account_via_that_page(crawled) -> None:
    base, database, _ = crawled
    acc = _account(database, "request_yakata")
    page = f"{base}/fanclub/creators/request_yakata/posts"
    world_acc = WORLD.account("fanclub", "request_yakata")
    assert world_acc is not None
    newest = [f"{base}{p.path}" for p in world_acc.posts[:5]]
    via = [link for link in acc.links if isinstance(link, dict)]
    assert via == [{"url": url, "via": page} for url in newest]
    # The bio's own links stay as they were, first and as plain URLs.
    assert acc.links[: len(world_acc.links)] == [
        link.url if not link.url.startswith("/") else base + link.url for link in world_acc.links
    ]


def test_the_page_is_captured_and_is_evidence_of_the_account(crawled) -> None:
    base, database, data_dir = crawled
    acc = _account(database, "request_yakata")
    page = f"{base}/fanclub/creators/request_yakata/posts"
    with database.session() as session:
        capture = session.scalar(select(Capture).where(Capture.url == page))
        assert capture is not None and capture.status == 200 and capture.kind == "response"
        linked = session.scalars(
            select(EvidenceLink.account_id).where(EvidenceLink.capture_id == capture.id)
        ).all()
        assert linked == [acc.id]
        warc, offset = capture.warc_file, capture.warc_offset
    assert warc is not None and offset is not None
    assert _warc_record_url(data_dir / "warc" / warc, offset) == page


def test_a_failed_hop_keeps_the_account_and_is_recorded(crawled) -> None:
    base, database, _ = crawled
    acc = _account(database, "ura_request_room")
    private = f"{base}/fanclub/private/room-7"
    assert acc.links == [private]
    with database.session() as session:
        errors = session.scalars(select(CrawlError).where(CrawlError.url == private)).all()
        assert [e.kind for e in errors] == ["robots_forbidden"]
        assert session.scalar(select(Capture).where(Capture.url == private)) is None


def test_accounts_without_such_links_have_only_their_own(crawled) -> None:
    _, database, _ = crawled
    with database.session() as session:
        accounts = session.scalars(select(Account)).all()
        handles = sorted(a.handle for a in accounts)
        with_via = sorted(a.handle for a in accounts if any(isinstance(x, dict) for x in a.links))
    page_one = [a.handle for a in WORLD.accounts_on("fanclub")[:6]]
    assert handles == sorted([*page_one, "ura_request_room"])
    assert with_via == ["request_yakata"]


def _warc_record_url(path: Path, offset: int) -> str:
    with path.open("rb") as stream:
        stream.seek(offset)
        record = next(iter(ArchiveIterator(stream)))
        assert record.rec_type == "response"
        return record.rec_headers.get_header("WARC-Target-URI") or ""
