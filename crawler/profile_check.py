"""`mimamori profile check --live`: a handful of pages through the real crawl engine, and
what each of the profile's selectors extracted on them.

The pages go through the same middlewares, rendering and spider as a crawl
(docs/architecture.md, "Crawl engine"), so what the check shows is what a crawl would read.
Nothing reaches the operator's store: the run writes into a throwaway data dir that is
deleted afterwards, items are dropped (no store pipeline) and media are not fetched.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.settings import Settings

from crawler.runtime import RunState, attach
from crawler.settings import crawler_process, profile_settings
from spiders.contract import RULE_META
from spiders.field_report import FieldResult, PageReport, page_report
from spiders.links_out import url_groups
from spiders.profile import LinkRule, MediaOptions, Profile, ScreenshotOptions
from spiders.profile_spider import ProfileSpider
from storage.config import AppConfig
from storage.db import open_database

# Pages of one link rule looked at: a second page shows whether the first was typical.
PAGES_PER_RULE = 2


@dataclass
class LiveReport:
    pages: list[PageReport] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class CheckSpider(ProfileSpider):
    """The profile's spider, bounded to a few pages of each kind, reporting every selector."""

    def __init__(self, profile: Profile, *, report: LiveReport, max_pages: int, **kw: Any):
        super().__init__(profile, **kw)
        self.report = report
        self.max_pages = max_pages
        searches = len(profile.search.keywords) if profile.search is not None else 0
        self.scheduled = len(profile.start_urls) + searches
        self.per_rule: Counter[int | None] = Counter()
        self.requested = set(profile.start_urls)
        self.matching_links = 0

    # Extra arguments (values carried between pages, the rendered page's API responses) pass
    # through unchanged to the profile spider.
    def _extract(
        self,
        rule: LinkRule | None,
        url: str,
        sel: Any,
        data: Any,
        evidence: list[str],
        *args: Any,
        **kwargs: Any,
    ):
        page = page_report(
            self.profile, rule, url, sel=sel, data=data, groups=url_groups(rule, url)
        )
        self.report.pages.append(page)
        self.matching_links = 0
        yield from super()._extract(rule, url, sel, data, evidence, *args, **kwargs)
        page.fields.append(_links_result(self.matching_links, rule))

    def _requests_out(
        self, rule: LinkRule | None, url: str, sel: Any, data: Any, *args: Any, **kwargs: Any
    ) -> Iterator[Request]:
        for request in super()._requests_out(rule, url, sel, data, *args, **kwargs):
            self.matching_links += 1
            index = request.meta.get(RULE_META)
            if (
                request.url in self.requested
                or self.scheduled >= self.max_pages
                or self.per_rule[index] >= PAGES_PER_RULE
            ):
                continue
            self.requested.add(request.url)
            self.per_rule[index] += 1
            self.scheduled += 1
            yield request


def _links_result(matching: int, rule: LinkRule | None) -> FieldResult:
    """Links on the page that some rule matches. None on a listing page, whose only purpose
    is its links, is as broken as an empty selector."""
    name = "links matching a rule"
    if rule is not None and not rule.follow:
        return FieldResult(name, "(not followed: follow: false)", False)
    empty = matching == 0 and (rule is None or rule.kind == "listing")
    return FieldResult(name, "(none)" if matching == 0 else str(matching), empty)


def checked_profile(profile: Profile) -> Profile:
    """The profile as the check runs it: no media fetching, no screenshots."""
    return profile.model_copy(
        update={"media": MediaOptions(fetch=False), "screenshots": ScreenshotOptions(enabled=False)}
    )


def live_check(profile: Profile, *, max_pages: int = 8, log_level: str = "CRITICAL") -> LiveReport:
    """Fetch up to `max_pages` pages from the profile's start URLs and report what its
    selectors extract on each; the operator's data dir is never opened. The engine's own
    log is quiet by default: what went wrong is read back from the run's recorded errors."""
    report = LiveReport()
    profile = checked_profile(profile)
    with tempfile.TemporaryDirectory(prefix="mimamori-check-") as scratch:
        # Its own SQLite file whatever MIMAMORI_DB says (never the operator's database), and
        # no trusted timestamps: nothing of a throwaway run is evidence.
        scratch_db = f"sqlite:///{Path(scratch) / 'check.sqlite3'}"
        cfg = replace(AppConfig.resolve(scratch, scratch_db), tsa_urls=(), tsa_cert_files=())
        database = open_database(cfg)
        try:
            process = crawler_process(log_level)
            state = RunState.open(cfg, profile, database, triggered_by="profile-check")
            settings = profile_settings(profile, log_level=log_level)
            settings["ITEM_PIPELINES"] = {}
            crawler = Crawler(CheckSpider, Settings(settings))
            attach(crawler, state)
            process.crawl(crawler, profile=profile, report=report, max_pages=max_pages)
            process.start()
            report.problems.extend(_run_errors(database, state.run_id))
        finally:
            database.dispose()
    return report


def _run_errors(database: Any, run_id: int) -> list[str]:
    """Failures the engine recorded (HTTP errors, refusals, timeouts), one line each."""
    from sqlalchemy import select

    from storage.models import CrawlError

    with database.session() as session:
        rows = session.scalars(select(CrawlError).where(CrawlError.run_id == run_id)).all()
        return [f"{row.url}: {row.kind}: {row.message}" for row in rows]
