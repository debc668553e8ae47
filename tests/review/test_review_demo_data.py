"""The review app on data the real crawler produced (`mimamori demo --no-serve`), in Chromium."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from review_helpers import LiveServer, sign_in_page
from sqlalchemy import func, select

from crawler.review.app import create_app
from crawler.review.users import create_user
from storage.config import AppConfig
from storage.db import open_database
from storage.models import AuditEntry, Decision, Flag

pytestmark = pytest.mark.browser
PASSWORD = "demo-volunteer-password"


@pytest.fixture
def crawled(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    # MIMAMORI_REVIEW_DEMO_DIR reuses a data dir an earlier `mimamori demo --no-serve` filled;
    # otherwise the shared fixture runs the demo crawl once per session.
    existing = os.environ.get("MIMAMORI_REVIEW_DEMO_DIR")
    source = Path(existing) if existing else request.getfixturevalue("demo_data_dir")
    # A copy: the demo data dir must stay as the crawl left it for other tests.
    shutil.copytree(source, tmp_path / "data")
    cfg = AppConfig.resolve(tmp_path / "data")
    db = open_database(cfg)
    create_user(db, "demo-vol", "volunteer", PASSWORD)
    with db.session() as s:
        open_flags = s.scalar(
            select(func.count())
            .select_from(Flag)
            .where(Flag.status == "new", Flag.minor_risk.is_(False))
        )
    assert open_flags, "the demo crawl flagged nothing"
    with LiveServer(create_app(cfg, database=db)) as server:
        yield server, db, open_flags
    db.dispose()


def test_volunteer_reviews_crawled_demo_data(browser, crawled) -> None:  # type: ignore[no-untyped-def]
    server, db, open_flags = crawled
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in_page(page, server.url, "demo-vol", PASSWORD)
    assert page.locator("[data-queue-row]").count() == min(open_flags, 50)
    page.screenshot(path="/tmp/review-demo-queue.png", full_page=True)

    page.keyboard.press("j")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    flag_id = int(page.url.rsplit("/", 1)[1])
    # why it was flagged, from the real detector: families with the words they matched
    assert page.locator(".why-flagged .family-chip").count() >= 1
    assert page.locator(".why-flagged .found-words li").count() >= 1
    assert page.locator("mark.hl").count() >= 1  # matched words highlighted in the scraped text
    assert page.locator("img.evidence-img[src]").count() == 0  # nothing loaded before asked
    page.keyboard.press("i")
    page.wait_for_load_state("networkidle")
    page.screenshot(path="/tmp/review-demo-item.png", full_page=True)
    account_link = page.locator("a", has_text="Account page and timeline")
    with page.expect_navigation():
        account_link.click()
    assert page.locator("ol.timeline li").count() >= 2
    page.screenshot(path="/tmp/review-demo-account.png", full_page=True)
    page.go_back()
    with page.expect_navigation():
        page.keyboard.press("c")
    with db.session() as s:
        assert s.scalar(select(Decision.decision).where(Decision.flag_id == flag_id)) == "confirm"
        assert s.get(Flag, flag_id).status == "in_review"
        viewed = s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "view_evidence")
        )
    assert viewed >= 2
    assert dialogs == [] and errors == []
    context.close()
